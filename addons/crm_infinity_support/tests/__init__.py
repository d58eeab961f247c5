from . import test_kb
from . import test_feedback
from . import test_portal
