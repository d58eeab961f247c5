from odoo import _, api, fields, models


class CrmInfinityCallerLookup(models.TransientModel):
    """The landing page of a call from an unknown number (SPEC B12)."""

    _name = 'crm.infinity.caller.lookup'
    _description = 'Incoming call'

    number = fields.Char(readonly=True)
    number_display = fields.Char('Number', readonly=True)
    partner_ids = fields.Many2many('res.partner', string='Contacts with this number', readonly=True)

    @api.multi
    def action_create_contact(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window', 'res_model': 'res.partner', 'view_mode': 'form',
            'name': _('New contact'),
            'context': {'default_phone': self.number_display or self.number},
        }
