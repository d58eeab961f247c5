from . import crm_infinity_mailing_preview
from . import mail_mass_mailing_test
