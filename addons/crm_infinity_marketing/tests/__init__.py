from . import test_send
from . import test_send_concurrency
from . import test_bounce
from . import test_tracking
