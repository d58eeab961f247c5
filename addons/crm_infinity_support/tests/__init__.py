from . import test_ticket
from . import test_access
from . import test_routing
from . import test_preview
from . import test_kpi
from . import test_search
from . import test_archive
from . import test_quote
