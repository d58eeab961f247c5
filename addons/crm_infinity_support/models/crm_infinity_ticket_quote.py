from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CrmInfinityTicket(models.Model):
    """Quotations from a ticket (SPEC T17): the customer's request for a spare part or a paid
    intervention becomes a quotation of the ticket's product, logged in the ticket history."""

    _inherit = 'crm.infinity.ticket'

    sale_order_ids = fields.One2many('sale.order', 'ticket_id', string='Quotations')
    sale_order_count = fields.Integer('Quotations', compute='_compute_sale_order_count')

    @api.multi
    def _compute_sale_order_count(self):
        """The quotations of the ticket the user may see: none for the operators without sales
        rights, who must still open the ticket (issue 13)."""
        if not self.env['sale.order'].check_access_rights('read', raise_exception=False):
            for ticket in self:
                ticket.sale_order_count = 0
            return
        data = self.env['sale.order'].read_group([('ticket_id', 'in', self.ids)],
                                                 ['ticket_id'], ['ticket_id'])
        counts = {row['ticket_id'][0]: row['ticket_id_count'] for row in data}
        for ticket in self:
            ticket.sale_order_count = counts.get(ticket.id, 0)

    @api.multi
    def action_create_quotation(self):
        """Create a quotation for the ticket's customer with a line for its product, and open
        it. Needs the sales rights of the user (the quotation is his) and write access on the
        ticket (it is logged in the ticket's primanota)."""
        self.ensure_one()
        self.check_access_rights('write')
        self.check_access_rule('write')
        customer = self.commercial_partner_id or self.partner_id
        if not customer:
            raise UserError(_('The ticket %s has no customer to make a quotation for.')
                            % self.number)
        order = self.env['sale.order'].create(self._prepare_quotation_values(customer))
        if self.product_id:
            line = self.env['sale.order.line'].new({'order_id': order.id,
                                                    'product_id': self.product_id.id})
            line.product_id_change()
            values = line._convert_to_write(line._cache)
            if self.serial_number:
                values['name'] = '%s\n%s' % (values.get('name') or self.product_id.display_name,
                                            _('Serial number: %s') % self.serial_number)
            self.env['sale.order.line'].create(values)
        self._primanota_log([{
            'res_id': self.id, 'res_name': self.display_name, 'event_code': 'quote',
            'channel': 'system', 'note': _('Quotation %s created') % order.name,
        }])
        return self._quotation_action(order)

    def _prepare_quotation_values(self, customer):
        values = {
            'partner_id': customer.id,
            'origin': self.number,
            'ticket_id': self.id,
            'user_id': self.env.uid,
            'company_id': self.company_id.id or self.env.user.company_id.id,
        }
        if self.partner_id and self.partner_id != customer:
            values['partner_invoice_id'] = customer.address_get(['invoice'])['invoice']
            values['partner_shipping_id'] = self.partner_id.id
        return values

    def _quotation_action(self, order):
        return {
            'type': 'ir.actions.act_window',
            'name': _('Quotation'),
            'res_model': 'sale.order',
            'view_mode': 'form',
            'res_id': order.id,
        }

    @api.multi
    def action_view_sale_orders(self):
        self.ensure_one()
        action = self.env.ref('sale.action_quotations').read()[0]
        action['domain'] = [('ticket_id', '=', self.id)]
        action['context'] = {'default_ticket_id': self.id,
                             'default_partner_id': self.commercial_partner_id.id,
                             'default_origin': self.number}
        return action
