from . import test_campaign
from . import test_lists
from . import test_list_work
from . import test_monitor
from . import test_marketing_menus
from . import test_b2_marketing
