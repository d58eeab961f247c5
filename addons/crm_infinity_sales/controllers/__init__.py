from . import portal_offer
