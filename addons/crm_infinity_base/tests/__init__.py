from . import test_profiles
from . import test_hierarchy
from . import test_causale
from . import test_primanota
from . import test_notification
from . import test_access
from . import test_routing
from . import test_i18n_labels
