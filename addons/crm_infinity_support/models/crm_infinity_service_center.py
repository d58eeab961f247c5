from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmInfinityServiceCenter(models.Model):
    """A centro servizi (SPEC T1): who may use it, who works in it, on which calendar, and the
    e-mail alias that turns incoming mail into its tickets."""

    _name = 'crm.infinity.service.center'
    _description = 'Service center'
    _inherit = ['mail.alias.mixin', 'mail.thread']
    _order = 'sequence, name'

    name = fields.Char(required=True, translate=True, track_visibility='onchange')
    code = fields.Char(required=True, help='Short code, prefix of the ticket numbers.')
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Html(translate=True)
    company_id = fields.Many2one('res.company', default=lambda self: self.env.user.company_id,
                                required=True)
    access = fields.Selection([('open', 'Open to every customer'),
                               ('reserved', 'Reserved to the enabled customers')],
                              required=True, default='open', track_visibility='onchange')
    partner_ids = fields.Many2many('res.partner', 'crm_infinity_service_center_partner_rel',
                                   'center_id', 'partner_id', string='Enabled customers',
                                   domain=[('is_company', '=', True)])
    portal_enabled = fields.Boolean('Open on the portal', default=True,
                                    help='Customers may open and follow tickets on the portal.')
    manager_id = fields.Many2one('res.users', string='Manager', track_visibility='onchange',
                                 domain=lambda self: [('groups_id', 'in', self.env.ref(
                                     'crm_infinity_base.group_crm_support_manager').id)])
    operator_ids = fields.Many2many('res.users', 'crm_infinity_service_center_operator_rel',
                                    'center_id', 'user_id', string='Operators',
                                    domain=lambda self: [('groups_id', 'in', self.env.ref(
                                        'crm_infinity_base.group_crm_support_operator').id)])
    operator_group_ids = fields.One2many('crm.infinity.operator.group', 'center_id',
                                         string='Operator groups')
    resource_calendar_id = fields.Many2one(
        'resource.calendar', string='Working hours', required=True,
        default=lambda self: self.env.user.company_id.resource_calendar_id,
        help='SLA times are counted in the working hours of this calendar, holidays excluded.')
    category_ids = fields.One2many('crm.infinity.ticket.category', 'center_id', string='Categories')
    product_ids = fields.Many2many('product.product', 'crm_infinity_service_center_product_rel',
                                   'center_id', 'product_id', string='Products supported')
    notify_enabled = fields.Boolean('Send notifications', default=True,
                                    help='Notification rules and e-mails to customers are sent '
                                         'for the tickets of this center.')
    ticket_ids = fields.One2many('crm.infinity.ticket', 'center_id', string='Tickets')
    ticket_open_count = fields.Integer('Open tickets', compute='_compute_ticket_counts')
    ticket_unassigned_count = fields.Integer('To assign', compute='_compute_ticket_counts')

    _sql_constraints = [
        ('code_uniq', 'unique(code, company_id)', 'The code of a service center must be unique.'),
    ]

    @api.multi
    def _compute_ticket_counts(self):
        Ticket = self.env['crm.infinity.ticket']
        domain = [('center_id', 'in', self.ids), ('state', 'not in', ('solved', 'closed'))]
        opened = {row['center_id'][0]: row['center_id_count']
                  for row in Ticket.read_group(domain, ['center_id'], ['center_id'])}
        free = {row['center_id'][0]: row['center_id_count']
                for row in Ticket.read_group(domain + [('user_id', '=', False)],
                                             ['center_id'], ['center_id'])}
        for center in self:
            center.ticket_open_count = opened.get(center.id, 0)
            center.ticket_unassigned_count = free.get(center.id, 0)

    @api.constrains('access', 'partner_ids')
    def _check_access(self):
        for center in self:
            if center.access == 'reserved' and not center.partner_ids:
                raise ValidationError(_('A reserved service center needs at least one enabled '
                                        'customer.'))

    @api.constrains('resource_calendar_id')
    def _check_resource_calendar(self):
        """SLA deadlines are planned in the center's working hours: a calendar without any would
        make every ticket creation of the center fail."""
        for center in self:
            center.resource_calendar_id._check_sla_working_hours()

    def get_alias_model_name(self, vals):
        return 'crm.infinity.ticket'

    def get_alias_values(self):
        values = super().get_alias_values()
        values['alias_defaults'] = {'center_id': self.id}
        return values

    @api.multi
    def _member_users(self):
        """Everyone working in these centers: manager, operators and operator group members."""
        return (self.mapped('manager_id') | self.mapped('operator_ids')
                | self.mapped('operator_group_ids.user_ids'))

    @api.multi
    def _accepts_partner(self, partner):
        """Whether ``partner`` (a contact or company) may open tickets in this center."""
        self.ensure_one()
        if self.access == 'open':
            return True
        return partner.commercial_partner_id in self.partner_ids

    @api.multi
    def action_view_tickets(self):
        self.ensure_one()
        action = self.env.ref('crm_infinity_support.crm_infinity_ticket_action').read()[0]
        action['domain'] = [('center_id', '=', self.id)]
        action['context'] = {'default_center_id': self.id, 'search_default_open': 1}
        return action
