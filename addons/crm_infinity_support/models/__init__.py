from . import res_partner
from . import crm_infinity_ticket_stage
from . import crm_infinity_ticket_category
from . import crm_infinity_service_center
from . import crm_infinity_operator_group
from . import crm_infinity_ticket
