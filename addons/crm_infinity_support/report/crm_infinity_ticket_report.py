from odoo import fields, models, tools

from ..models.crm_infinity_ticket import CHANNELS, PRIORITIES
from ..models.crm_infinity_ticket_stage import STATES


class CrmInfinityTicketReport(models.Model):
    """Support KPIs (SPEC T11): one row per ticket, archived ones included, with the figures
    the pivot and graph aggregate. Durations are working hours of the center's calendar, stored
    on the ticket when the first response and the closing happen; averages leave out the
    tickets a figure does not concern (NULL: not answered, not closed, not rated)."""

    _name = 'crm.infinity.ticket.report'
    _description = 'Support KPIs'
    _auto = False
    _rec_name = 'number'
    _order = 'date_open desc'

    ticket_id = fields.Many2one('crm.infinity.ticket', string='Ticket', readonly=True)
    number = fields.Char(readonly=True)
    name = fields.Char('Subject', readonly=True)
    center_id = fields.Many2one('crm.infinity.service.center', string='Service center', readonly=True)
    company_id = fields.Many2one('res.company', string='Company', readonly=True)
    user_id = fields.Many2one('res.users', string='Operator', readonly=True)
    operator_group_id = fields.Many2one('crm.infinity.operator.group', string='Operator group',
                                        readonly=True)
    commercial_partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    category_id = fields.Many2one('crm.infinity.ticket.category', string='Category', readonly=True)
    product_id = fields.Many2one('product.product', string='Product', readonly=True)
    stage_id = fields.Many2one('crm.infinity.ticket.stage', string='Status', readonly=True)
    state = fields.Selection(STATES, string='Status kind', readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    date_open = fields.Datetime('Opened', readonly=True)
    date_first_response = fields.Datetime('First response', readonly=True)
    date_closed = fields.Datetime('Closed', readonly=True)
    first_response_hours = fields.Float('First response (working hours)', readonly=True,
                                        group_operator='avg', digits=(16, 2))
    resolution_hours = fields.Float('Resolution (working hours)', readonly=True,
                                    group_operator='avg', digits=(16, 2))
    reopened = fields.Boolean(readonly=True)
    reopen_rate = fields.Float('Reopen rate (%)', readonly=True, group_operator='avg',
                               digits=(16, 1))
    rating = fields.Float('Last rating', readonly=True, group_operator='avg', digits=(16, 1))
    satisfaction = fields.Float('Satisfied customers (%)', readonly=True, group_operator='avg',
                                digits=(16, 1), help='Share of the rated tickets rated satisfied.')
    backlog = fields.Integer('Backlog', readonly=True, help='1 while the ticket is open.')
    nbr = fields.Integer('Tickets', readonly=True)
    archived = fields.Boolean(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW %s AS (
                SELECT t.id AS id,
                       t.id AS ticket_id,
                       t.number, t.name, t.center_id, t.company_id, t.user_id,
                       t.operator_group_id, t.commercial_partner_id, t.category_id, t.product_id,
                       t.stage_id, t.state, t.priority, t.channel,
                       t.create_date AS date_open,
                       t.date_first_response, t.date_closed,
                       CASE WHEN t.date_first_response IS NOT NULL
                            THEN t.first_response_hours END AS first_response_hours,
                       CASE WHEN t.date_closed IS NOT NULL
                            THEN t.resolution_hours END AS resolution_hours,
                       COALESCE(t.reopen_count, 0) > 0 AS reopened,
                       CASE WHEN COALESCE(t.reopen_count, 0) > 0 THEN 100.0 ELSE 0.0 END
                           AS reopen_rate,
                       last_rating.rating AS rating,
                       CASE WHEN last_rating.rating >= 7 THEN 100.0
                            WHEN last_rating.rating > 0 THEN 0.0 END AS satisfaction,
                       CASE WHEN t.state IN ('solved', 'closed') THEN 0 ELSE 1 END AS backlog,
                       1 AS nbr,
                       NOT t.active AS archived
                  FROM crm_infinity_ticket t
                  -- the customer's last answer: Odoo's rating_last_value is the last rating
                  -- written, a new pending request (0) included (issue 13: 0 %% satisfied)
                  LEFT JOIN LATERAL (
                      SELECT r.rating FROM rating_rating r
                       WHERE r.res_model = 'crm.infinity.ticket' AND r.res_id = t.id
                         AND r.consumed AND r.rating > 0
                       ORDER BY r.write_date DESC, r.id DESC LIMIT 1
                  ) last_rating ON TRUE
            )""" % self._table)
