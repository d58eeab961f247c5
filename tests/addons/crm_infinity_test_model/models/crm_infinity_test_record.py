from odoo import fields, models
from odoo.exceptions import UserError


class CrmInfinityTestRecord(models.Model):
    _name = 'crm.infinity.test.record'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'crm.infinity.causale.mixin']
    _description = 'CRM Infinity test record'

    _primanota_tracked_fields = ['state', 'user_id', 'priority', 'team_id']
    _crm_assignee_field = 'assignee_id'

    name = fields.Char(required=True)
    user_id = fields.Many2one('res.users', string='Owner', default=lambda self: self.env.uid)
    assignee_id = fields.Many2one('res.users', string='Assignee')
    partner_id = fields.Many2one('res.partner')
    team_id = fields.Many2one('crm.team')
    state = fields.Selection([('draft', 'Draft'), ('open', 'Open'), ('done', 'Done')],
                             default='draft')
    priority = fields.Selection([('0', 'Normal'), ('1', 'High'), ('3', 'Urgent')], default='0')
    amount = fields.Float()

    def causale_mark_done(self, causale, values):
        self.write({'state': 'done', 'amount': 100.0})

    def causale_fail(self, causale, values):
        raise UserError('management system unreachable')

    def causale_crash(self, causale, values):
        raise ZeroDivisionError('boom')

    def helper_not_for_causali(self, causale, values):
        self.write({'state': 'done'})
