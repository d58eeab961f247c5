from . import crm_infinity_classifier
from . import crm_infinity_deal_status
from . import crm_lead
from . import crm_infinity_deal_line
from . import crm_lead_deal_line
from . import crm_lead_sicurweb
from . import crm_infinity_lead_convert_wizard
from . import res_partner_sicurweb
