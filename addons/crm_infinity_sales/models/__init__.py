from . import crm_infinity_classifier
from . import crm_infinity_deal_status
from . import crm_lead
from . import crm_lead_quote
from . import sale_order_quote
from . import res_partner_b2
from . import res_users_b2
from . import crm_infinity_directory
