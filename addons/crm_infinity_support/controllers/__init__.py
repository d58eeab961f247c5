from . import kb
from . import portal
from . import rating
from . import website
