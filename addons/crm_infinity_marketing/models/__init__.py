from . import crm_infinity_nominativo
from . import crm_infinity_consent
from . import crm_lead
from . import res_partner
