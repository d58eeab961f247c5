from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..dashboards import figures


class CrmInfinitySalesTarget(models.Model):
    """A sales target (obiettivo, SPEC S10) of a salesperson or of a sales group for a period:
    won revenue and/or won deals. Actuals come from the SQL view ``crm.infinity.target.report``
    in one query for all the targets shown."""

    _name = 'crm.infinity.sales.target'
    _description = 'Sales target'
    _order = 'date_from desc, id'

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    user_id = fields.Many2one('res.users', string='Salesperson', index=True, ondelete='cascade')
    sales_group_id = fields.Many2one('crm.infinity.sales.group', string='Sales group', index=True,
                                     ondelete='cascade')
    date_from = fields.Date('From', required=True)
    date_to = fields.Date('To', required=True)
    target_amount = fields.Float('Target revenue')
    target_count = fields.Integer('Target won deals')
    actual_amount = fields.Float('Won revenue', compute='_compute_actuals')
    actual_count = fields.Integer('Won deals', compute='_compute_actuals')
    amount_progress = fields.Float('Revenue reached (%)', compute='_compute_actuals')
    count_progress = fields.Float('Deals reached (%)', compute='_compute_actuals')

    @api.multi
    def _compute_actuals(self):
        rows = self.env['crm.infinity.target.report'].sudo().search_read(
            [('target_id', 'in', self.ids)], ['target_id', 'actual_amount', 'actual_count'])
        actuals = {r['target_id'][0]: r for r in rows}
        for target in self:
            row = actuals.get(target.id, {})
            target.actual_amount = row.get('actual_amount', 0.0)
            target.actual_count = row.get('actual_count', 0)
            target.amount_progress = figures.progress(target.actual_amount,
                                                      target.target_amount) or 0.0
            target.count_progress = figures.progress(target.actual_count,
                                                     target.target_count) or 0.0

    @api.constrains('user_id', 'sales_group_id', 'date_from')
    def _check_owner(self):
        # date_from (required) too: a target created with neither owner must be caught
        for target in self:
            if bool(target.user_id) == bool(target.sales_group_id):
                raise ValidationError(_('A target belongs to a salesperson or to a sales group '
                                        '(one of the two).'))

    @api.constrains('date_from', 'date_to')
    def _check_dates(self):
        for target in self:
            if target.date_from > target.date_to:
                raise ValidationError(_('The target period ends before it starts.'))
