from . import crm_infinity_task_notify
from . import crm_infinity_cost_restatement
