from . import crm_infinity_offer_generate
