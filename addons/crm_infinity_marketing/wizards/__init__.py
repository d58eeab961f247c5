from . import crm_infinity_nominativo_import
from . import crm_infinity_nominativo_promote
from . import crm_infinity_call_list_add
from . import crm_infinity_mailing_preview
from . import mail_mass_mailing_test
from . import crm_infinity_list_confirm
from . import crm_infinity_list_work
