from . import test_export
from . import test_sdi
from . import test_access
from . import test_second_pass
from . import test_deadlines
from . import test_refund_note
from . import test_timeline_index
