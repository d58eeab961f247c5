from . import crm_infinity_offer_generate
from . import crm_infinity_visit_plan_wizard
