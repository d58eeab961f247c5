from odoo import fields, models


class CrmLead(models.Model):
    """A deal remembers the nominativo it was promoted from (SPEC M9)."""

    _inherit = 'crm.lead'

    crm_nominativo_id = fields.Many2one('crm.infinity.nominativo', string='Nominativo',
                                        index=True, ondelete='set null', readonly=True)
