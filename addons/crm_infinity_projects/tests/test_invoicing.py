import base64

from odoo.exceptions import AccessError, UserError

from odoo.addons.crm_infinity_einvoice.fatturapa import validate_xsd
from odoo.addons.crm_infinity_einvoice.tests.common import EinvoiceCase

from .common_cost import ProjectCostMixin


class TestInvoicingFromCommesse(ProjectCostMixin, EinvoiceCase):
    """SPEC E1: time and material and milestones of the accepted quote, invoiced once, exported
    to FatturaPA."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cost_customer = cls.private
        cls._setup_costs()
        cls.invoicer = cls._create_user('t_pc_invoicer', 'base.group_user',
                                        'account.group_account_invoice')

    def test_time_and_material_invoice_exports_and_is_made_once(self):
        self._log(self.mario, '2026-06-12', 4)    # 70/h
        self._log(self.mario, '2026-06-16', 2.5)  # 80/h
        self._log(self.lucia, '2026-06-16', 3)    # 60/h
        action = self.project.sudo(self.invoicer).action_crm_invoice_time()
        invoice = self.env['account.invoice'].browse(action['res_id'])
        self.assertEqual((invoice.state, invoice.partner_id, invoice.origin),
                         ('draft', self.private, 'DVR Rossi Impianti'))
        self.assertEqual(sorted((l.quantity, l.price_unit) for l in invoice.invoice_line_ids),
                         [(2.5, 80.0), (3.0, 60.0), (4.0, 70.0)])
        self.assertEqual(invoice.amount_untaxed, 660.0)
        self.assertEqual(self.project.crm_uninvoiced_hours, 0.0)
        with self.assertRaisesRegex(UserError, 'no hours to invoice'):
            self.project.sudo(self.invoicer).action_crm_invoice_time()
        invoice.action_invoice_open()
        self.assertEqual(validate_xsd(base64.b64decode(invoice.fatturapa_export().datas)), [])
        # later hours go on the next invoice, alone
        self._log(self.lucia, '2026-06-17', 1)
        second = self.project._crm_invoice_time()
        self.assertEqual([(l.quantity, l.price_unit) for l in second.invoice_line_ids], [(1.0, 60.0)])

    def test_a_deleted_draft_invoice_frees_its_hours(self):
        line = self._log(self.mario, '2026-06-12', 4)
        invoice = self.project._crm_invoice_time()
        invoice.unlink()
        self.assertFalse(line.crm_invoice_line_id)
        self.assertEqual(self.project._crm_invoice_time().amount_untaxed, 280.0)

    def test_who_may_invoice(self):
        self._log(self.mario, '2026-06-12', 4)
        for user in (self.manager, self.salesperson, self.mario):
            with self.assertRaises(AccessError):
                self.project.sudo(user).action_crm_invoice_time()
        self.project.sudo(self.cost_admin).action_crm_invoice_time()

    def test_milestones_of_the_accepted_quote(self):
        order = self.env['sale.order'].create({
            'partner_id': self.private.id,
            'order_line': [(0, 0, {'name': name, 'product_uom_qty': 1, 'price_unit': price,
                                   'product_id': self.env.ref('product.product_product_1').id,
                                   'tax_id': [(6, 0, self.tax22.ids)]})
                           for name, price in (('Acconto alla firma', 600.0),
                                               ('Consegna del DVR', 1400.0))]})
        order.action_confirm()
        self.project.crm_sale_order_id = order
        first = order.order_line[0]
        invoice = self.project._crm_invoice_milestones(first)
        self.assertEqual(invoice.amount_untaxed, 600.0)
        self.assertEqual(first.qty_invoiced, 1.0)
        rest = self.env['account.invoice'].browse(
            self.project.sudo(self.invoicer).action_crm_invoice_milestones()['res_id'])
        self.assertEqual(rest.amount_untaxed, 1400.0)
        with self.assertRaises(UserError):
            self.project.action_crm_invoice_milestones()
        rest.action_invoice_open()
        self.assertEqual(validate_xsd(base64.b64decode(rest.fatturapa_export().datas)), [])
