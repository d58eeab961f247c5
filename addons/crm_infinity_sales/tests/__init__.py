from . import test_access
from . import test_deal
from . import test_deal_line
from . import test_sicurweb
from . import test_conversion
from . import test_quotes
from . import test_b2_companies
from . import test_offer
