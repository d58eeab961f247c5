from . import test_import
from . import test_nominativo_access
from . import test_promotion
