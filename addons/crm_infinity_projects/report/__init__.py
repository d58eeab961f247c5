from . import gantt_report
from . import management_report
