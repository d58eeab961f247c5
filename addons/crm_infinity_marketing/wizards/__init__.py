from . import crm_infinity_list_confirm
