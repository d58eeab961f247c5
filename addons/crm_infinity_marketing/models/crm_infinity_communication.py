from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmInfinityCommunication(models.Model):
    """Calls of the phone channel are communications of a nominativo, who has no contact yet
    (SPEC M5): a communication belongs to a contact or to a nominativo. When the nominativo is
    promoted its communications go to the new contact."""

    _inherit = 'crm.infinity.communication'

    partner_id = fields.Many2one(required=False)
    crm_nominativo_id = fields.Many2one('crm.infinity.nominativo', string='Nominativo',
                                        index=True, ondelete='set null')
    crm_call_line_id = fields.Many2one('crm.infinity.call.list.line', string='Call',
                                       index=True, ondelete='set null')

    @api.constrains('partner_id', 'crm_nominativo_id')
    def _check_crm_subject(self):
        for communication in self:
            if not communication.partner_id and not communication.crm_nominativo_id:
                raise ValidationError(_('A communication needs a contact or a nominativo.'))
