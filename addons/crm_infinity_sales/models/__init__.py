from . import crm_infinity_classifier
from . import crm_infinity_deal_status
from . import crm_lead
from . import crm_infinity_offer_template
from . import crm_infinity_offer_layout
from . import crm_infinity_offer_report
from . import sale_order_offer
