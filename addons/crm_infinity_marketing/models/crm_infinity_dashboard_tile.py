from odoo import _, models

from odoo.addons.crm_infinity_sales.dashboards import figures


class CrmInfinityDashboardTile(models.Model):
    """The sales administrative dashboard's ROI per campaign is the campaigns' own figure
    (``utm.campaign._crm_roi``: cost lines, won revenue), not a second computation."""

    _inherit = 'crm.infinity.dashboard.tile'

    def _figure_roi_campaign(self):
        totals = self.env['utm.campaign'].search([])._crm_roi()
        return (figures.format_figure(totals['roi'], '%'),
                _('won revenue %s against a cost of %s') % (
                    figures.format_figure(totals['won_revenue'] or 0.0, '€', 0),
                    figures.format_figure(totals['cost'] or 0.0, '€', 0)))
