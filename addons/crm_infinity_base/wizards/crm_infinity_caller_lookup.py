from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class CrmInfinityCallerLookup(models.TransientModel):
    """The landing page of a call from an unknown number (SPEC B12)."""

    _name = 'crm.infinity.caller.lookup'
    _description = 'Incoming call'

    number = fields.Char(readonly=True)
    number_display = fields.Char('Number', readonly=True)
    partner_ids = fields.Many2many('res.partner', string='Contacts with this number', readonly=True)

    @api.model
    def create(self, values):
        """Incoming calls are taken by employees: a portal user, who may create any transient
        record over RPC, gets nothing here."""
        if not self.env.user.has_group('base.group_user'):
            raise AccessError(_('Only employees can look up a caller.'))
        return super().create(values)

    @api.multi
    def action_create_contact(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window', 'res_model': 'res.partner', 'view_mode': 'form',
            'name': _('New contact'),
            'context': {'default_phone': self.number_display or self.number},
        }
