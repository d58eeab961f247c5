from . import test_import
from . import test_nominativo_access
from . import test_promotion
from . import test_demo_nominativi
from . import test_call_list
