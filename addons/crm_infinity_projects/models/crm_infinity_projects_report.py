"""Reports of the commesse (SPEC C7, the Sicurweb reports): SQL views read through the ORM, so
pivot, graph, filters and the record rules of ``security/crm_infinity_projects_report_security.xml``
apply as on any model (a commessa manager sees the rows of his commesse only).

* ``crm.infinity.commessa.report``: one row per commessa (companies, salesperson, commessa
  managers, cost per commessa);
* ``crm.infinity.assignee.report``: one row per activity and person on it (assignees);
* ``crm.infinity.cost.report``: one row per timesheet line (cost per user, cost per commessa
  over time);
* ``crm.infinity.lead.report``: one row per lead that led to a quote and a commessa (leads).

Costs are Odoo's timesheet ``amount`` (minus the hours times the cost rate fixed when the time
was logged), so a report never recomputes a cost with today's rate, plus the extra costs: the
same figures as the commessa's ``crm_actual_cost``.
"""
from odoo import fields, models, tools

COMMESSA_STATES = [('draft', 'Draft'), ('open', 'Open'), ('closed', 'Closed'),
                   ('cancelled', 'Cancelled')]
ACTIVITY_STATES = [('todo', 'To do'), ('waiting', 'Waiting'), ('in_progress', 'In progress'),
                   ('done', 'Done'), ('cancelled', 'Cancelled')]


