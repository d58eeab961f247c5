from odoo import fields, models, tools


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

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW %s AS (
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
                ), actuals AS (
                    SELECT tu.target_id, SUM(l.planned_revenue) AS amount, COUNT(l.id) AS count
                      FROM target_users tu
                      JOIN crm_infinity_sales_target t ON t.id = tu.target_id
                      JOIN crm_lead l ON l.user_id = tu.user_id
                                     AND l.deal_status_type = 'won'
                                     AND l.date_closed >= t.date_from
                                     AND l.date_closed < t.date_to + 1
                     GROUP BY tu.target_id
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
            )""" % self._table)
