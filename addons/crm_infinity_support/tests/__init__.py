from . import test_ticket
from . import test_access