class CrmInfinityCommessaReport(models.Model):
    _name = 'crm.infinity.commessa.report'
    _description = 'Commesse analysis'
    _auto = False
    _rec_name = 'project_id'
    _order = 'date_start desc, project_id'

    project_id = fields.Many2one('project.project', string='Commessa', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Company', readonly=True)
    salesperson_id = fields.Many2one('res.users', string='Salesperson', readonly=True)
    manager_id = fields.Many2one('res.users', string='Commessa manager', readonly=True)
    company_id = fields.Many2one('res.company', string='Our company', readonly=True)
    state = fields.Selection(COMMESSA_STATES, string='Status', readonly=True)
    date_start = fields.Date('Start date', readonly=True)
    date_planned_end = fields.Date('Planned end', readonly=True)
    date_actual_end = fields.Date('Actual end', readonly=True)
    is_late = fields.Boolean('Late', readonly=True)
    commessa_count = fields.Integer('Commesse', readonly=True)
    late_count = fields.Integer('Late commesse', readonly=True)
    activity_count = fields.Integer('Activities', readonly=True)
    activity_done_count = fields.Integer('Activities done', readonly=True)
    budget_hours = fields.Float('Budget (hours)', readonly=True)
    planned_hours = fields.Float('Planned hours', readonly=True)
    hours = fields.Float('Hours logged', readonly=True)
    budget_amount = fields.Float('Budget', readonly=True)
    quoted_amount = fields.Float('Quoted', readonly=True)
    time_cost = fields.Float('Cost of time', readonly=True)
    extra_cost = fields.Float('Extra costs', readonly=True)
    cost = fields.Float('Actual cost', readonly=True)
    margin = fields.Float('Margin', readonly=True, help='Quoted minus actual cost (0 without a '
                                                        'quote).')

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW crm_infinity_commessa_report AS (
                SELECT p.id AS id,
                       p.id AS project_id,
                       pa.partner_id AS partner_id,
                       COALESCE(so.user_id, partner.user_id) AS salesperson_id,
                       p.user_id AS manager_id,
                       pa.company_id AS company_id,
                       p.crm_state AS state,
                       p.crm_date_start AS date_start,
                       p.crm_date_planned_end AS date_planned_end,
                       p.crm_date_actual_end AS date_actual_end,
                       (p.crm_date_planned_end IS NOT NULL AND
                        COALESCE(p.crm_date_actual_end, CURRENT_DATE) > p.crm_date_planned_end)
                           AS is_late,
                       1 AS commessa_count,
                       CASE WHEN p.crm_date_planned_end IS NOT NULL AND
                                 COALESCE(p.crm_date_actual_end, CURRENT_DATE)
                                 > p.crm_date_planned_end THEN 1 ELSE 0 END AS late_count,
                       COALESCE(t.activity_count, 0) AS activity_count,
                       COALESCE(t.activity_done_count, 0) AS activity_done_count,
                       COALESCE(p.crm_budget_hours, 0) AS budget_hours,
                       COALESCE(t.planned_hours, 0) AS planned_hours,
                       COALESCE(l.hours, 0) AS hours,
                       COALESCE(p.crm_budget_amount, 0) AS budget_amount,
                       COALESCE(so.amount_untaxed, 0) AS quoted_amount,
                       COALESCE(l.cost, 0) AS time_cost,
                       COALESCE(e.cost, 0) AS extra_cost,
                       COALESCE(l.cost, 0) + COALESCE(e.cost, 0) AS cost,
                       CASE WHEN COALESCE(so.amount_untaxed, 0) <> 0
                            THEN so.amount_untaxed - COALESCE(l.cost, 0) - COALESCE(e.cost, 0)
                            ELSE 0 END AS margin
                  FROM project_project p
                  JOIN account_analytic_account pa ON pa.id = p.analytic_account_id
                  LEFT JOIN res_partner partner ON partner.id = pa.partner_id
                  LEFT JOIN sale_order so ON so.id = p.crm_sale_order_id
                  LEFT JOIN (SELECT project_id, count(*) AS activity_count,
                                    count(*) FILTER (WHERE crm_state = 'done')
                                        AS activity_done_count,
                                    sum(planned_hours) AS planned_hours
                               FROM project_task
                              WHERE project_id IS NOT NULL AND active
                              GROUP BY project_id) t ON t.project_id = p.id
                  LEFT JOIN (SELECT project_id, sum(unit_amount) AS hours, -sum(amount) AS cost
                               FROM account_analytic_line
                              WHERE project_id IS NOT NULL
                              GROUP BY project_id) l ON l.project_id = p.id
                  LEFT JOIN (SELECT project_id, sum(amount) AS cost
                               FROM crm_infinity_extra_cost
                              WHERE project_id IS NOT NULL
                              GROUP BY project_id) e ON e.project_id = p.id
            )""")


class CrmInfinityAssigneeReport(models.Model):
    _name = 'crm.infinity.assignee.report'
    _description = 'Activities by assignee'
    _auto = False
    _rec_name = 'task_id'
    _order = 'planned_end desc, task_id'

    task_id = fields.Many2one('project.task', string='Activity', readonly=True)
    user_id = fields.Many2one('res.users', string='Assignee', readonly=True)
    project_id = fields.Many2one('project.project', string='Commessa', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Company', readonly=True)
    manager_id = fields.Many2one('res.users', string='Commessa manager', readonly=True)
    state = fields.Selection(ACTIVITY_STATES, string='Status', readonly=True)
    planned_start = fields.Datetime('Planned start', readonly=True)
    planned_end = fields.Datetime('Planned end', readonly=True)
    is_late = fields.Boolean('Late', readonly=True)
    activity_count = fields.Integer('Activities', readonly=True)
    late_count = fields.Integer('Late activities', readonly=True)
    planned_hours = fields.Float('Planned hours', readonly=True,
                                 help='The planned hours of the activity shared equally among '
                                      'the people on it.')
    hours = fields.Float('Hours logged', readonly=True)
    cost = fields.Float('Actual cost', readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW crm_infinity_assignee_report AS (
                WITH people AS (
                    SELECT task_id, user_id FROM crm_infinity_task_assignee_rel
                     UNION
                    SELECT id, user_id FROM project_task WHERE user_id IS NOT NULL
                ), shares AS (
                    SELECT task_id, count(*) AS n FROM people GROUP BY task_id
                )
                SELECT row_number() OVER (ORDER BY t.id, pe.user_id) AS id,
                       t.id AS task_id,
                       pe.user_id AS user_id,
                       t.project_id AS project_id,
                       COALESCE(pa.partner_id, t.partner_id) AS partner_id,
                       p.user_id AS manager_id,
                       t.crm_state AS state,
                       t.crm_planned_start AS planned_start,
                       t.crm_planned_end AS planned_end,
                       (t.crm_planned_end IS NOT NULL
                        AND COALESCE(t.crm_date_closed, now() AT TIME ZONE 'UTC')
                            > t.crm_planned_end) AS is_late,
                       1 AS activity_count,
                       CASE WHEN t.crm_planned_end IS NOT NULL
                             AND COALESCE(t.crm_date_closed, now() AT TIME ZONE 'UTC')
                                 > t.crm_planned_end THEN 1 ELSE 0 END AS late_count,
                       COALESCE(t.planned_hours, 0) / s.n AS planned_hours,
                       COALESCE(l.hours, 0) AS hours,
                       COALESCE(l.cost, 0) AS cost
                  FROM people pe
                  JOIN project_task t ON t.id = pe.task_id AND t.active
                  JOIN shares s ON s.task_id = t.id
                  LEFT JOIN project_project p ON p.id = t.project_id
                  LEFT JOIN account_analytic_account pa ON pa.id = p.analytic_account_id
                  LEFT JOIN (SELECT task_id, user_id, sum(unit_amount) AS hours,
                                    -sum(amount) AS cost
                               FROM account_analytic_line
                              WHERE task_id IS NOT NULL
                              GROUP BY task_id, user_id) l
                         ON l.task_id = t.id AND l.user_id = pe.user_id
            )""")


