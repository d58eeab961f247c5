from . import crm_infinity_task_notify
