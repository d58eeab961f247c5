from . import crm_infinity_blacklist
from . import mail_mail_statistics
from . import mail_mass_mailing
from . import crm_infinity_nominativo
from . import crm_infinity_consent
from . import crm_lead
from . import res_partner
