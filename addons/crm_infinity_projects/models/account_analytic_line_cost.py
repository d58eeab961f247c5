from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..engines import costing

# what an invoiced timesheet line can no longer change (its sale side is on the invoice)
INVOICED_FIELDS = frozenset(['unit_amount', 'date', 'user_id', 'employee_id', 'task_id',
                             'project_id', 'amount', 'crm_sale_rate'])
# what fixes again the cost of a line (the rate of the new day or person)
RATED_FIELDS = frozenset(['date', 'user_id'])
# what only the engine writes on a timesheet line (cost, sale price, invoicing and restatement
# links; readonly in the views, but any field is writable over RPC)
ENGINE_FIELDS = frozenset(['amount', 'crm_sale_rate', 'crm_invoice_line_id',
                           'crm_restated_line_id'])


class AccountAnalyticLine(models.Model):
    """A timesheet line keeps the cost of its hours at the rate valid the day it was logged
    (SPEC C3): ``crm_cost_rate`` and ``amount`` (= -hours × rate, as Odoo's timesheets do) are
    fixed at creation and never rewritten by a later rate change; a restatement adds adjusting
    lines (``crm_restated_line_id``) instead. The dated rates replace the single employee cost
    of ``sale_timesheet`` (``hr.employee.timesheet_cost``), whose amount is overwritten here
    after it computed it."""

    _inherit = 'account.analytic.line'

    crm_cost_rate = fields.Monetary('Hourly cost', readonly=True, copy=False,
                                    groups='crm_infinity_base.group_crm_admin',
                                    help='The rate fixed when the time was logged (adjusting '
                                         'lines: the difference they carry).')
    crm_sale_rate = fields.Monetary('Hourly sale price', readonly=True, copy=False)
    crm_invoice_line_id = fields.Many2one('account.invoice.line', string='Invoice line',
                                          readonly=True, copy=False, index=True,
                                          ondelete='set null')
    crm_invoiced = fields.Boolean('Invoiced', compute='_compute_crm_invoiced',
                                  search='_search_crm_invoiced')
    crm_restated_line_id = fields.Many2one('account.analytic.line', string='Restates',
                                           readonly=True, copy=False, index=True,
                                           ondelete='cascade',
                                           help='The timesheet line whose cost this line adjusts.')
    crm_restatement_ids = fields.One2many('account.analytic.line', 'crm_restated_line_id',
                                          string='Cost adjustments', readonly=True)

    @api.depends('crm_invoice_line_id')
    def _compute_crm_invoiced(self):
        for line in self:
            line.crm_invoiced = bool(line.crm_invoice_line_id)

    def _search_crm_invoiced(self, operator, value):
        invoiced = (operator == '=') == bool(value)
        return [('crm_invoice_line_id', '!=' if invoiced else '=', False)]

    # -- CRUD -----------------------------------------------------------------------------------

    @api.model
    def create(self, vals):
        if self.env.uid != SUPERUSER_ID and (vals.get('project_id') or vals.get('task_id')):
            if vals.get('crm_restated_line_id') or vals.get('crm_invoice_line_id'):
                raise AccessError(_('The cost and the invoicing of logged time are computed: '
                                    'they cannot be given.'))
            vals = {k: v for k, v in vals.items() if k not in ENGINE_FIELDS}
        line = super().create(vals)
        if line.crm_restated_line_id:
            # an adjusting line carries its amount (sale_timesheet recomputed it from hours)
            super(AccountAnalyticLine, line.sudo()).write({'amount': vals.get('amount', 0.0)})
        elif line.project_id:
            line.sudo()._crm_fix_cost()
        return line

    @api.multi
    def write(self, vals):
        """Invoiced lines keep their hours, day and person; a line re-rated only when its day or
        person changes (hours changed: same rate). Only the engine (as superuser) writes the
        cost, sale price and links of timesheet lines, and unlocks invoiced ones."""
        engine = self.env.uid == SUPERUSER_ID
        if not engine and ENGINE_FIELDS.intersection(vals) \
                and self.sudo().filtered(lambda l: l.project_id or l.task_id):
            raise AccessError(_('The cost and the invoicing of logged time are computed: '
                                'they cannot be changed.'))
        if not (engine and self.env.context.get('crm_invoicing')):
            touched = INVOICED_FIELDS.intersection(vals)
            if touched and self.sudo().filtered('crm_invoice_line_id'):
                raise UserError(_('Invoiced hours cannot be changed: issue a credit note and '
                                  'log the time again.'))
            if touched and self.sudo().filtered('crm_restatement_ids'):
                raise UserError(_('These hours have been restated: their cost adjustments '
                                  'would no longer match. Log a correcting line instead.'))
        res = super().write(vals)
        if 'amount' not in vals and ({'unit_amount'} | RATED_FIELDS).intersection(vals):
            timesheets = self.sudo().filtered(lambda l: l.project_id and not l.crm_restated_line_id)
            timesheets._crm_fix_cost(rerate=bool(RATED_FIELDS.intersection(vals)))
        return res

    @api.multi
    def unlink(self):
        if self.sudo().filtered('crm_invoice_line_id'):
            raise UserError(_('Invoiced hours cannot be deleted.'))
        projects = self.sudo().mapped('project_id')
        res = super().unlink()
        projects.exists()._crm_check_budget()
        return res

    # -- cost -----------------------------------------------------------------------------------

    @api.multi
    def _crm_fix_cost(self, rerate=True):
        """Fix each line's rates (at its day, for its person) and amount; runs as superuser
        (the rates are confidential) on lines the caller may write."""
        rates = self.env['crm.infinity.hourly.rate']._crm_rates_by_user(self.mapped('user_id'))
        for line in self:
            if rerate or not line.crm_cost_rate:
                rate = costing.rate_at(rates.get(line.user_id.id) or [], line.date)
                cost, sale = (rate.cost_rate, rate.sale_rate) if rate else (0.0, 0.0)
            else:
                cost, sale = line.crm_cost_rate, line.crm_sale_rate
            super(AccountAnalyticLine, line).write({
                'crm_cost_rate': cost, 'crm_sale_rate': sale,
                'amount': costing.line_cost(line.unit_amount, cost)})
        self.mapped('project_id')._crm_check_budget()