class CrmInfinityCostReport(models.Model):
    _name = 'crm.infinity.cost.report'
    _description = 'Costs of the commesse'
    _auto = False
    _rec_name = 'user_id'
    _order = 'date desc, id desc'

    kind = fields.Selection([('time', 'Time'), ('extra', 'Extra cost')], string='Kind',
                            readonly=True)
    name = fields.Char('Description', readonly=True)
    date = fields.Date('Date', readonly=True)
    user_id = fields.Many2one('res.users', string='User', readonly=True,
                              help='Who logged the time (empty for extra costs).')
    project_id = fields.Many2one('project.project', string='Commessa', readonly=True)
    task_id = fields.Many2one('project.task', string='Activity', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Company', readonly=True)
    manager_id = fields.Many2one('res.users', string='Commessa manager', readonly=True)
    hours = fields.Float('Hours', readonly=True)
    cost = fields.Float('Cost', readonly=True)
    cost_rate = fields.Float('Hourly cost', readonly=True, group_operator='avg')

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW crm_infinity_cost_report AS (
                SELECT l.id * 2 AS id,
                       'time' AS kind,
                       l.name AS name,
                       l.date AS date,
                       l.user_id AS user_id,
                       l.project_id AS project_id,
                       l.task_id AS task_id,
                       COALESCE(pa.partner_id, t.partner_id) AS partner_id,
                       p.user_id AS manager_id,
                       l.unit_amount AS hours,
                       -l.amount AS cost,
                       CASE WHEN l.unit_amount <> 0 THEN -l.amount / l.unit_amount ELSE 0 END
                           AS cost_rate
                  FROM account_analytic_line l
                  LEFT JOIN project_project p ON p.id = l.project_id
                  LEFT JOIN account_analytic_account pa ON pa.id = p.analytic_account_id
                  LEFT JOIN project_task t ON t.id = l.task_id
                 WHERE l.project_id IS NOT NULL
                 UNION ALL
                SELECT e.id * 2 + 1 AS id,
                       'extra' AS kind,
                       e.name AS name,
                       e.date AS date,
                       NULL AS user_id,
                       COALESCE(e.project_id, t.project_id) AS project_id,
                       e.task_id AS task_id,
                       COALESCE(pa.partner_id, t.partner_id) AS partner_id,
                       p.user_id AS manager_id,
                       0 AS hours,
                       e.amount AS cost,
                       0 AS cost_rate
                  FROM crm_infinity_extra_cost e
                  LEFT JOIN project_task t ON t.id = e.task_id
                  LEFT JOIN project_project p ON p.id = COALESCE(e.project_id, t.project_id)
                  LEFT JOIN account_analytic_account pa ON pa.id = p.analytic_account_id
            )""")


class CrmInfinityLeadReport(models.Model):
    _name = 'crm.infinity.lead.report'
    _description = 'Leads that became commesse'
    _auto = False
    _rec_name = 'lead_id'
    _order = 'date desc, id desc'

    lead_id = fields.Many2one('crm.lead', string='Lead', readonly=True)
    date = fields.Date('Created on', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Company', readonly=True)
    salesperson_id = fields.Many2one('res.users', string='Salesperson', readonly=True)
    order_id = fields.Many2one('sale.order', string='Quote', readonly=True)
    project_id = fields.Many2one('project.project', string='Commessa', readonly=True)
    manager_id = fields.Many2one('res.users', string='Commessa manager', readonly=True)
    expected_revenue = fields.Float('Expected revenue', readonly=True)
    quoted_amount = fields.Float('Quoted', readonly=True)
    cost = fields.Float('Actual cost', readonly=True)
    commessa_count = fields.Integer('Commesse', readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW crm_infinity_lead_report AS (
                SELECT p.id AS id,
                       lead.id AS lead_id,
                       lead.create_date::date AS date,
                       COALESCE(lead.partner_id, pa.partner_id) AS partner_id,
                       COALESCE(lead.user_id, so.user_id) AS salesperson_id,
                       so.id AS order_id,
                       p.id AS project_id,
                       p.user_id AS manager_id,
                       COALESCE(lead.planned_revenue, 0) AS expected_revenue,
                       COALESCE(so.amount_untaxed, 0) AS quoted_amount,
                       COALESCE(l.cost, 0) + COALESCE(e.cost, 0) AS cost,
                       1 AS commessa_count
                  FROM project_project p
                  JOIN account_analytic_account pa ON pa.id = p.analytic_account_id
                  JOIN sale_order so ON so.id = p.crm_sale_order_id
                  JOIN crm_lead lead ON lead.id = so.opportunity_id
                  LEFT JOIN (SELECT project_id, -sum(amount) AS cost
                               FROM account_analytic_line
                              WHERE project_id IS NOT NULL
                              GROUP BY project_id) l ON l.project_id = p.id
                  LEFT JOIN (SELECT project_id, sum(amount) AS cost
                               FROM crm_infinity_extra_cost
                              WHERE project_id IS NOT NULL
                              GROUP BY project_id) e ON e.project_id = p.id
            )""")
