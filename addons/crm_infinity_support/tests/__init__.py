from . import test_mail_gateway
from . import test_consultation
from . import test_split
from . import test_auto_rule
from . import test_concurrency
