from . import test_access
from . import test_deal
from . import test_offer
