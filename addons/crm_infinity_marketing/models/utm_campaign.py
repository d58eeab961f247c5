from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_infinity_sales.dashboards import figures
from odoo.addons.crm_infinity_sales.deals import phases

# everybody reads campaigns (a website visitor's cookie names one); what they cost, earn and
# aim at, and for whom, only employees (the results are computed as the system for whoever has
# no access to deals)
EMPLOYEE = 'base.group_user'
CAMPAIGN_STATES = [
    ('draft', 'Draft'),
    ('planned', 'Planned'),
    ('running', 'Running'),
    ('done', 'Done'),
    ('cancelled', 'Cancelled'),
]
# the status bar's moves: from -> allowed next states
NEXT_STATES = {
    'draft': ('planned', 'cancelled'),
    'planned': ('running', 'draft', 'cancelled'),
    'running': ('done', 'cancelled'),
    'done': ('running',),
    'cancelled': ('draft',),
}
RESULT_KEYS = ('cost', 'budget', 'nominativo_count', 'lead_count', 'deal_count', 'won_count',
               'won_revenue', 'invoiced_revenue', 'cost_per_lead', 'roi')


class UtmCampaign(models.Model):
    """A marketing campaign (SPEC M2) on Odoo's utm.campaign, the campaign deals, orders and
    mailings already point to (``campaign_id``): objectives, status, who commissioned it, who
    runs it, dates, budget and cost lines, and its results. ``_crm_roi()`` is the one return on
    investment figure (the sales administrative dashboard's tile reuses it)."""

    _name = 'utm.campaign'
    _inherit = ['utm.campaign', 'crm.infinity.causale.mixin']
    _primanota_tracked_fields = ['crm_state', 'crm_user_id', 'crm_budget', 'crm_date_start',
                                 'crm_date_end']
    _crm_owner_field = 'crm_user_id'
    _crm_partner_field = None

    crm_state = fields.Selection(CAMPAIGN_STATES, string='Status', required=True, default='draft',
                                 index=True, track_visibility='onchange')
    crm_objective = fields.Text('Objectives',
                                groups=EMPLOYEE)
    crm_partner_ids = fields.Many2many('res.partner', 'crm_infinity_campaign_partner_rel',
                                       'campaign_id', 'partner_id', string='Commissioned by',
                                       help='Companies and persons who commissioned the campaign.',
                                       groups=EMPLOYEE)
    crm_user_id = fields.Many2one('res.users', string='Responsible', index=True,
                                  default=lambda self: self.env.user)
    crm_assignee_ids = fields.Many2many('res.users', 'crm_infinity_campaign_user_rel',
                                        'campaign_id', 'user_id', string='Assignees')
    crm_product_ids = fields.Many2many('product.product', 'crm_infinity_campaign_product_rel',
                                       'campaign_id', 'product_id', string='Products of interest',
                                       help='Proposed on the deals created from the campaign.')
    crm_date_start = fields.Date('Start date')
    crm_date_end = fields.Date('End date')
    crm_budget = fields.Monetary('Budget', currency_field='crm_currency_id',
                                 groups=EMPLOYEE)
    crm_cost_ids = fields.One2many('crm.infinity.campaign.cost', 'campaign_id',
                                   string='Cost lines',
                                   groups=EMPLOYEE)
    # the sales addon's cost, now the sum of the cost lines (its ROI report reads the column)
    crm_cost = fields.Monetary('Cost', currency_field='crm_currency_id', store=True,
                               compute='_compute_crm_cost', inverse='_inverse_crm_cost',
                               groups=EMPLOYEE)
    crm_list_ids = fields.One2many('mail.mass_mailing.list', 'crm_campaign_id', string='Lists',
                                   groups=EMPLOYEE)
    crm_mailing_ids = fields.One2many('mail.mass_mailing', 'campaign_id', string='Messages',
                                      groups=EMPLOYEE)
    crm_nominativo_count = fields.Integer('Nominativi reached', compute='_compute_crm_results',
                                          groups=EMPLOYEE)
    crm_lead_count = fields.Integer('Leads', compute='_compute_crm_results',
                                    groups=EMPLOYEE)
    crm_deal_count = fields.Integer('Deals', compute='_compute_crm_results',
                                    groups=EMPLOYEE)
    crm_won_count = fields.Integer('Won deals', compute='_compute_crm_results',
                                   groups=EMPLOYEE)
    crm_won_revenue = fields.Monetary('Won revenue', currency_field='crm_currency_id',
                                      compute='_compute_crm_results',
                                      groups=EMPLOYEE)
    crm_invoiced_revenue = fields.Monetary(
        'Invoiced revenue', currency_field='crm_currency_id', compute='_compute_crm_results',
        help='Posted customer invoices (less credit notes) of the orders of the deals of the '
             'campaign, before taxes.', groups=EMPLOYEE)
    crm_cost_per_lead = fields.Monetary('Cost per lead', currency_field='crm_currency_id',
                                        compute='_compute_crm_results',
                                        groups=EMPLOYEE)
    crm_roi = fields.Float('ROI (%)', digits=(16, 1), compute='_compute_crm_results',
                           help='(won revenue - cost) / cost.',
                           groups=EMPLOYEE)
    crm_roi_text = fields.Char('ROI', compute='_compute_crm_results',
                               groups=EMPLOYEE)

    @api.depends('crm_cost_ids.amount')
    def _compute_crm_cost(self):
        # the cost lines are marketing's: an employee who creates a campaign (the quick create
        # of his deal's campaign) gets its total, stored, not an access error
        for campaign in self:
            campaign.crm_cost = sum(campaign.sudo().crm_cost_ids.mapped('amount'))

    @api.multi
    def _inverse_crm_cost(self):
        """A cost typed as one figure (the sales addon's field) is one cost line "other"."""
        for campaign in self:
            missing = (campaign.crm_cost or 0.0) - sum(campaign.crm_cost_ids.mapped('amount'))
            if abs(missing) > 0.005:
                campaign.crm_cost_ids = [(0, 0, {
                    'kind': 'other', 'amount': missing, 'name': _('Cost'),
                    'date': campaign.crm_date_start or fields.Date.context_today(campaign)})]

    @api.multi
    def _compute_crm_results(self):
        results = self._crm_results()
        for campaign in self:
            row = results.get(campaign.id, {})
            campaign.crm_nominativo_count = row.get('nominativo_count', 0)
            campaign.crm_lead_count = row.get('lead_count', 0)
            campaign.crm_deal_count = row.get('deal_count', 0)
            campaign.crm_won_count = row.get('won_count', 0)
            campaign.crm_won_revenue = row.get('won_revenue', 0.0)
            campaign.crm_invoiced_revenue = row.get('invoiced_revenue', 0.0)
            campaign.crm_cost_per_lead = row.get('cost_per_lead') or 0.0
            campaign.crm_roi = row.get('roi') or 0.0
            campaign.crm_roi_text = figures.format_figure(row.get('roi'), '%')

    # -- the figures ------------------------------------------------------------------------------

    @api.multi
    def _crm_results(self):
        """{campaign id: figures} for these campaigns (keys: RESULT_KEYS), with read_group.

        The deals and invoices of a campaign are read as the viewer when he has access to deals
        (record rules apply: a salesperson counts his own), else, since the results belong to
        the campaign he may read, as the system (a marketing operator has no access to deals)."""
        ids = [cid for cid in self.ids if cid]
        result = {cid: dict.fromkeys(RESULT_KEYS, 0) for cid in ids}
        if not ids:
            return result
        for campaign in self.filtered('id'):
            result[campaign.id].update(cost=campaign.crm_cost or 0.0,
                                       budget=campaign.crm_budget or 0.0)
        Lead = self._crm_viewer_model('crm.lead')
        for row in Lead.read_group([('campaign_id', 'in', ids)], ['campaign_id'], ['campaign_id']):
            result[row['campaign_id'][0]]['lead_count'] = row['campaign_id_count']
        for row in Lead.read_group([('campaign_id', 'in', ids),
                                    ('deal_phase', '!=', phases.LEAD)],
                                   ['campaign_id'], ['campaign_id']):
            result[row['campaign_id'][0]]['deal_count'] = row['campaign_id_count']
        for row in Lead.read_group([('campaign_id', 'in', ids),
                                    ('deal_status_type', '=', phases.WON)],
                                   ['campaign_id', 'planned_revenue'], ['campaign_id']):
            result[row['campaign_id'][0]].update(won_count=row['campaign_id_count'],
                                                 won_revenue=row['planned_revenue'] or 0.0)
        for cid, count in self._crm_nominativo_counts(ids).items():
            result[cid]['nominativo_count'] = count
        for cid, amount in self._crm_invoiced(ids).items():
            result[cid]['invoiced_revenue'] = amount
        for row in result.values():
            row['cost_per_lead'] = figures.average(row['cost'], row['lead_count'])
            row['roi'] = figures.roi(row['won_revenue'], row['cost'])
        return result

    @api.model
    def _crm_viewer_model(self, model):
        Model = self.env[model]
        if Model.check_access_rights('read', raise_exception=False):
            return Model
        return Model.sudo()

    @api.model
    def _crm_nominativo_counts(self, ids):
        """{campaign id: nominativi reached} in one query (a many2many cannot be grouped on by
        read_group), with the viewer's record rules."""
        if 'crm.infinity.nominativo' not in self.env:
            return {}
        Nominativo = self._crm_viewer_model('crm.infinity.nominativo')
        field = Nominativo._fields.get('campaign_ids')
        if not field:
            return {}
        query = Nominativo._where_calc([])
        Nominativo._apply_ir_rules(query, 'read')
        from_clause, where_clause, params = query.get_sql()
        self.env.cr.execute("""
            SELECT rel.%(campaign)s, COUNT(DISTINCT rel.%(nominativo)s)
              FROM %(rel)s rel
             WHERE rel.%(campaign)s IN %%s
               AND rel.%(nominativo)s IN (SELECT %(table)s.id FROM %(from)s WHERE %(where)s)
             GROUP BY rel.%(campaign)s""" % {
            'campaign': field.column2, 'nominativo': field.column1, 'rel': field.relation,
            'table': Nominativo._table, 'from': from_clause, 'where': where_clause or 'TRUE'},
            [tuple(ids)] + params)
        return dict(self.env.cr.fetchall())

    @api.model
    def _crm_invoiced(self, ids):
        """{campaign id: invoiced amount}: posted customer invoices and credit notes (signed,
        before taxes) of the order lines of orders of the campaign (the order's campaign, else
        its deal's). An invoice line billing several order lines counts once."""
        Line = self.env['account.invoice.line']
        if not (Line.check_access_rights('read', raise_exception=False) and self.env[
                'account.invoice'].check_access_rights('read', raise_exception=False)):
            Line = Line.sudo()
        if 'sale_line_ids' not in Line._fields:
            return {}
        query = Line._where_calc([('invoice_id.state', 'in', ('open', 'paid')),
                                  ('invoice_id.type', 'in', ('out_invoice', 'out_refund'))])
        Line._apply_ir_rules(query, 'read')
        from_clause, where_clause, params = query.get_sql()
        self.env.cr.execute("""
            SELECT campaign_id, SUM(amount) FROM (
                SELECT DISTINCT ON (ail.id) ail.id,
                       COALESCE(so.campaign_id, lead.campaign_id) AS campaign_id,
                       ail.price_subtotal_signed AS amount
                  FROM account_invoice_line ail
                  JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = ail.id
                  JOIN sale_order_line sol ON sol.id = rel.order_line_id
                  JOIN sale_order so ON so.id = sol.order_id
                  LEFT JOIN crm_lead lead ON lead.id = so.opportunity_id
                 WHERE ail.id IN (SELECT account_invoice_line.id FROM %s WHERE %s)
                   AND COALESCE(so.campaign_id, lead.campaign_id) IN %%s
            ) lines GROUP BY campaign_id""" % (from_clause, where_clause or 'TRUE'),
            params + [tuple(ids)])
        return dict(self.env.cr.fetchall())

    @api.multi
    def _crm_roi(self):
        """The return on investment of these campaigns together: a dict of RESULT_KEYS, the
        sums over the campaigns (``roi`` from summed won revenue and cost, None when nothing
        was spent; ``cost_per_lead`` None without leads). The one figure of the campaign form,
        the marketing monitor and the sales dashboard's ``roi_campaign`` tile."""
        totals = dict.fromkeys(RESULT_KEYS, 0)
        for row in self._crm_results().values():
            for key in RESULT_KEYS:
                if key not in ('cost_per_lead', 'roi'):
                    totals[key] += row[key] or 0
        totals['cost_per_lead'] = figures.average(totals['cost'], totals['lead_count'])
        totals['roi'] = figures.roi(totals['won_revenue'], totals['cost'])
        return totals

    # -- status -----------------------------------------------------------------------------------

    @api.multi
    def _crm_set_state(self, state):
        self.check_access_rights('write')
        self.check_access_rule('write')
        labels = dict(self._fields['crm_state']._description_selection(self.env))
        for campaign in self:
            if state not in NEXT_STATES.get(campaign.crm_state, ()):
                raise UserError(_('Campaign "%s": it cannot go from "%s" to "%s".') % (
                    campaign.name, labels[campaign.crm_state], labels[state]))
        self.write({'crm_state': state})
        return True

    @api.multi
    def action_crm_plan(self):
        return self._crm_set_state('planned')

    @api.multi
    def action_crm_start(self):
        return self._crm_set_state('running')

    @api.multi
    def action_crm_done(self):
        return self._crm_set_state('done')

    @api.multi
    def action_crm_cancel(self):
        return self._crm_set_state('cancelled')

    @api.multi
    def action_crm_reset(self):
        return self._crm_set_state('draft')

    @api.multi
    def action_crm_open_deals(self):
        """The campaign's leads and deals (those the user may see)."""
        self.ensure_one()
        action = self.env.ref('crm.crm_lead_all_leads').read()[0]
        action.update(domain=[('campaign_id', '=', self.id)], context={
            'default_campaign_id': self.id}, name=_('Deals of %s') % self.name)
        return action

    @api.multi
    def action_crm_open_monitor(self):
        self.ensure_one()
        action = self.env.ref('crm_infinity_marketing.mass_mailing_monitor_action').read()[0]
        action.update(domain=[('campaign_id', '=', self.id)],
                      name=_('Monitor of %s') % self.name)
        return action
