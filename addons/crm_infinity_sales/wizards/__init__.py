from . import crm_infinity_visit_plan_wizard
