from odoo import _, api, fields, models

from ..dashboards import figures
from .res_config_settings_dashboard import DEFAULT_DORMANT_DAYS, DORMANT_DAYS_PARAM

FIGURES = [
    ('time_to_assign', 'Time to assign'),
    ('time_to_close', 'Time to close'),
    ('dormant', 'Dormant deals'),
    ('pipeline', 'Pipeline'),
    ('targets', 'Targets'),
    ('roi_campaign', 'ROI per campaign'),
    ('roi_source', 'ROI per source'),
]


class CrmInfinityDashboardTile(models.Model):
    """A figure of the sales dashboards (cruscotto, SPEC S10) shown as a tile; its value is
    computed with read_group on the analysis views, as the user who looks (record rules
    apply), and the tile opens the graph and pivot behind it."""

    _name = 'crm.infinity.dashboard.tile'
    _description = 'Dashboard figure'
    _order = 'dashboard, sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    dashboard = fields.Selection([('operational', 'Operational'),
                                  ('administrative', 'Administrative')],
                                 required=True, default='operational')
    figure = fields.Selection(FIGURES, required=True)
    action_id = fields.Many2one('ir.actions.act_window', string='Analysis', required=True,
                                ondelete='cascade')
    color = fields.Integer()
    value = fields.Char(compute='_compute_value')
    detail = fields.Char(compute='_compute_value')

    @api.multi
    def _compute_value(self):
        for tile in self:
            value, detail = getattr(tile, '_figure_%s' % tile.figure)()
            tile.value = value
            tile.detail = detail

    @api.multi
    def action_open(self):
        self.ensure_one()
        action = self.action_id.read()[0]
        action['display_name'] = action['name'] = self.name
        return action

    def _deal_totals(self, domain, measures):
        rows = self.env['crm.infinity.deal.report'].read_group(domain, measures, [])
        return rows[0] if rows else {}

    def _figure_time_to_assign(self):
        row = self._deal_totals([('date_first_assigned', '!=', False)],
                                ['hours_to_assign', 'nbr'])
        return (figures.format_figure(row.get('hours_to_assign'), _('h')),
                _('average over %s deals') % (row.get('nbr') or 0))

    def _figure_time_to_close(self):
        row = self._deal_totals([('deal_status_type', 'in', ('won', 'lost'))],
                                ['days_to_close', 'nbr'])
        return (figures.format_figure(row.get('days_to_close'), _('days')),
                _('average over %s closed deals') % (row.get('nbr') or 0))

    def _figure_dormant(self):
        row = self._deal_totals([('dormant_count', '=', 1)], ['dormant_count'])
        days = self.env['ir.config_parameter'].sudo().get_param(
            DORMANT_DAYS_PARAM, str(DEFAULT_DORMANT_DAYS))
        return (figures.format_figure(row.get('dormant_count') or 0),
                _('open deals unchanged for %s days') % days)

    def _figure_pipeline(self):
        row = self._deal_totals([('open_count', '=', 1)], ['planned_revenue', 'open_count'])
        return (figures.format_figure(row.get('planned_revenue') or 0.0, '€', 0),
                _('%s open deals') % (row.get('open_count') or 0))

    def _figure_targets(self):
        today = fields.Date.context_today(self)
        rows = self.env['crm.infinity.target.report'].read_group(
            [('date_from', '<=', today), ('date_to', '>=', today)],
            ['target_amount', 'actual_amount'], [])
        row = rows[0] if rows else {}
        return (figures.format_figure(
            figures.progress(row.get('actual_amount'), row.get('target_amount')), '%'),
            _('won revenue of the current targets'))

    def _roi_figure(self, kind):
        rows = self.env['crm.infinity.roi.report'].read_group(
            [('kind', '=', kind)], ['won_revenue', 'cost'], [])
        row = rows[0] if rows else {}
        return (figures.format_figure(figures.roi(row.get('won_revenue'), row.get('cost')), '%'),
                _('won revenue %s against a cost of %s') % (
                    figures.format_figure(row.get('won_revenue') or 0.0, '€', 0),
                    figures.format_figure(row.get('cost') or 0.0, '€', 0)))

    def _figure_roi_campaign(self):
        return self._roi_figure('campaign')

    def _figure_roi_source(self):
        return self._roi_figure('source')
