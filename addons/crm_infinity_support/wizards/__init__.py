from . import crm_infinity_ticket_split_wizard
