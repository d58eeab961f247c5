from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmInfinityTestRecord(models.Model):
    _name = 'crm.infinity.test.record'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'crm.infinity.routing.mixin',
                'crm.infinity.causale.mixin']
    _description = 'CRM Infinity test record'

    _primanota_tracked_fields = ['state', 'user_id', 'priority', 'team_id']
    _crm_assignee_field = 'assignee_id'
    _routing_value_field = 'amount'
    _routing_text_fields = ['name', 'description']

    name = fields.Char(required=True)
    user_id = fields.Many2one('res.users', string='Owner', default=lambda self: self.env.uid)
    assignee_id = fields.Many2one('res.users', string='Assignee')
    partner_id = fields.Many2one('res.partner')
    team_id = fields.Many2one('crm.team')
    state = fields.Selection([('draft', 'Draft'), ('open', 'Open'), ('done', 'Done')],
                             default='draft')
    priority = fields.Selection([('0', 'Normal'), ('1', 'High'), ('3', 'Urgent')], default='0')
    amount = fields.Float()
    # what the routing rules look at
    description = fields.Text()
    zip = fields.Char()
    country_id = fields.Many2one('res.country')
    state_id = fields.Many2one('res.country.state')
    product_ids = fields.Many2many('product.product', 'crm_infinity_test_record_product_rel',
                                   'record_id', 'product_id')
    source_id = fields.Many2one('utm.source')
    campaign_id = fields.Many2one('utm.campaign')
    tag_ids = fields.Many2many('res.partner.category', 'crm_infinity_test_record_tag_rel',
                               'record_id', 'tag_id')

    @api.model
    def _routing_open_domain(self):
        return [('state', '!=', 'done')]

    def _causale_mark_done(self, causale, values):
        self.write({'state': 'done', 'amount': 100.0})

    def _causale_fail(self, causale, values):
        raise UserError('management system unreachable')

    def _causale_crash(self, causale, values):
        raise ZeroDivisionError('boom')

    def helper_not_for_causali(self, causale, values):
        self.write({'state': 'done'})
