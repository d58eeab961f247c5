from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# what only a CRM administrator changes on a commessa (the manager manages the rest)
ADMIN_FIELDS = frozenset(['user_id', 'crm_sale_order_id'])

COMMESSA_STATES = [
    ('draft', 'Draft'),
    ('open', 'Open'),
    ('closed', 'Closed'),
    ('cancelled', 'Cancelled'),
]


class ProjectProject(models.Model):
    """Commesse (SPEC C1) on Odoo's projects: the company (``partner_id``), the responsabile
    commessa (``user_id``), the accepted quote it came from, team, dates, budget and status;
    causali, primanota and system events of the core engines."""

    _name = 'project.project'
    _inherit = ['project.project', 'crm.infinity.causale.mixin']

    _primanota_tracked_fields = ['user_id', 'partner_id', 'crm_state', 'crm_date_planned_end',
                                 'crm_date_actual_end', 'crm_budget_hours', 'crm_budget_amount']
    _crm_assignee_field = 'user_id'
    _crm_manager_field = 'user_id'

    crm_sale_order_id = fields.Many2one('sale.order', string='Quote of origin', index=True,
                                        copy=False, ondelete='set null',
                                        track_visibility='onchange',
                                        help='The accepted quote this commessa came from.')
    crm_member_ids = fields.Many2many('res.users', 'crm_infinity_project_member_rel',
                                      'project_id', 'user_id', string='Team')
    crm_date_start = fields.Date('Start date', index=True, track_visibility='onchange')
    crm_date_planned_end = fields.Date('Planned end', index=True, track_visibility='onchange')
    crm_date_actual_end = fields.Date('Actual end', index=True, copy=False,
                                      track_visibility='onchange')
    crm_date_doc_delivery = fields.Date('Documentation delivery', index=True,
                                        track_visibility='onchange')
    crm_date_contract_expiry = fields.Date('Contract expiry', index=True,
                                           track_visibility='onchange')
    crm_budget_hours = fields.Float('Budget (hours)', track_visibility='onchange')
    crm_budget_amount = fields.Monetary('Budget', currency_field='currency_id',
                                        track_visibility='onchange')
    crm_state = fields.Selection(COMMESSA_STATES, string='Status', required=True, index=True,
                                 default='draft', copy=False, track_visibility='onchange')
    crm_task_open_count = fields.Integer('Open activities', compute='_compute_crm_task_counts')
    crm_task_late = fields.Boolean('Late', compute='_compute_crm_late', search='_search_crm_late',
                                   help='Open after its planned end.')

    crm_over_budget = fields.Boolean('Over budget', compute='_compute_crm_over_budget',
                                     search='_search_crm_over_budget',
                                     help='More hours logged than the budget hours.')

    @api.multi
    def _compute_crm_task_counts(self):
        rows = self.env['project.task'].read_group(
            [('project_id', 'in', self.ids), ('crm_state', 'not in', ('done', 'cancelled'))],
            ['project_id'], ['project_id'])
        counts = {row['project_id'][0]: row['project_id_count'] for row in rows}
        for project in self:
            project.crm_task_open_count = counts.get(project.id, 0)

    @api.depends('crm_state', 'crm_date_planned_end')
    def _compute_crm_late(self):
        today = fields.Date.context_today(self)
        for project in self:
            project.crm_task_late = bool(project.crm_state in ('draft', 'open')
                                         and project.crm_date_planned_end
                                         and project.crm_date_planned_end < today)

    @api.model
    def _search_crm_late(self, operator, value):
        today = fields.Date.context_today(self)
        late = ['&', ('crm_state', 'in', ('draft', 'open')), ('crm_date_planned_end', '<', today)]
        if (operator == '=') == bool(value):
            return late
        return ['!'] + late

    @api.multi
    def _compute_crm_over_budget(self):
        over = set(self._crm_over_budget_ids(self.ids))
        for project in self:
            project.crm_over_budget = project.id in over

    @api.model
    def _search_crm_over_budget(self, operator, value):
        ids = self._crm_over_budget_ids()
        positive = (operator == '=') == bool(value)
        return [('id', 'in' if positive else 'not in', ids)]

    @api.model
    def _crm_over_budget_ids(self, ids=None):
        """The commesse with more hours logged on their activities than their budget hours
        (the costing part of the addon adds the budget in money)."""
        query = """SELECT p.id FROM project_project p
                     JOIN project_task t ON t.project_id = p.id
                    WHERE p.crm_budget_hours > 0 {}
                 GROUP BY p.id, p.crm_budget_hours
                   HAVING SUM(t.effective_hours) > p.crm_budget_hours"""
        if ids is not None:
            if not ids:
                return []
            self.env.cr.execute(query.format('AND p.id IN %s'), [tuple(ids)])
        else:
            self.env.cr.execute(query.format(''))
        return [row[0] for row in self.env.cr.fetchall()]

    @api.constrains('user_id')
    def _check_crm_manager_profile(self):
        for project in self.filtered('user_id'):
            if not project.user_id.has_group('crm_infinity_base.group_crm_commessa_manager'):
                raise ValidationError(_('%s cannot manage the commessa "%s": give him the '
                                        'Commessa manager profile first.')
                                      % (project.user_id.name, project.name))

    # -- CRUD -----------------------------------------------------------------------------------

    @api.model
    def create(self, vals):
        project = super().create(vals)
        project._crm_sync_quote_manager()
        return project

    @api.multi
    def write(self, vals):
        if ADMIN_FIELDS.intersection(vals) and not self._crm_is_admin():
            raise AccessError(_('Only a CRM administrator assigns the manager of a commessa '
                                'and its quote of origin.'))
        if 'crm_state' in vals:
            self._crm_check_state_change(vals['crm_state'])
        closing = self.filtered(lambda p: p.crm_state != 'closed') \
            if vals.get('crm_state') == 'closed' else self.browse()
        res = super().write(vals)
        if 'user_id' in vals or 'crm_sale_order_id' in vals:
            self._crm_sync_quote_manager()
        if closing:
            closing.filtered(lambda p: not p.crm_date_actual_end).write(
                {'crm_date_actual_end': fields.Date.context_today(self)})
            closing._crm_emit('commessa_closed')
        return res

    # -- actions --------------------------------------------------------------------------------

    @api.multi
    def action_crm_open(self):
        """The CRM administrator opens the commessa, once it has its manager."""
        self.write({'crm_state': 'open'})
        return True

    @api.multi
    def action_crm_close(self):
        """The manager closes the commessa when its activities are done."""
        self.write({'crm_state': 'closed'})
        return True

    @api.multi
    def action_crm_cancel(self):
        self.write({'crm_state': 'cancelled'})
        return True

    @api.multi
    def action_crm_reopen(self):
        self.write({'crm_state': 'open', 'crm_date_actual_end': False})
        return True

    @api.multi
    def action_crm_view_tasks(self):
        self.ensure_one()
        self.check_access_rule('read')
        action = self.env.ref('crm_infinity_projects.project_task_action').read()[0]
        action['domain'] = [('project_id', '=', self.id)]
        action['context'] = {'default_project_id': self.id,
                             'default_partner_id': self.partner_id.id}
        return action

    # -- business methods -----------------------------------------------------------------------

    @api.multi
    def _crm_check_state_change(self, new_state):
        """Who moves a commessa to which status: the CRM administrator opens, cancels and
        reopens; the manager (or the administrator) closes it when all its activities are
        done or cancelled; an open commessa has a manager."""
        admin = self._crm_is_admin()
        for project in self:
            if new_state == project.crm_state:
                continue
            if new_state == 'closed':
                if not admin and project.user_id != self.env.user:
                    raise AccessError(_('Only the manager of the commessa "%s" or a CRM '
                                        'administrator can close it.') % project.name)
                open_tasks = self.env['project.task'].sudo().search(
                    [('project_id', '=', project.id),
                     ('crm_state', 'not in', ('done', 'cancelled'))], order='sequence, id')
                if open_tasks:
                    raise UserError(_('The commessa "%s" cannot be closed: these activities are '
                                      'not done yet: %s.')
                                    % (project.name, ', '.join(open_tasks.mapped('name'))))
            elif not admin:
                raise AccessError(_('Only a CRM administrator can open, cancel or reopen the '
                                    'commessa "%s".') % project.name)
            if new_state == 'open' and not project.user_id:
                raise UserError(_('Assign the manager (responsabile commessa) of "%s" before '
                                  'opening it.') % project.name)

    @api.multi
    def _crm_sync_quote_manager(self):
        """The manager of a commessa reads the quote it came from (B2)."""
        for project in self.sudo():
            order = project.crm_sale_order_id
            if order and order.crm_commessa_manager_id != project.user_id:
                order.write({'crm_commessa_manager_id': project.user_id.id})

    @api.model
    def _crm_check_reader(self):
        """Refuse the profiles that see no commessa (B2), before opening a list of them."""
        if self.env.uid != SUPERUSER_ID and self.env.user.crm_project_scope == 'none':
            raise AccessError(_('Your profile gives no access to the commesse.'))

    @api.model
    def _crm_is_admin(self):
        return self.env.uid == SUPERUSER_ID or self.env.user.crm_project_scope == 'all'

    @api.model
    def _crm_check_admin(self):
        if not self._crm_is_admin():
            raise AccessError(_('Only a CRM administrator can open a commessa.'))

    @api.model
    def _crm_create_from_quote(self, order):
        """The commessa of the accepted quote ``order``: its company, its untaxed amount as
        budget, its lines as planned activities (planned hours from the quantities sold in a
        unit of time). No manager yet: the CRM administrator assigns one and opens it."""
        hour = self.env.ref('product.product_uom_hour')
        today = fields.Date.context_today(self)
        partner = order.partner_id.commercial_partner_id
        tasks = []
        for sequence, line in enumerate(order.order_line.sorted(lambda l: (l.sequence, l.id))):
            uom = line.product_uom
            hours = 0.0
            if uom and uom.category_id == hour.category_id:
                hours = uom._compute_quantity(line.product_uom_qty, hour)
            name = (line.name or line.product_id.display_name or '').split('\n')[0][:200]
            tasks.append((0, 0, {'name': name or order.name, 'planned_hours': hours,
                                 'partner_id': partner.id, 'user_id': False,
                                 'sequence': sequence,
                                 'description': (line.name or '').replace('\n', '<br/>')}))
        project = self.create({
            'name': '%s - %s' % (order.name, partner.name),
            'partner_id': partner.id,
            'user_id': False,
            'crm_sale_order_id': order.id,
            'crm_date_start': today,
            'crm_budget_amount': order.amount_untaxed,
            'crm_budget_hours': sum(t[2]['planned_hours'] for t in tasks),
            'privacy_visibility': 'employees',
        })
        if tasks:
            project.write({'tasks': tasks})
        return project

    @api.multi
    def _crm_open_action(self):
        action = self.env.ref('crm_infinity_projects.project_project_action').read()[0]
        if len(self) == 1:
            action.update({'res_id': self.id, 'view_mode': 'form',
                           'views': [(False, 'form')]})
        else:
            action['domain'] = [('id', 'in', self.ids)]
        return action
