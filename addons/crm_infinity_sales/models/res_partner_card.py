from odoo import api, fields, models

OPEN_DEAL_DOMAIN = [('deal_status_type', 'not in', ('won', 'lost'))]
QUOTE_STATES = ('draft', 'sent')
ORDER_STATES = ('sale', 'done')


class ResPartner(models.Model):
    """The aggregating customer card (scheda aggregante, SPEC S11): commercial figures (open
    deals, quotes, orders) for the sales profiles, accounting figures (invoiced, due, overdue)
    for the invoicing users, of the company and all its contacts. Figures are read with
    read_group as the viewer, so record rules keep a salesperson to the deals and quotes he
    may see."""

    _inherit = 'res.partner'

    crm_card_commercial = fields.Boolean(compute='_compute_crm_card')
    crm_card_accounting = fields.Boolean(compute='_compute_crm_card')
    crm_card_currency_id = fields.Many2one('res.currency', compute='_compute_crm_card')
    crm_open_deal_count = fields.Integer('Open deals', compute='_compute_crm_card')
    crm_open_deal_amount = fields.Monetary('Open deals value', compute='_compute_crm_card',
                                           currency_field='crm_card_currency_id')
    crm_quote_count = fields.Integer('Quotations', compute='_compute_crm_card')
    crm_quote_amount = fields.Monetary('Quotations value', compute='_compute_crm_card',
                                       currency_field='crm_card_currency_id')
    crm_order_amount = fields.Monetary('Confirmed orders', compute='_compute_crm_card',
                                       currency_field='crm_card_currency_id')
    crm_invoice_count = fields.Integer('Invoices', compute='_compute_crm_card')
    crm_invoiced_amount = fields.Monetary('Invoiced', compute='_compute_crm_card',
                                          currency_field='crm_card_currency_id')
    crm_amount_due = fields.Monetary('Payments due', compute='_compute_crm_card',
                                     currency_field='crm_card_currency_id')
    crm_amount_overdue = fields.Monetary('Payments overdue', compute='_compute_crm_card',
                                         currency_field='crm_card_currency_id')

    @api.multi
    def _compute_crm_card(self):
        user = self.env.user
        commercial = user.has_group('sales_team.group_sale_salesman')
        accounting = user.has_group('account.group_account_invoice')
        totals = {}
        if self.ids and (commercial or accounting):
            to_company = self._crm_card_companies()
            if commercial:
                self._crm_card_commercial(to_company, totals)
            if accounting:
                self._crm_card_accounting(to_company, totals)
        currency = user.company_id.currency_id
        for partner in self:
            values = totals.get(partner.commercial_partner_id.id, {})
            partner.crm_card_commercial = commercial
            partner.crm_card_accounting = accounting
            partner.crm_card_currency_id = currency
            for name in ('crm_open_deal_count', 'crm_open_deal_amount', 'crm_quote_count',
                         'crm_quote_amount', 'crm_order_amount', 'crm_invoice_count',
                         'crm_invoiced_amount', 'crm_amount_due', 'crm_amount_overdue'):
                partner[name] = values.get(name, 0)

    @api.multi
    def _crm_card_companies(self):
        """{partner id: company id} for the companies of ``self`` and all their contacts (the
        mapping only, read as superuser: the figures themselves are read as the viewer)."""
        companies = self.mapped('commercial_partner_id').ids
        rows = self.sudo().with_context(active_test=False).search_read(
            [('commercial_partner_id', 'in', companies)], ['commercial_partner_id'])
        return {r['id']: r['commercial_partner_id'][0] for r in rows}

    @staticmethod
    def _crm_card_add(totals, to_company, groups, key, figures):
        for group in groups:
            company = to_company.get(group[key][0]) if group[key] else None
            if company is None:
                continue
            values = totals.setdefault(company, {})
            for name, source in figures.items():
                values[name] = values.get(name, 0) + (group[source] or 0)

    def _crm_card_commercial(self, to_company, totals):
        partners = list(to_company)
        deals = self.env['crm.lead'].read_group(
            [('partner_id', 'in', partners)] + OPEN_DEAL_DOMAIN,
            ['partner_id', 'planned_revenue'], ['partner_id'])
        self._crm_card_add(totals, to_company, deals, 'partner_id', {
            'crm_open_deal_count': 'partner_id_count', 'crm_open_deal_amount': 'planned_revenue'})
        Order = self.env['sale.order']
        quotes = Order.read_group([('partner_id', 'in', partners), ('state', 'in', QUOTE_STATES)],
                                  ['partner_id', 'amount_total'], ['partner_id'])
        self._crm_card_add(totals, to_company, quotes, 'partner_id', {
            'crm_quote_count': 'partner_id_count', 'crm_quote_amount': 'amount_total'})
        orders = Order.read_group([('partner_id', 'in', partners), ('state', 'in', ORDER_STATES)],
                                  ['partner_id', 'amount_total'], ['partner_id'])
        self._crm_card_add(totals, to_company, orders, 'partner_id', {
            'crm_order_amount': 'amount_total'})

    def _crm_card_accounting(self, to_company, totals):
        Invoice = self.env['account.invoice']
        companies = list(set(to_company.values()))
        base = [('commercial_partner_id', 'in', companies),
                ('type', 'in', ('out_invoice', 'out_refund')),
                ('state', 'in', ('open', 'paid'))]
        # invoiced = untaxed, as Odoo's "Invoiced" button of the same form (issue 13: the
        # contact showed two different "Fatturato")
        invoiced = Invoice.read_group(
            base, ['commercial_partner_id', 'amount_untaxed_signed',
                   'residual_company_signed'], ['commercial_partner_id'])
        identity = {c: c for c in companies}
        self._crm_card_add(totals, identity, invoiced, 'commercial_partner_id', {
            'crm_invoice_count': 'commercial_partner_id_count',
            'crm_invoiced_amount': 'amount_untaxed_signed',
            'crm_amount_due': 'residual_company_signed'})
        overdue = Invoice.read_group(
            base + [('state', '=', 'open'), ('date_due', '<', fields.Date.context_today(self))],
            ['commercial_partner_id', 'residual_company_signed'], ['commercial_partner_id'])
        self._crm_card_add(totals, identity, overdue, 'commercial_partner_id', {
            'crm_amount_overdue': 'residual_company_signed'})

    @api.multi
    def action_crm_card_open_deals(self):
        self.ensure_one()
        action = self.env.ref('crm_infinity_sales.crm_lead_deal_action').read()[0]
        action['domain'] = [('partner_id', 'child_of', self.commercial_partner_id.id)] + \
            OPEN_DEAL_DOMAIN
        return action

    @api.multi
    def action_crm_card_quotes(self):
        self.ensure_one()
        action = self.env.ref('sale.action_quotations').read()[0]
        action['domain'] = [('partner_id', 'child_of', self.commercial_partner_id.id),
                            ('state', 'in', QUOTE_STATES)]
        return action

    @api.multi
    def action_crm_card_invoices(self):
        self.ensure_one()
        action = self.env.ref('account.action_invoice_tree1').read()[0]
        action['domain'] = [('commercial_partner_id', '=', self.commercial_partner_id.id),
                            ('type', 'in', ('out_invoice', 'out_refund')),
                            ('state', 'in', ('open', 'paid'))]
        return action
