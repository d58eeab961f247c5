from . import crm_infinity_hourly_rate
from . import crm_infinity_extra_cost
from . import account_analytic_line
from . import project_cost
from . import calendar_event
from . import crm_infinity_demo_costs
from . import crm_infinity_gantt
from . import crm_infinity_projects_report
