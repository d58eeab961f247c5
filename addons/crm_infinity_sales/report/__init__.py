from . import crm_infinity_deal_report
from . import crm_infinity_roi_report
from . import crm_infinity_target_report
