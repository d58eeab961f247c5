from . import test_costs
from . import test_invoicing
from . import test_events
