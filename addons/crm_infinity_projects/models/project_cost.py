import psycopg2

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..engines import costing

OVER_BUDGET_EVENT = 'commessa_over_budget'
INVOICING_GROUPS = 'crm_infinity_base.group_crm_admin,account.group_account_invoice'
# who reads costs and margins (amounts, never rates): commessa managers (the record rules give
# them their commesse), CRM administrators (implied), invoicing users; not the assignees, who
# could read a colleague's rate off the cost of an activity they share
COST_READERS = 'crm_infinity_base.group_crm_commessa_manager,account.group_account_invoice'


class CrmInfinityCostMixin(models.AbstractModel):
    """Planned, actual and quoted cost of a commessa or an activity (SPEC C3), computed in a
    few grouped queries for the whole recordset (never a loop over timesheet lines). The
    amounts are shown to whoever may read the record; the rates behind them stay with the
    CRM administrators (the computation reads them as superuser)."""

    _name = 'crm.infinity.cost.mixin'
    _description = 'Commessa costs'
    _crm_cost_key = None  # the field of timesheet lines and extra costs that points here

    crm_currency_id = fields.Many2one('res.currency', compute='_compute_crm_currency_id',
                                      string='Currency')
    crm_actual_hours = fields.Float('Hours logged', compute='_compute_crm_costs')
    crm_time_cost = fields.Monetary('Cost of time', compute='_compute_crm_costs',
                                    currency_field='crm_currency_id', groups=COST_READERS)
    crm_extra_cost = fields.Monetary('Extra costs', compute='_compute_crm_costs',
                                     currency_field='crm_currency_id', groups=COST_READERS)
    crm_actual_cost = fields.Monetary('Actual cost', compute='_compute_crm_costs',
                                      currency_field='crm_currency_id', groups=COST_READERS,
                                      help='Hours logged at the rates of their day, with the '
                                           'restatements, plus the extra costs.')
    crm_planned_cost = fields.Monetary('Planned cost', compute='_compute_crm_costs',
                                       currency_field='crm_currency_id', groups=COST_READERS,
                                       help='Planned hours at the rate of the assignee.')
    crm_quoted_amount = fields.Monetary('Quoted', compute='_compute_crm_costs',
                                        currency_field='crm_currency_id', groups=COST_READERS,
                                        help='The untaxed amount of the accepted quote.')
    crm_margin = fields.Monetary('Margin', compute='_compute_crm_costs',
                                 currency_field='crm_currency_id', groups=COST_READERS)
    crm_margin_percent = fields.Float('Margin (%)', compute='_compute_crm_costs',
                                      groups=COST_READERS)
    crm_budget_consumed = fields.Float('Budget consumed (%)', compute='_compute_crm_costs',
                                       groups=COST_READERS)

    def _compute_crm_currency_id(self):
        currency = self.env.user.company_id.currency_id
        for record in self:
            record.crm_currency_id = currency

    @api.multi
    def _compute_crm_costs(self):
        figures = self._crm_cost_figures()
        visible = self._crm_cost_visible()
        for record in self:
            for name, value in figures.get(record.id, {}).items():
                record[name] = value if record in visible or name == 'crm_actual_hours' else 0.0

    @api.multi
    def _crm_cost_visible(self):
        """The records whose costs the user reads: all for CRM administrators and invoicing
        users; for a commessa manager those he manages, not those he reads as assignee (a
        colleague's rate is cost / hours)."""
        user = self.env.user
        if self.env.uid == SUPERUSER_ID or user.crm_project_scope == 'all' \
                or user.has_group('account.group_account_invoice'):
            return self
        return self.filtered(lambda r: r.sudo()._crm_cost_manager() == user)

    def _crm_cost_manager(self):
        return self.env['res.users']

    @api.multi
    def _crm_cost_report(self):
        """{id: {'hours', 'time_cost', 'extra_cost', 'actual_cost'}}: one grouped query over
        the timesheet lines and one over the extra costs."""
        key = self._crm_cost_key
        result = {rid: {'hours': 0.0, 'time_cost': 0.0, 'extra_cost': 0.0, 'actual_cost': 0.0}
                  for rid in self.ids}
        if not self.ids:
            return result
        cr = self.env.cr
        cr.execute("""SELECT {key}, sum(unit_amount), -sum(amount) FROM account_analytic_line
                       WHERE {key} IN %s GROUP BY {key}""".format(key=key), (tuple(self.ids),))
        for rid, hours, cost in cr.fetchall():
            result[rid].update(hours=hours or 0.0, time_cost=cost or 0.0)
        cr.execute("""SELECT {key}, sum(amount) FROM crm_infinity_extra_cost
                       WHERE {key} IN %s GROUP BY {key}""".format(key=key), (tuple(self.ids),))
        for rid, extra in cr.fetchall():
            result[rid]['extra_cost'] = extra or 0.0
        for figures in result.values():
            figures['actual_cost'] = round(figures['time_cost'] + figures['extra_cost'], 2)
        return result

    @api.multi
    def _crm_cost_figures(self):
        report = self._crm_cost_report()
        planned = self._crm_planned_costs()
        quoted = self._crm_quoted_amounts()
        budgets = self._crm_budget_amounts()
        figures = {}
        for rid, row in report.items():
            margin, margin_percent = costing.margin(quoted.get(rid), row['actual_cost'])
            figures[rid] = {
                'crm_actual_hours': row['hours'], 'crm_time_cost': row['time_cost'],
                'crm_extra_cost': row['extra_cost'], 'crm_actual_cost': row['actual_cost'],
                'crm_planned_cost': planned.get(rid, 0.0),
                'crm_quoted_amount': quoted.get(rid, 0.0),
                'crm_margin': margin if quoted.get(rid) else 0.0,
                'crm_margin_percent': margin_percent or 0.0,
                'crm_budget_consumed': costing.consumption(row['actual_cost'], budgets.get(rid)),
            }
        return figures

    def _crm_planned_costs(self):
        return {}

    def _crm_quoted_amounts(self):
        return {}

    def _crm_budget_amounts(self):
        return {}

    @api.model
    def _crm_task_planned_costs(self, tasks):
        """{task_id: planned hours × cost rate of its assignee on its planned start (today
        when not planned)}; the rates of all the assignees read in one query."""
        tasks = tasks.sudo()
        rates = self.env['crm.infinity.hourly.rate']._crm_rates_by_user(tasks.mapped('user_id'))
        today = fields.Date.context_today(self)
        result = {}
        for task in tasks:
            start = task['crm_planned_start'] if 'crm_planned_start' in task._fields else None
            rate = costing.rate_at(rates.get(task.user_id.id) or [], (start or today)[:10])
            result[task.id] = -costing.line_cost(task.planned_hours, rate.cost_rate if rate else 0)
        return result


