from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    """Quotes from deals (SPEC S6/S8): the management causale "create the quotation" makes the
    Odoo quotation of the deal with its product lines of interest and its conditions."""

    _inherit = 'crm.lead'

    quote_count = fields.Integer('Quotes', compute='_compute_quote_count')

    @api.multi
    def _compute_quote_count(self):
        data = self.env['sale.order'].read_group([('opportunity_id', 'in', self.ids)],
                                                 ['opportunity_id'], ['opportunity_id'])
        counts = {row['opportunity_id'][0]: row['opportunity_id_count'] for row in data}
        for lead in self:
            lead.quote_count = counts.get(lead.id, 0)

    @api.multi
    def action_view_quotes(self):
        self.ensure_one()
        action = self.env.ref('sale.action_quotations').read()[0]
        action['domain'] = [('opportunity_id', '=', self.id)]
        action['context'] = {'default_opportunity_id': self.id,
                             'default_partner_id': self.partner_id.id,
                             'default_team_id': self.team_id.id,
                             'default_origin': self.name}
        return action

    @api.multi
    def action_create_quotation(self):
        """Button "Create quotation" of the deal: the same quotation a management causale makes,
        opened in its form."""
        self.ensure_one()
        order = self._crm_create_quotation()
        return {'type': 'ir.actions.act_window', 'res_model': 'sale.order', 'res_id': order.id,
                'view_mode': 'form', 'views': [(False, 'form')]}

    @api.multi
    def _causale_create_quotation(self, causale, values):
        """Management effect of a causale (method ``causale_create_quotation``): one quotation
        per deal, in the causale's transaction (a failure leaves no quotation). Private: only
        the causale engine calls it, after its checks."""
        orders = self.env['sale.order']
        for lead in self:
            orders |= lead._crm_create_quotation()
        return orders

    @api.multi
    def _crm_create_quotation(self):
        """The quotation of this deal: its customer and conditions (pricelist, payment terms,
        addresses from the customer; salesperson and team from the deal), its product lines
        of interest; logged in the primanota of the deal."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(_('The deal "%s" has no customer: link a company or a contact '
                              'before creating a quotation.') % self.name)
        # the quote's own primanota line, also inside a causale (which logs on the deal only)
        Order = self.env['sale.order'].with_context(crm_infinity_no_track=False)
        order = Order.create(self._crm_prepare_quotation_values())
        self._crm_create_quotation_lines(order)
        self._primanota_log([{
            'res_id': self.id, 'res_name': self.display_name, 'event_code': 'quote',
            'channel': 'system', 'note': _('Quotation %s created') % order.name,
        }])
        return order

    @api.multi
    def _crm_prepare_quotation_values(self):
        self.ensure_one()
        order = self.env['sale.order'].new({'partner_id': self.partner_id.id})
        order.onchange_partner_id()  # pricelist, payment terms, invoice/delivery addresses
        user = self._crm_quotation_user()
        return {
            'partner_id': self.partner_id.id,
            'partner_invoice_id': order.partner_invoice_id.id,
            'partner_shipping_id': order.partner_shipping_id.id,
            'pricelist_id': order.pricelist_id.id,
            'payment_term_id': order.payment_term_id.id,
            'opportunity_id': self.id,
            'origin': self.name,
            'user_id': user.id,
            'team_id': self.team_id.id or order.team_id.id,
            'campaign_id': self.campaign_id.id,
            'medium_id': self.medium_id.id,
            'source_id': self.source_id.id,
            'company_id': self.company_id.id or self.env.user.company_id.id,
        }

    @api.multi
    def _crm_quotation_user(self):
        """The deal's salesperson, unless the acting salesperson may not associate him (B2: only
        himself or his subordinates): then the acting user."""
        user = self.env.user
        if self.user_id and (not user._crm_is_restricted_salesperson()
                             or self.user_id in user._crm_own_user_ids()):
            return self.user_id
        return self.env.user

    @api.multi
    def _crm_create_quotation_lines(self, order):
        if 'deal_line_ids' not in self._fields:  # product lines of interest not installed
            return
        Line = self.env['sale.order.line']
        for deal_line in self.deal_line_ids.sorted(lambda l: (l.sequence, l.id)):
            line = Line.new({'order_id': order.id, 'product_id': deal_line.product_id.id,
                             'product_uom_qty': deal_line.product_uom_qty,
                             'product_uom': deal_line.product_uom.id})
            line.product_id_change()  # taxes and description of the product
            values = line._convert_to_write(line._cache)
            values.update({
                'order_id': order.id,
                'sequence': deal_line.sequence,
                'name': deal_line.name or values.get('name') or deal_line.product_id.display_name,
                'product_uom_qty': deal_line.product_uom_qty,
                'product_uom': deal_line.product_uom.id or values.get('product_uom'),
                'price_unit': deal_line.price_unit,
                'discount': deal_line.discount,
            })
            Line.create(values)
