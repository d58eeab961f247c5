from . import test_gantt
from . import test_projects_reports
