from odoo import _, api, models

from .res_partner_card import OPEN_DEAL_DOMAIN

SALESPERSON = 'crm_infinity_base.group_crm_salesperson'
DEAL_ACTION = 'crm_infinity_sales.crm_lead_deal_action'


class CrmInfinityDeskProvider(models.AbstractModel):
    """The tiles of the sales addon on MyDesk: own deals by phase, deals won this month, quotes
    awaiting an answer, and the figures of the operational sales dashboard (the same
    ``crm.infinity.dashboard.tile`` records, not a second computation)."""

    _inherit = 'crm.infinity.desk.provider'

    @api.model
    def _crm_desk_tiles(self, user, scope='me'):
        tiles = super()._crm_desk_tiles(user, scope=scope)
        if not user.has_group(SALESPERSON):
            return tiles
        user_ids = self._crm_desk_user_ids(user, scope)
        own = [('user_id', 'in', user_ids)]
        month_start, month_end = self._crm_desk_period(user, 'month')
        tiles += [{
            'key': 'sales.deals_by_phase', 'section': 'sales', 'sequence': 10,
            'name': _('Open deals by phase'), 'kind': 'chart', 'res_model': 'crm.lead',
            'domain': own + OPEN_DEAL_DOMAIN, 'groupby': 'deal_phase', 'action': DEAL_ACTION,
            'view_mode': 'list,kanban,form',
        }, {
            'key': 'sales.deals_won_month', 'section': 'sales', 'sequence': 20,
            'name': _('Deals won this month'), 'period': _('this month'), 'kind': 'count',
            'res_model': 'crm.lead', 'action': DEAL_ACTION, 'view_mode': 'list,kanban,form',
            'domain': own + [('deal_status_type', '=', 'won'), ('date_closed', '>=', month_start),
                             ('date_closed', '<', month_end)],
        }, {
            'key': 'sales.deals_to_contact', 'section': 'sales', 'sequence': 30,
            'name': _('Open deals without a planned activity'), 'kind': 'count',
            'severity': 'warning', 'res_model': 'crm.lead', 'action': DEAL_ACTION,
            'view_mode': 'list,kanban,form',
            'domain': own + OPEN_DEAL_DOMAIN + [('activity_ids', '=', False)],
        }]
        if 'sale.order' in self.env:
            tiles.append({
                'key': 'sales.quotes_sent', 'section': 'sales', 'sequence': 40,
                'name': _('Quotations awaiting an answer'), 'kind': 'count',
                'res_model': 'sale.order', 'action': 'sale.action_quotations',
                'view_mode': 'list,form',
                'domain': own + [('state', '=', 'sent')],
            })
        tiles += self._crm_desk_dashboard_tiles()
        return tiles

    @api.model
    def _crm_desk_dashboard_tiles(self):
        """The figures of the operational sales dashboard, as the viewer sees them there."""
        Tile = self.env['crm.infinity.dashboard.tile']
        if not Tile.check_access_rights('read', raise_exception=False):
            return []
        tiles = []
        for figure in Tile.search([('dashboard', '=', 'operational')]):
            tiles.append({
                'key': 'sales.figure_%s' % figure.id, 'section': 'kpi',
                'sequence': 100 + figure.sequence, 'name': figure.name, 'kind': 'value',
                'value': figure.value, 'detail': figure.detail, 'action': figure.action_open,
            })
        return tiles
