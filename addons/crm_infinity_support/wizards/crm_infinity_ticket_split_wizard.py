from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CrmInfinityTicketSplitWizard(models.TransientModel):
    """Derive one or more tickets from one (SPEC T9)."""

    _name = 'crm.infinity.ticket.split.wizard'
    _description = 'Split a ticket'

    ticket_id = fields.Many2one('crm.infinity.ticket', string='Ticket', required=True,
                                ondelete='cascade')
    center_id = fields.Many2one(related='ticket_id.center_id', readonly=True)
    line_ids = fields.One2many('crm.infinity.ticket.split.wizard.line', 'wizard_id',
                               string='New tickets')

    @api.multi
    def action_split(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(_('Add at least one ticket to derive.'))
        self.ticket_id.check_access_rule('write')
        children = self.ticket_id._split([{
            'name': line.name, 'center_id': line.center_id.id, 'category_id': line.category_id.id,
            'user_id': line.user_id.id, 'description': line.description,
        } for line in self.line_ids])
        action = self.ticket_id.action_view_children()
        action['domain'] = [('id', 'in', children.ids)]
        return action


class CrmInfinityTicketSplitWizardLine(models.TransientModel):
    _name = 'crm.infinity.ticket.split.wizard.line'
    _description = 'Ticket to derive'

    wizard_id = fields.Many2one('crm.infinity.ticket.split.wizard', required=True,
                                ondelete='cascade')
    name = fields.Char('Subject', required=True)
    center_id = fields.Many2one('crm.infinity.service.center', string='Service center',
                                required=True)
    category_id = fields.Many2one('crm.infinity.ticket.category', string='Category',
                                  domain="['|', ('center_id', '=', False), ('center_id', '=', center_id)]")
    user_id = fields.Many2one('res.users', string='Operator')
    description = fields.Html()
