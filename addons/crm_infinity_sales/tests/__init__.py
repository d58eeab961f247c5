from . import test_access
from . import test_deal
from . import test_contact_pool
from . import test_dashboard
from . import test_customer_card
