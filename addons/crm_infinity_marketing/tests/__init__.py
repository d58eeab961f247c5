from . import test_campaign
from . import test_lists
from . import test_list_work
from . import test_monitor
