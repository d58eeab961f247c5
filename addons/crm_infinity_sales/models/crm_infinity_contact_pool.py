from datetime import date

from odoo import _, api, fields, models

from ..dashboards import visits


class CrmInfinityContactPool(models.Model):
    """The contact pool (parco contatti, SPEC S9): the companies and people a salesperson has to
    visit, how often, when he last went and when the next visit is due."""

    _name = 'crm.infinity.contact.pool'
    _description = 'Contact pool entry'
    _order = 'next_visit_date, id'
    _rec_name = 'partner_id'

    user_id = fields.Many2one('res.users', string='Salesperson', required=True, index=True,
                              ondelete='cascade', default=lambda self: self.env.user)
    partner_id = fields.Many2one('res.partner', string='Contact', required=True, index=True,
                                 ondelete='cascade')
    active = fields.Boolean(default=True)
    visit_frequency_days = fields.Integer(
        'Visit every (days)', default=30,
        help='Days between two visits; 0 for a contact with no periodic visit.')
    last_visit_date = fields.Date('Last visit', index=True)
    next_visit_date = fields.Date('Next visit due', compute='_compute_next_visit_date',
                                  store=True, index=True)
    note = fields.Text()
    street = fields.Char(related='partner_id.street', readonly=True)
    city = fields.Char(related='partner_id.city', readonly=True)
    state_id = fields.Many2one(related='partner_id.state_id', readonly=True)
    phone = fields.Char(related='partner_id.phone', readonly=True)
    is_company = fields.Boolean(related='partner_id.is_company', readonly=True)
    event_ids = fields.One2many('calendar.event', 'crm_pool_id', string='Visits')
    planned_visit_count = fields.Integer('Planned visits', compute='_compute_planned_visit_count')
    color = fields.Integer()

    _sql_constraints = [
        ('user_partner_uniq', 'unique(user_id, partner_id)',
         'The contact is already in the pool of this salesperson.'),
    ]

    @api.depends('last_visit_date', 'visit_frequency_days', 'create_date')
    def _compute_next_visit_date(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        for entry in self:
            first_due = fields.Date.from_string(entry.create_date[:10]) if entry.create_date \
                else today
            due = visits.next_visit_due(fields.Date.from_string(entry.last_visit_date),
                                        entry.visit_frequency_days, first_due=first_due)
            entry.next_visit_date = fields.Date.to_string(due) if due else False

    @api.multi
    def _compute_planned_visit_count(self):
        now = fields.Datetime.now()
        groups = self.env['calendar.event'].read_group(
            [('crm_pool_id', 'in', self.ids), ('start', '>=', now),
             ('crm_visit_done', '=', False)], ['crm_pool_id'], ['crm_pool_id'])
        counts = {g['crm_pool_id'][0]: g['crm_pool_id_count'] for g in groups}
        for entry in self:
            entry.planned_visit_count = counts.get(entry.id, 0)

    @api.multi
    def action_plan_visits(self):
        """Open the visit planning (giro visite) on the selected pool entries."""
        return {
            'type': 'ir.actions.act_window',
            'name': _('Plan visits'),
            'res_model': 'crm.infinity.visit.plan.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_pool_ids': [(6, 0, self.ids)],
                        'default_user_id': (self[:1].user_id or self.env.user).id},
        }

    @api.multi
    def action_register_visit(self):
        """Record a visit made today (outside the calendar)."""
        self.register_visit(fields.Date.context_today(self))

    @api.multi
    def action_view_visits(self):
        self.ensure_one()
        action = self.env.ref('crm_infinity_sales.crm_infinity_visit_action').read()[0]
        action['domain'] = [('crm_pool_id', '=', self.id)]
        action['context'] = {'default_crm_pool_id': self.id}
        return action

    @api.multi
    def register_visit(self, visit_date):
        """Move the last-visit date to ``visit_date`` (never backwards)."""
        day = visit_date if isinstance(visit_date, date) else fields.Date.from_string(visit_date)
        for entry in self:
            last = visits.latest_visit(fields.Date.from_string(entry.last_visit_date), day)
            if fields.Date.to_string(last) != entry.last_visit_date:
                entry.last_visit_date = fields.Date.to_string(last)