class ProjectTask(models.Model):
    _name = 'project.task'
    _inherit = ['project.task', 'crm.infinity.cost.mixin']
    _crm_cost_key = 'task_id'

    crm_extra_cost_ids = fields.One2many('crm.infinity.extra.cost', 'task_id', string='Extra costs',
                                         groups=COST_READERS)

    def _crm_cost_manager(self):
        return self.project_id.user_id if self.project_id else self.crm_owner_id

    def _crm_planned_costs(self):
        return self._crm_task_planned_costs(self)

    def _crm_quoted_amounts(self):
        """An activity made from a quote line (if the commesse addon links them) is quoted at
        that line's untaxed amount."""
        if 'crm_sale_line_id' not in self._fields:
            return {}
        return {task.id: task.crm_sale_line_id.price_subtotal for task in self.sudo()}


class ProjectProject(models.Model):
    _name = 'project.project'
    _inherit = ['project.project', 'crm.infinity.cost.mixin']
    _crm_cost_key = 'project_id'

    crm_extra_cost_ids = fields.One2many('crm.infinity.extra.cost', 'project_id',
                                         string='Extra costs', groups=COST_READERS)

    def _crm_cost_manager(self):
        return self.user_id
    crm_cost_over_budget = fields.Boolean('Cost over budget', readonly=True, copy=False,
                                     help='Set when the actual cost goes past the budget (the '
                                          'warning is given once per crossing).')
    crm_uninvoiced_hours = fields.Float('Hours to invoice', compute='_compute_crm_uninvoiced_hours')

    def _crm_planned_costs(self):
        tasks = self.env['project.task'].sudo().search([('project_id', 'in', self.ids)])
        per_task = self._crm_task_planned_costs(tasks)
        result = {}
        for task in tasks:
            result[task.project_id.id] = result.get(task.project_id.id, 0.0) + per_task[task.id]
        return result

    def _crm_quoted_amounts(self):
        if 'crm_sale_order_id' not in self._fields:
            return {}
        return {project.id: project.crm_sale_order_id.amount_untaxed for project in self.sudo()}

    def _crm_budget_amounts(self):
        if 'crm_budget_amount' not in self._fields:
            return {}
        return {project.id: project.crm_budget_amount for project in self.sudo()}

    def _compute_crm_uninvoiced_hours(self):
        hours = {}
        if self.ids:
            self.env.cr.execute("""
                SELECT project_id, sum(unit_amount) FROM account_analytic_line
                 WHERE project_id IN %s AND crm_invoice_line_id IS NULL
                   AND crm_restated_line_id IS NULL AND crm_sale_rate > 0
                 GROUP BY project_id""", (tuple(self.ids),))
            hours = dict(self.env.cr.fetchall())
        for project in self:
            project.crm_uninvoiced_hours = hours.get(project.id, 0.0)

    @api.multi
    def write(self, vals):
        res = super().write(vals)
        if 'crm_budget_amount' in vals:
            self._crm_check_budget()
        return res

    # -- over budget ----------------------------------------------------------------------------

    @api.model
    def _crm_over_budget_ids(self, ids=None):
        """Over budget in hours (the activities' time) or in money (the actual cost, flagged
        by ``_crm_check_budget``)."""
        over = set(super()._crm_over_budget_ids(ids))
        if ids is not None and not ids:
            return list(over)
        query = 'SELECT id FROM project_project WHERE crm_cost_over_budget'
        if ids is not None:
            self.env.cr.execute(query + ' AND id IN %s', (tuple(ids),))
        else:
            self.env.cr.execute(query)
        return sorted(over.union(row[0] for row in self.env.cr.fetchall()))

    @api.multi
    def _crm_check_budget(self):
        """Emit *commessa fuori budget* when a commessa's actual cost goes past its budget, once
        per crossing (the flag is stored: a concurrent crossing fails to write it and is
        retried, then sees it set)."""
        projects = self.sudo().exists()
        if not projects:
            return
        report = projects._crm_cost_report()
        budgets = projects._crm_budget_amounts()
        over, back = self.browse(), self.browse()
        for project in projects:
            consumed = costing.consumption(report[project.id]['actual_cost'], budgets.get(project.id))
            change = costing.crossing(project.crm_cost_over_budget, consumed)
            if change == 'over':
                over |= project
            elif change == 'back':
                back |= project
        if back:
            back.sudo().write({'crm_cost_over_budget': False})
        if over:
            over.sudo().write({'crm_cost_over_budget': True})
            for project in over:
                self.env['crm.infinity.event']._emit(OVER_BUDGET_EVENT, project.sudo(), {
                    'actual_cost': report[project.id]['actual_cost'],
                    'budget': budgets.get(project.id)})

    # -- invoicing (SPEC E1) --------------------------------------------------------------------

    @api.multi
    def _crm_check_invoicing_access(self):
        """CRM administrators and invoicing users invoice any commessa (as they invoice any
        customer); commessa managers and assignees do not invoice."""
        if not self.env.user.has_group('crm_infinity_base.group_crm_admin') and \
                not self.env.user.has_group('account.group_account_invoice'):
            raise AccessError(_('Only CRM administrators and invoicing users invoice commesse.'))

    @api.multi
    def _crm_lock(self, table, where, params):
        """Lock the rows to invoice: a concurrent invoicing of the same commessa is refused
        (not waited for), so no line is invoiced twice."""
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute('SELECT id FROM %s WHERE %s ORDER BY id FOR UPDATE NOWAIT'
                                    % (table, where), params)
                return [row[0] for row in self.env.cr.fetchall()]
        except psycopg2.errors.LockNotAvailable:
            raise UserError(_('This commessa is being invoiced by someone else right now: try '
                              'again in a moment.'))

    @api.multi
    def action_crm_invoice_time(self):
        """Time and material: a draft invoice of the hours not invoiced yet, at the sale price
        of each person on the day they were logged; each line is invoiced once."""
        self.ensure_one()
        self._crm_check_invoicing_access()
        invoice = self.sudo()._crm_invoice_time(user=self.env.user)
        if not invoice:
            raise UserError(_('The commessa "%s" has no hours to invoice.') % self.sudo().name)
        return self._crm_invoice_action(invoice)

    @api.multi
    def _crm_invoice_time(self, user=None):
        self.ensure_one()
        if not self.partner_id:
            raise UserError(_('The commessa "%s" has no customer to invoice.') % self.name)
        Line = self.env['account.analytic.line']
        ids = self._crm_lock('account_analytic_line', """project_id = %s
            AND crm_invoice_line_id IS NULL AND crm_restated_line_id IS NULL
            AND unit_amount > 0 AND crm_sale_rate > 0""", (self.id,))
        if not ids:
            return self.env['account.invoice']
        groups = {}
        for line in Line.browse(ids):
            key = (line.task_id, line.user_id, line.crm_sale_rate)
            groups.setdefault(key, Line)
            groups[key] |= line
        keys = sorted(groups, key=lambda k: (k[0].name or '', k[1].name or '', k[2]))
        values = []
        for task, user, rate in keys:
            lines = groups[(task, user, rate)]
            days = sorted(lines.mapped('date'))
            values.append({
                'name': _('%s - %s: hours of %s (%s - %s)') % (
                    self.name, task.name or _('general'), user.name,
                    fields.Date.from_string(days[0]).strftime('%d/%m/%Y'),
                    fields.Date.from_string(days[-1]).strftime('%d/%m/%Y')),
                'quantity': round(sum(lines.mapped('unit_amount')), 2), 'price_unit': rate})
        invoice = self.env['account.invoice'].crm_infinity_invoice_create(
            self.partner_id.commercial_partner_id, values, origin=self.name, user=user)
        for key, invoice_line in zip(keys, invoice.invoice_line_ids.sorted(lambda l: (l.sequence, l.id))):
            groups[key].with_context(crm_invoicing=True).write({'crm_invoice_line_id': invoice_line.id})
        return invoice

    @api.multi
    def action_crm_invoice_milestones(self):
        """By milestones: a draft invoice of the lines of the accepted quote not invoiced yet
        (Odoo's own sale-order invoicing, so the quote knows what is invoiced)."""
        self.ensure_one()
        self._crm_check_invoicing_access()
        invoice = self.sudo()._crm_invoice_milestones(user=self.env.user)
        if not invoice:
            raise UserError(_('The accepted quote of the commessa "%s" has nothing left to '
                              'invoice.') % self.sudo().name)
        return self._crm_invoice_action(invoice)

    @api.multi
    def _crm_invoice_milestones(self, order_lines=None, user=None):
        self.ensure_one()
        order = self['crm_sale_order_id'] if 'crm_sale_order_id' in self._fields else None
        if not order:
            raise UserError(_('The commessa "%s" has no accepted quote.') % self.name)
        if order.state not in ('sale', 'done'):
            raise UserError(_('The quote %s of the commessa is not accepted.') % order.name)
        candidates = order_lines or order.order_line
        ids = self._crm_lock('sale_order_line', 'order_id = %s AND id IN %s',
                             (order.id, tuple(candidates.ids or [0])))
        lines = self.env['sale.order.line'].browse(ids).filtered(
            lambda l: not l.display_type if 'display_type' in l._fields else True)
        lines = lines.filtered(lambda l: l.product_uom_qty - l.qty_invoiced > 0)
        if not lines:
            return self.env['account.invoice']
        values = order._prepare_invoice()
        if user:
            values['user_id'] = user.id
        invoice = self.env['account.invoice'].create(values)
        for line in lines:
            line.invoice_line_create(invoice.id, line.product_uom_qty - line.qty_invoiced)
        invoice.compute_taxes()
        return invoice

    def _crm_invoice_action(self, invoice):
        return {'type': 'ir.actions.act_window', 'res_model': 'account.invoice',
                'res_id': invoice.id, 'view_mode': 'form',
                'views': [(self.env.ref('account.invoice_form').id, 'form')]}
