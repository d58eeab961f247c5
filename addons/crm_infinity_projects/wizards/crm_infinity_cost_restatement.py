from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..engines import costing


class CrmInfinityCostRestatement(models.TransientModel):
    """Apply a retroactive rate change to the hours already logged (SPEC C3): the CRM
    administrator previews the differences, then adjusting cost lines are added (linked to the
    lines they restate) with a primanota line per commessa. Logged lines, and the sale side of
    invoiced ones, are never rewritten."""

    _name = 'crm.infinity.cost.restatement'
    _description = 'Cost restatement'

    date_from = fields.Date('From', required=True)
    date_to = fields.Date('To')
    user_ids = fields.Many2many('res.users', string='People',
                                help='Empty: everybody with a rate in the period.')
    line_ids = fields.One2many('crm.infinity.cost.restatement.line', 'wizard_id',
                               string='Differences', readonly=True)
    total = fields.Float('Total difference', readonly=True)
    state = fields.Selection([('draft', 'To preview'), ('preview', 'Previewed'),
                              ('done', 'Applied')], default='draft', readonly=True)

    def _check_admin(self):
        if not self.env.user.has_group('crm_infinity_base.group_crm_admin'):
            raise AccessError(_('Only CRM administrators restate costs.'))

    @api.multi
    def _adjustments(self):
        """The timesheet lines of the period and the engine's adjustments for them."""
        self.ensure_one()
        where = ['l.project_id IS NOT NULL', 'l.crm_restated_line_id IS NULL',
                 'l.unit_amount <> 0', 'l.date >= %s']
        params = [self.date_from]
        if self.date_to:
            where.append('l.date <= %s')
            params.append(self.date_to)
        if self.user_ids:
            where.append('l.user_id IN %s')
            params.append(tuple(self.user_ids.ids))
        self.env.cr.execute("""
            SELECT l.id, l.user_id, l.date, l.unit_amount,
                   coalesce(l.crm_cost_rate, 0) + coalesce(sum(a.crm_cost_rate), 0)
              FROM account_analytic_line l
              LEFT JOIN account_analytic_line a ON a.crm_restated_line_id = l.id
             WHERE %s
             GROUP BY l.id ORDER BY l.date, l.id""" % ' AND '.join(where), params)
        lines = {}
        for line_id, user_id, day, hours, effective in self.env.cr.fetchall():
            lines.setdefault(user_id, []).append(costing.Line(line_id, day, hours, effective))
        users = self.env['res.users'].browse(list(lines))
        rates = self.env['crm.infinity.hourly.rate']._crm_rates_by_user(users)
        return costing.restatement(lines, rates)

    @api.multi
    def action_preview(self):
        self.ensure_one()
        self._check_admin()
        adjustments = self._adjustments()
        Line = self.env['account.analytic.line'].sudo()
        originals = {l.id: l for l in Line.browse([a.line_id for a in adjustments])}
        self.line_ids.unlink()
        self.write({
            'state': 'preview', 'total': -sum(a.amount for a in adjustments),
            'line_ids': [(0, 0, {
                'timesheet_id': a.line_id, 'user_id': originals[a.line_id].user_id.id,
                'project_id': originals[a.line_id].project_id.id, 'date': a.day,
                'hours': a.hours, 'old_rate': a.old_rate, 'new_rate': a.new_rate,
                'amount': -a.amount}) for a in adjustments]})
        return self._reopen()

    @api.multi
    def action_apply(self):
        self.ensure_one()
        self._check_admin()
        if self.state != 'preview':
            raise UserError(_('Preview the differences before applying them.'))
        adjustments = self._adjustments()
        if not adjustments:
            raise UserError(_('There is nothing to restate in this period.'))
        self._apply(adjustments)
        self.state = 'done'
        return self._reopen()

    @api.multi
    def _apply(self, adjustments):
        Line = self.env['account.analytic.line'].sudo()
        originals = {l.id: l for l in Line.browse([a.line_id for a in adjustments])}
        projects = originals[adjustments[0].line_id].project_id.browse()
        before = {}
        for line in originals.values():
            projects |= line.project_id
        before = {rid: row['actual_cost'] for rid, row in projects._crm_cost_report().items()}
        for adjustment in adjustments:
            line = originals[adjustment.line_id]
            Line.create({
                'name': _('Cost restatement: %s') % (line.name or ''),
                'date': line.date, 'account_id': line.account_id.id,
                'project_id': line.project_id.id, 'task_id': line.task_id.id,
                'user_id': line.user_id.id, 'employee_id': line.employee_id.id,
                'unit_amount': 0.0, 'amount': adjustment.amount,
                'crm_cost_rate': adjustment.new_rate - adjustment.old_rate,
                'crm_restated_line_id': line.id})
        after = projects._crm_cost_report()
        period = '%s - %s' % (self.date_from, self.date_to or '...')
        self.env['crm.infinity.primanota'].sudo()._log([{
            'res_model': 'project.project', 'res_id': project.id,
            'res_name': project.display_name, 'owner_id': project.user_id.id or None,
            'event_code': 'cost_restatement', 'channel': 'system',
            'changes': {'crm_actual_cost': [before[project.id], after[project.id]['actual_cost']]},
            'note': _('Costs restated for %s: %s lines adjusted.') % (
                period, len([a for a in adjustments if originals[a.line_id].project_id == project])),
        } for project in projects], author_id=self.env.uid)
        projects._crm_check_budget()

    def _reopen(self):
        return {'type': 'ir.actions.act_window', 'res_model': self._name, 'res_id': self.id,
                'view_mode': 'form', 'target': 'new'}


class CrmInfinityCostRestatementLine(models.TransientModel):
    _name = 'crm.infinity.cost.restatement.line'
    _description = 'Cost restatement difference'
    _order = 'date, id'

    wizard_id = fields.Many2one('crm.infinity.cost.restatement', required=True, ondelete='cascade')
    timesheet_id = fields.Many2one('account.analytic.line', string='Timesheet line')
    user_id = fields.Many2one('res.users', string='Person')
    project_id = fields.Many2one('project.project', string='Commessa')
    date = fields.Date()
    hours = fields.Float()
    old_rate = fields.Float('Rate applied')
    new_rate = fields.Float('Rate now valid')
    amount = fields.Float('Cost difference')
