from odoo.exceptions import AccessError, UserError

from .common import SupportCockpitCase


class TestQuote(SupportCockpitCase):
    """Quotations from a ticket (SPEC T17)."""

    def test_create_quotation_for_the_product_of_the_ticket(self):
        ticket = self._ticket(product_id=self.product.id, serial_number='SN-77')
        action = ticket.sudo(self.seller).action_create_quotation()
        order = self.env['sale.order'].browse(action['res_id'])
        self.assertEqual(action['res_model'], 'sale.order')
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.partner_shipping_id, self.contact)
        self.assertEqual(order.origin, ticket.number)
        self.assertEqual(order.ticket_id, ticket)
        self.assertEqual(order.user_id, self.seller)
        self.assertEqual(order.state, 'draft')
        self.assertEqual(order.order_line.product_id, self.product)
        self.assertEqual(order.order_line.price_unit, 1200.0)
        self.assertIn('SN-77', order.order_line.name)
        self.assertEqual(ticket.sale_order_ids, order)
        self.assertEqual(ticket.sale_order_count, 1)
        line = self.env['crm.infinity.primanota'].search(
            [('res_model', '=', 'crm.infinity.ticket'), ('res_id', '=', ticket.id),
             ('event_code', '=', 'quote')])
        self.assertEqual(len(line), 1)
        self.assertEqual(line.user_id, self.seller)
        self.assertIn(order.name, line.note)
        action = ticket.action_view_sale_orders()
        self.assertEqual(self.env['sale.order'].search(action['domain']), order)

    def test_ticket_without_product_gets_an_empty_quotation(self):
        ticket = self._ticket()
        action = ticket.sudo(self.seller).action_create_quotation()
        order = self.env['sale.order'].browse(action['res_id'])
        self.assertFalse(order.order_line)
        self.assertEqual(order.partner_id, self.customer)

    def test_ticket_without_customer(self):
        ticket = self._ticket()
        ticket.partner_id = False
        with self.assertRaises(UserError):
            ticket.sudo(self.seller).action_create_quotation()

    def test_operator_without_sales_rights(self):
        ticket = self._ticket(product_id=self.product.id)
        with self.assertRaises(AccessError):
            ticket.sudo(self.operator).action_create_quotation()
