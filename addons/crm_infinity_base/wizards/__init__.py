from . import crm_infinity_causale_apply
from . import crm_infinity_caller_lookup
from . import crm_infinity_message_wizard
from . import crm_infinity_routing_explain
