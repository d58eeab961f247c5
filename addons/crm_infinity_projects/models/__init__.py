from . import res_users
from . import project_project
from . import project_task
from . import sale_order
from . import account_analytic_line_assignee
from . import crm_infinity_demo
