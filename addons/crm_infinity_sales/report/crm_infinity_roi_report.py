from odoo import fields, models, tools


class CrmInfinityRoiReport(models.Model):
    """Administrative dashboard (SPEC S10): return on investment of each campaign and each
    source, the revenue of their won deals against their cost. One row per campaign and one
    per source (``kind``); ROI of a row is a percentage, the ROI of several rows is computed
    from their summed revenue and cost (see ``dashboards.figures.roi``)."""

    _name = 'crm.infinity.roi.report'
    _description = 'Return on investment'
    _auto = False
    _order = 'kind, name'

    kind = fields.Selection([('campaign', 'Campaign'), ('source', 'Source')], readonly=True)
    name = fields.Char(readonly=True)
    campaign_id = fields.Many2one('utm.campaign', string='Campaign', readonly=True)
    source_id = fields.Many2one('utm.source', string='Source', readonly=True)
    cost = fields.Float(readonly=True)
    won_revenue = fields.Float('Won revenue', readonly=True)
    deal_count = fields.Integer('Deals', readonly=True)
    won_count = fields.Integer('Won deals', readonly=True)
    roi = fields.Float('ROI (%)', readonly=True, group_operator='avg', digits=(16, 1),
                       help='(won revenue - cost) / cost, for one campaign or source.')

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        deals = """
            SELECT %(key)s AS key_id,
                   SUM(CASE WHEN deal_status_type = 'won'
                            THEN COALESCE(planned_revenue, 0) ELSE 0 END) AS won_revenue,
                   SUM(CASE WHEN deal_status_type = 'won' THEN 1 ELSE 0 END) AS won_count,
                   COUNT(*) AS deal_count
              FROM crm_lead WHERE %(key)s IS NOT NULL GROUP BY %(key)s"""
        row = """
            SELECT t.id * 2 + %(odd)s AS id, '%(kind)s'::varchar AS kind, t.name,
                   %(campaign)s AS campaign_id, %(source)s AS source_id,
                   COALESCE(t.crm_cost, 0) AS cost,
                   COALESCE(d.won_revenue, 0) AS won_revenue,
                   COALESCE(d.deal_count, 0) AS deal_count,
                   COALESCE(d.won_count, 0) AS won_count,
                   CASE WHEN COALESCE(t.crm_cost, 0) > 0
                        THEN 100.0 * (COALESCE(d.won_revenue, 0) - t.crm_cost) / t.crm_cost
                   END AS roi
              FROM %(table)s t LEFT JOIN (%(deals)s) d ON d.key_id = t.id"""
        campaigns = row % {'odd': 0, 'kind': 'campaign', 'campaign': 't.id',
                           'source': 'NULL::int', 'table': 'utm_campaign',
                           'deals': deals % {'key': 'campaign_id'}}
        sources = row % {'odd': 1, 'kind': 'source', 'campaign': 'NULL::int',
                         'source': 't.id', 'table': 'utm_source',
                         'deals': deals % {'key': 'source_id'}}
        self.env.cr.execute('CREATE VIEW %s AS (%s UNION ALL %s)'
                            % (self._table, campaigns, sources))
