from . import main
from . import portal_chatter
from . import safe_defaults
from . import scadenze
