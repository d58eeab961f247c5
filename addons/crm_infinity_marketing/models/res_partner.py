from odoo import fields, models


class ResPartner(models.Model):
    """Contacts keep the privacy consents carried over from their nominativo (SPEC M7, M9)."""

    _inherit = 'res.partner'

    crm_consent_ids = fields.One2many('crm.infinity.consent', 'partner_id', string='Consents')
    crm_nominativo_ids = fields.One2many('crm.infinity.nominativo', 'partner_id',
                                         string='Nominativi')
