from . import test_costs
from . import test_invoicing
from . import test_events
from . import test_activity
from . import test_b2
from . import test_commessa
from . import test_invoicing_concurrency
