from . import crm_infinity_list_confirm
from . import crm_infinity_list_work
