from . import kb
from . import portal
from . import rating
