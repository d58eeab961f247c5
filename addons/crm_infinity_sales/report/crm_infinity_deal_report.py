from odoo import fields, models, tools

from ..models.crm_infinity_deal_status import PHASE_SELECTION, STATUS_TYPE_SELECTION
from ..models.res_config_settings_dashboard import DEFAULT_DORMANT_DAYS, DORMANT_DAYS_PARAM


class CrmInfinityDealReport(models.Model):
    """Operational dashboard of the deals (SPEC S10): one row per deal, archived ones included,
    with the figures graph and pivot aggregate in SQL. Time to assign runs from creation to the
    first assignment, time to close from creation to closing; a deal is dormant when it is open
    and unchanged for the days of the setting, read by the view at query time."""

    _name = 'crm.infinity.deal.report'
    _description = 'Deals analysis'
    _auto = False
    _order = 'create_date desc'

    lead_id = fields.Many2one('crm.lead', string='Deal', readonly=True)
    name = fields.Char('Deal name', readonly=True)
    type = fields.Selection([('lead', 'Lead'), ('opportunity', 'Opportunity')], readonly=True)
    user_id = fields.Many2one('res.users', string='Salesperson', readonly=True)
    team_id = fields.Many2one('crm.team', string='Sales team', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    campaign_id = fields.Many2one('utm.campaign', string='Campaign', readonly=True)
    source_id = fields.Many2one('utm.source', string='Source', readonly=True)
    deal_phase = fields.Selection(PHASE_SELECTION, string='Phase', readonly=True)
    deal_status_id = fields.Many2one('crm.infinity.deal.status', string='Status', readonly=True)
    deal_status_type = fields.Selection(STATUS_TYPE_SELECTION, string='Status type',
                                        readonly=True)
    sector_id = fields.Many2one('crm.infinity.sector', string='Sector', readonly=True)
    market_id = fields.Many2one('crm.infinity.market', string='Market', readonly=True)
    create_date = fields.Datetime('Created', readonly=True)
    date_first_assigned = fields.Datetime('First assigned', readonly=True)
    date_closed = fields.Datetime('Closed', readonly=True)
    date_last_change = fields.Datetime('Last change', readonly=True)
    hours_to_assign = fields.Float('Time to assign (hours)', readonly=True,
                                   group_operator='avg', digits=(16, 2))
    days_to_close = fields.Float('Time to close (days)', readonly=True, group_operator='avg',
                                 digits=(16, 2))
    days_idle = fields.Float('Days without changes', readonly=True, group_operator='avg',
                             digits=(16, 1))
    planned_revenue = fields.Float('Expected revenue', readonly=True)
    won_revenue = fields.Float('Won revenue', readonly=True)
    nbr = fields.Integer('Deals', readonly=True)
    open_count = fields.Integer('Open deals', readonly=True)
    won_count = fields.Integer('Won deals', readonly=True)
    lost_count = fields.Integer('Lost deals', readonly=True)
    dormant_count = fields.Integer('Dormant deals', readonly=True)
    archived = fields.Boolean(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW %(table)s AS (
                WITH setting AS (
                    SELECT COALESCE((SELECT value::int FROM ir_config_parameter
                                      WHERE key = '%(param)s' AND value ~ '^[0-9]+$'),
                                    %(default)s) AS dormant_days
                )
                SELECT l.id AS id,
                       l.id AS lead_id,
                       l.name, l.type, l.user_id, l.team_id,
                       COALESCE(p.commercial_partner_id, l.partner_id) AS partner_id,
                       l.campaign_id, l.source_id, l.deal_phase, l.deal_status_id,
                       l.deal_status_type, l.sector_id, l.market_id,
                       l.create_date, l.date_first_assigned, l.date_closed,
                       COALESCE(l.write_date, l.create_date) AS date_last_change,
                       EXTRACT(EPOCH FROM l.date_first_assigned - l.create_date) / 3600.0
                           AS hours_to_assign,
                       CASE WHEN l.deal_status_type IN ('won', 'lost')
                            THEN EXTRACT(EPOCH FROM l.date_closed - l.create_date) / 86400.0
                       END AS days_to_close,
                       CASE WHEN %(open)s
                            THEN EXTRACT(EPOCH FROM now() - COALESCE(l.write_date, l.create_date))
                                 / 86400.0
                       END AS days_idle,
                       COALESCE(l.planned_revenue, 0) AS planned_revenue,
                       CASE WHEN l.deal_status_type = 'won'
                            THEN COALESCE(l.planned_revenue, 0) ELSE 0 END AS won_revenue,
                       1 AS nbr,
                       CASE WHEN %(open)s THEN 1 ELSE 0 END AS open_count,
                       CASE WHEN l.deal_status_type = 'won' THEN 1 ELSE 0 END AS won_count,
                       CASE WHEN l.deal_status_type = 'lost' THEN 1 ELSE 0 END AS lost_count,
                       CASE WHEN %(open)s AND COALESCE(l.write_date, l.create_date)
                                 < now() - s.dormant_days * interval '1 day'
                            THEN 1 ELSE 0 END AS dormant_count,
                       NOT l.active AS archived
                  FROM crm_lead l
                  CROSS JOIN setting s
                  LEFT JOIN res_partner p ON p.id = l.partner_id
            )""" % {
            'table': self._table, 'param': DORMANT_DAYS_PARAM, 'default': DEFAULT_DORMANT_DAYS,
            'open': "(l.active AND COALESCE(l.deal_status_type, 'initial') "
                    "NOT IN ('won', 'lost'))"})
