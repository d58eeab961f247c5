from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import ValidationError


class AccountAnalyticLine(models.Model):
    """Time logged on an activity (SPEC C2): only by the people assigned to it. The costs of
    the lines belong to the costing part of the addon (``crm.infinity.hourly.rate``)."""

    _inherit = 'account.analytic.line'

    @api.constrains('task_id', 'user_id', 'project_id')
    def _check_crm_task_assignee(self):
        for line in self.sudo().filtered('task_id'):
            task = line.task_id
            if task.project_id and line.project_id != task.project_id:
                raise ValidationError(
                    _('The time of the activity "%s" is logged on its commessa "%s".')
                    % (task.name, task.project_id.name))
            if line.user_id not in (task.crm_assignee_ids | task.user_id):
                raise ValidationError(
                    _('%s is not assigned to the activity "%s": time can be logged only by '
                      'its assignees.') % (line.user_id.name or _('The user'), task.name))

    @api.multi
    def write(self, vals):
        """Odoo checks the record rules on the lines as they were: time moved to a commessa
        goes only to one the user manages (a line of an activity follows the activity)."""
        without_task = not vals['task_id'] if 'task_id' in vals else \
            self.sudo().filtered(lambda l: not l.task_id)
        if vals.get('project_id') and self.env.uid != SUPERUSER_ID and without_task:
            self.env['project.project'].browse(vals['project_id']).check_access_rule('write')
        return super().write(vals)

    def _timesheet_preprocess(self, vals):
        """Time on an activity goes to its commessa's account, or, for an activity of a company
        without commessa, to the account of those activities."""
        if vals.get('task_id') and not vals.get('project_id') and not vals.get('account_id'):
            task = self.env['project.task'].sudo().browse(vals['task_id'])
            if task.project_id:
                vals['project_id'] = task.project_id.id
            else:
                vals['account_id'] = self.env.ref(
                    'crm_infinity_projects.analytic_account_company_activities').id
        return super()._timesheet_preprocess(vals)
