from . import crm_infinity_cost_restatement
