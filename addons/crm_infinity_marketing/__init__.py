from . import models
<<<<<<< HEAD
from . import wizards
=======
>>>>>>> wt-mkt-send
