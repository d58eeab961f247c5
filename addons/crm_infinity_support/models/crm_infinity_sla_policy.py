from odoo import api, fields, models

from .crm_infinity_ticket import PRIORITIES

SYNC_LIMIT = 500  # beyond, open tickets are matched again by the scheduled action, in batches


class CrmInfinitySlaPolicy(models.Model):
    """Service levels a service center promises to a kind of tickets (SPEC T10): which tickets
    (priority, category and its sub-categories, customer, product) and which targets, counted
    in working hours of the center's calendar. The first matching policy by sequence applies."""

    _name = 'crm.infinity.sla.policy'
    _description = 'SLA policy'
    _order = 'center_id, sequence, id'

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10, help='Policies are tried in this order: the first '
                                                'matching the ticket applies.')
    center_id = fields.Many2one('crm.infinity.service.center', string='Service center',
                                required=True, index=True, ondelete='cascade')
    company_id = fields.Many2one(related='center_id.company_id', store=True, readonly=True)
    description = fields.Text(translate=True)
    priority = fields.Selection(PRIORITIES, help='Leave empty for every priority.')
    category_ids = fields.Many2many('crm.infinity.ticket.category',
                                    'crm_infinity_sla_policy_category_rel', 'policy_id',
                                    'category_id', string='Categories',
                                    help='Tickets of these categories or of their sub-categories. '
                                         'Leave empty for every category.')
    partner_ids = fields.Many2many('res.partner', 'crm_infinity_sla_policy_partner_rel',
                                   'policy_id', 'partner_id', string='Customers',
                                   domain=[('is_company', '=', True)],
                                   help='Tickets of the contacts of these customers. Leave empty '
                                        'for every customer.')
    product_ids = fields.Many2many('product.product', 'crm_infinity_sla_policy_product_rel',
                                   'policy_id', 'product_id', string='Products',
                                   help='Leave empty for every product.')
    target_ids = fields.One2many('crm.infinity.sla.target', 'policy_id', string='Targets',
                                 copy=True)
    ticket_sla_ids = fields.One2many('crm.infinity.ticket.sla', 'policy_id', string='Ticket SLAs')
    ticket_sla_count = fields.Integer('Ticket SLAs', compute='_compute_ticket_sla_count')
    ticket_refresh_count = fields.Integer('Tickets to update', compute='_compute_ticket_sla_count',
                                          help='Open tickets of the service center waiting for '
                                               'the scheduled action to apply the policies again.')

    @api.multi
    def _compute_ticket_sla_count(self):
        data = self.env['crm.infinity.ticket.sla'].read_group(
            [('policy_id', 'in', self.ids)], ['policy_id'], ['policy_id'])
        counts = {row['policy_id'][0]: row['policy_id_count'] for row in data}
        pending = {row['center_id'][0]: row['center_id_count'] for row in self.env[
            'crm.infinity.ticket'].read_group([('center_id', 'in', self.mapped('center_id').ids),
                                              ('sla_refresh', '=', True)],
                                             ['center_id'], ['center_id'])}
        for policy in self:
            policy.ticket_sla_count = counts.get(policy.id, 0)
            policy.ticket_refresh_count = pending.get(policy.center_id.id, 0)

    @api.multi
    def action_apply_open_tickets(self):
        """Match again the open tickets of the policies' centers (after a policy changed): new
        targets start running from the ticket's opening, met and failed ones are kept. Beyond
        ``SYNC_LIMIT`` tickets the scheduled action does it in batches (see the counter).
        Only who may change the policies (support managers) does it: tickets are updated as
        superuser."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        Ticket = self.env['crm.infinity.ticket'].sudo()
        tickets = Ticket.search([('center_id', 'in', self.mapped('center_id').ids),
                                 ('state', 'not in', ('solved', 'closed'))])
        if len(tickets) > SYNC_LIMIT:
            tickets._sla_refresh_later()
        else:
            tickets._sla_apply(refresh=True)
        return True

    @api.multi
    def action_view_ticket_slas(self):
        self.ensure_one()
        action = self.env.ref('crm_infinity_support.crm_infinity_ticket_sla_action').read()[0]
        action['domain'] = [('policy_id', '=', self.id)]
        action['context'] = {}
        return action

