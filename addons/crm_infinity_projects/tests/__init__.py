from . import test_gantt
from . import test_projects_reports
from . import test_activity
from . import test_b2
from . import test_commessa
from . import test_deadline
from . import test_demo
