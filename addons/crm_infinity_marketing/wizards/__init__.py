from . import crm_infinity_mailing_preview
from . import mail_mass_mailing_test
from . import crm_infinity_list_confirm
from . import crm_infinity_list_work
