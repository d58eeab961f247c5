from . import crm_infinity_blacklist
from . import mail_mail_statistics
from . import mail_mass_mailing
