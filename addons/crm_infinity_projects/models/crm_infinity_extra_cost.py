from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import ValidationError


class CrmInfinityExtraCost(models.Model):
    """An actual cost of a commessa or of one of its activities that is not time (travel,
    materials, a subcontractor), recorded by the commessa manager (SPEC C2-C3)."""

    _name = 'crm.infinity.extra.cost'
    _description = 'Extra cost'
    _order = 'date desc, id desc'

    name = fields.Char('Description', required=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    project_id = fields.Many2one('project.project', string='Commessa', index=True,
                                 ondelete='restrict')
    task_id = fields.Many2one('project.task', string='Activity', index=True, ondelete='restrict')
    user_id = fields.Many2one('res.users', string='Recorded by', default=lambda self: self.env.uid,
                              readonly=True)
    company_id = fields.Many2one('res.company', required=True,
                                 default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one('res.currency', related='company_id.currency_id', readonly=True)
    amount = fields.Monetary(required=True)
    partner_id = fields.Many2one('res.partner', string='Supplier')

    _sql_constraints = [
        ('amount_positive', 'CHECK (amount > 0)', 'The amount of an extra cost must be positive.'),
    ]

    @api.constrains('project_id', 'task_id')
    def _check_target(self):
        for cost in self.sudo():  # the record rules are checked by create/write themselves
            if not cost.project_id and not cost.task_id:
                raise ValidationError(_('An extra cost belongs to a commessa or an activity.'))
            if cost.task_id.project_id and cost.project_id \
                    and cost.task_id.project_id != cost.project_id:
                raise ValidationError(_('The activity "%s" is not of the commessa "%s".')
                                      % (cost.task_id.name, cost.project_id.name))

    @api.onchange('task_id')
    def _onchange_task_id(self):
        if self.task_id.project_id:
            self.project_id = self.task_id.project_id

    @api.model
    def create(self, vals):
        """An activity's cost counts on its commessa too."""
        if vals.get('task_id') and not vals.get('project_id'):
            task = self.env['project.task'].browse(vals['task_id'])
            vals['project_id'] = task.project_id.id
        cost = super().create(vals)
        cost.mapped('project_id')._crm_check_budget()
        return cost

    @api.multi
    def write(self, vals):
        projects = self.mapped('project_id')
        res = super().write(vals)
        if ('project_id' in vals or 'task_id' in vals) and self.env.uid != SUPERUSER_ID:
            # the rules were checked on the costs as they were, not where they go
            self.check_access_rule('write')
        (projects | self.mapped('project_id'))._crm_check_budget()
        return res

    @api.multi
    def unlink(self):
        projects = self.mapped('project_id')
        res = super().unlink()
        projects._crm_check_budget()
        return res
