from . import crm_infinity_campaign_cost
from . import utm_campaign
from . import crm_infinity_list_member
from . import mail_mass_mailing_list
from . import mail_mass_mailing_confirm
from . import mail_mass_mailing_monitor
