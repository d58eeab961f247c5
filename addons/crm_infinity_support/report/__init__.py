from . import crm_infinity_ticket_report
