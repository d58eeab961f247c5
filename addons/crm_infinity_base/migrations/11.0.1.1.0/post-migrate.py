"""11.0.1.1.0: keyed primanota (HMAC lines, signed chain heads). The lines already written stay
version 1 (plain SHA-256, verified as before); each of their chains gets a signed head."""
from odoo.addons.crm_infinity_base.models.crm_infinity_primanota import anchor_existing_chains


def migrate(cr, version):
    if version:
        anchor_existing_chains(cr)
