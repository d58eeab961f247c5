from odoo import api, fields, models, tools


class CrmInfinityTargetReport(models.Model):
    """Targets against actuals (SPEC S10): one row per target, with the revenue and the number
    of the deals won in its period by its salesperson, or by the members and responsibles of
    its sales group and of every group below it."""

    _name = 'crm.infinity.target.report'
    _description = 'Targets vs actual'
    _auto = False
    _order = 'date_from desc, id'

    target_id = fields.Many2one('crm.infinity.sales.target', string='Target', readonly=True)
    name = fields.Char(readonly=True)
    user_id = fields.Many2one('res.users', string='Salesperson', readonly=True)
    sales_group_id = fields.Many2one('crm.infinity.sales.group', string='Sales group',
                                     readonly=True)
    date_from = fields.Date('From', readonly=True)
    date_to = fields.Date('To', readonly=True)
    target_amount = fields.Float('Target revenue', readonly=True)
    target_count = fields.Integer('Target won deals', readonly=True)
    actual_amount = fields.Float('Won revenue', readonly=True)
    actual_count = fields.Integer('Won deals', readonly=True)

    # (target_id, lead_id): the deals won in the period of each target by its salesperson, or by
    # the members and responsibles of its sales group and of every group below it
    _TARGET_DEALS = """
        WITH RECURSIVE tree(root_id, group_id) AS (
            SELECT id, id FROM crm_infinity_sales_group WHERE active
            UNION
            SELECT tree.root_id, g.id
              FROM crm_infinity_sales_group g JOIN tree ON g.parent_id = tree.group_id
             WHERE g.active
        ), group_users AS (
            SELECT tree.root_id, m.user_id
              FROM tree JOIN crm_infinity_sales_group_member_rel m
                   ON m.group_id = tree.group_id
            UNION
            SELECT tree.root_id, g.responsible_id
              FROM tree JOIN crm_infinity_sales_group g ON g.id = tree.group_id
             WHERE g.responsible_id IS NOT NULL
        ), target_users AS (
            SELECT t.id AS target_id, t.user_id
              FROM crm_infinity_sales_target t WHERE t.user_id IS NOT NULL
            UNION
            SELECT t.id, gu.user_id
              FROM crm_infinity_sales_target t
              JOIN group_users gu ON gu.root_id = t.sales_group_id
        ), target_deals AS (
            SELECT DISTINCT tu.target_id, l.id AS lead_id, l.planned_revenue
              FROM target_users tu
              JOIN crm_infinity_sales_target t ON t.id = tu.target_id
              JOIN crm_lead l ON l.user_id = tu.user_id
                             AND l.deal_status_type = 'won'
                             AND l.date_closed >= t.date_from
                             AND l.date_closed < t.date_to + 1
        )"""

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW %s AS (
                %s, actuals AS (
                    SELECT target_id, SUM(planned_revenue) AS amount, COUNT(lead_id) AS count
                      FROM target_deals GROUP BY target_id
                )
                SELECT t.id AS id, t.id AS target_id, t.name, t.user_id, t.sales_group_id,
                       t.date_from, t.date_to,
                       COALESCE(t.target_amount, 0) AS target_amount,
                       COALESCE(t.target_count, 0) AS target_count,
                       COALESCE(a.amount, 0) AS actual_amount,
                       COALESCE(a.count, 0) AS actual_count
                  FROM crm_infinity_sales_target t
                  LEFT JOIN actuals a ON a.target_id = t.id
                 WHERE t.active
            )""" % (self._table, self._TARGET_DEALS))

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        """A deal counted by several targets of a row (a sales group's and its salesperson's,
        issue 13) is won once: the actuals of a row of several targets count each deal once."""
        result = super().read_group(domain, fields, groupby, offset=offset, limit=limit,
                                    orderby=orderby, lazy=lazy)
        wanted = {'actual_amount', 'actual_count'} & {f.split(':')[0] for f in fields}
        for row in result if wanted else []:
            count = row.get('__count', row.get('%s_count' % groupby[0] if groupby else '', 0))
            if count and count < 2:
                continue
            targets = self.search(row.get('__domain', domain)).ids
            amount, number = 0.0, 0
            if targets:
                self.env.cr.execute(self._TARGET_DEALS + """
                    SELECT COALESCE(SUM(planned_revenue), 0), COUNT(*) FROM (
                        SELECT DISTINCT lead_id, planned_revenue FROM target_deals
                         WHERE target_id IN %s) deals""", (tuple(targets),))
                amount, number = self.env.cr.fetchone()
            if 'actual_amount' in wanted:
                row['actual_amount'] = amount
            if 'actual_count' in wanted:
                row['actual_count'] = number
        return result
