from odoo.exceptions import AccessError

from .common import EinvoiceCase


class TestInvoiceVisibility(EinvoiceCase):
    """SPEC B2, invoices row: CRM and system administrators see them; salespeople do not."""

    def test_matrix(self):
        invoice = self._invoice(self.private, [('Canone', 1, 100.0, 0, self.tax22)])
        seller = self._create_user('inv_seller', 'group_crm_salesperson')
        admin = self._create_user('inv_admin', 'group_crm_admin')
        sysadmin = self._create_user('inv_sysadmin', 'group_crm_system_admin')
        accountant = self._create_user('inv_accountant', 'account.group_account_invoice')
        Invoice = self.env['account.invoice']
        for user in (admin, sysadmin, accountant):
            self.assertIn(invoice, Invoice.sudo(user).search([]), user.login)
        self.assertFalse(Invoice.sudo(seller).search([('id', '=', invoice.id)]))
        with self.assertRaises(AccessError):
            invoice.sudo(seller).read(['amount_total'])
        # nor their lines, taxes and journal items (the same customer, descriptions, amounts)
        for model, records in (('account.invoice.line', invoice.invoice_line_ids),
                               ('account.invoice.tax', invoice.tax_line_ids),
                               ('account.move.line', invoice.move_id.line_ids)):
            self.assertTrue(records, model)
            Model = self.env[model]
            self.assertFalse(Model.sudo(seller).search([('id', 'in', records.ids)]), model)
            with self.assertRaises(AccessError):
                records.sudo(seller).read(['create_date'])
            for user in (admin, sysadmin, accountant):
                self.assertEqual(Model.sudo(user).search([('id', 'in', records.ids)]), records,
                                 (model, user.login))
        for user in (self._create_user('inv_assignee', 'group_crm_assignee'),
                     self._create_user('inv_marketing', 'group_crm_marketing_operator')):
            self.assertFalse(Invoice.sudo(user).check_access_rights('read', raise_exception=False))

    def test_salesperson_still_opens_his_invoiced_order(self):
        seller = self._create_user('inv_seller2', 'group_crm_salesperson')
        product = self.env['product.product'].create({'name': 'Consulenza', 'type': 'service',
                                                      'invoice_policy': 'order', 'list_price': 100})
        order = self.env['sale.order'].create({'partner_id': self.private.id, 'user_id': seller.id,
                                               'order_line': [(0, 0, {'product_id': product.id,
                                                                      'product_uom_qty': 1})]})
        order.action_confirm()
        order.action_invoice_create()
        data = order.sudo(seller).read(['invoice_count', 'invoice_status'])[0]
        self.assertEqual(data['invoice_count'], 1)
        self.assertEqual(data['invoice_status'], 'invoiced')

    def test_salesperson_quotes_and_confirms_with_invoice_lines_closed(self):
        """Odoo's sale flow as a salesperson (issue 12 §6): quote, confirm, read the invoicing
        status, while invoice lines and journal items are closed to him."""
        seller = self._create_user('inv_seller3', 'group_crm_salesperson')
        self.private.write({'user_id': seller.id})
        product = self.env['product.product'].create({'name': 'Sopralluogo', 'type': 'service',
                                                      'invoice_policy': 'order', 'list_price': 80})
        order = self.env['sale.order'].sudo(seller).create({
            'partner_id': self.private.id,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': 2})]})
        order.action_confirm()
        data = order.read(['state', 'invoice_status', 'invoice_count', 'amount_untaxed'])[0]
        self.assertEqual((data['state'], data['invoice_status'], data['invoice_count']),
                         ('sale', 'to invoice', 0))
        self.assertEqual(data['amount_untaxed'], 160.0)
        # invoiced by the administration: his order shows it, the invoice stays closed to him
        order.sudo().action_invoice_create()
        order.invalidate_cache()
        self.assertEqual(order.read(['invoice_status'])[0]['invoice_status'], 'invoiced')
        with self.assertRaises(AccessError):
            order.sudo().invoice_ids.sudo(seller).read(['amount_total'])
