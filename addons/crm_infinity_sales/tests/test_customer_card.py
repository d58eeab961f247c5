from lxml import etree

from odoo.exceptions import AccessError

from .common import SalesCase

CARD = ['crm_open_deal_count', 'crm_open_deal_amount', 'crm_quote_count', 'crm_quote_amount',
        'crm_invoice_count', 'crm_invoiced_amount', 'crm_amount_due', 'crm_amount_overdue']


class TestCustomerCard(SalesCase):
    """Open deals 1000 (anna, on the contact person) + 2000 (bruno, on the company), a won deal
    left out; a quotation of anna (500 + no tax); an open invoice of 1000 overdue and an open
    one of 300 not due yet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.accountant = cls._create_user('t_sales_accountant', 'account.group_account_invoice')
        cls.customer.write({'user_id': cls.anna.id})  # her company (B2)
        cls.person = env['res.partner'].create({'name': 'Carla Cliente',
                                                'parent_id': cls.customer.id})
        cls._deal(cls.anna, name='Aperta Anna', planned_revenue=1000.0,
                  partner_id=cls.person.id)
        cls._deal(cls.bruno, name='Aperta Bruno', planned_revenue=2000.0)
        cls._deal(cls.anna, name='Vinta Anna', planned_revenue=9000.0, deal_phase='opportunity',
                  deal_status_id=cls.st_won.id)
        product = env['product.product'].create({'name': 'Consulenza test', 'list_price': 500.0,
                                                 'taxes_id': [(5, 0, 0)]})
        env['sale.order'].create({
            'partner_id': cls.customer.id, 'user_id': cls.anna.id,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': 1,
                                   'price_unit': 500.0, 'tax_id': [(5, 0, 0)]})]})
        account = env['account.account'].search([
            ('user_type_id', '=', env.ref('account.data_account_type_revenue').id)], limit=1)
        journal = env['account.journal'].search([('type', '=', 'sale')], limit=1)
        Invoice = env['account.invoice']
        for amount, due in ((1000.0, '2026-01-31'), (300.0, '2099-12-31')):
            invoice = Invoice.create({
                'partner_id': cls.person.id, 'type': 'out_invoice', 'journal_id': journal.id,
                'date_invoice': '2026-01-01', 'date_due': due,
                'invoice_line_ids': [(0, 0, {'name': 'Servizio', 'quantity': 1,
                                             'price_unit': amount, 'account_id': account.id})]})
            invoice.action_invoice_open()
            invoice.write({'date_due': due})

    def _card(self, user):
        partner = self.customer.sudo(user)
        partner.invalidate_cache()
        values = partner.read(CARD + ['crm_card_commercial', 'crm_card_accounting'])[0]
        return values

    def test_salesperson_sees_commercial_figures_of_his_deals(self):
        card = self._card(self.anna)
        self.assertTrue(card['crm_card_commercial'])
        self.assertFalse(card['crm_card_accounting'])
        self.assertEqual((card['crm_open_deal_count'], card['crm_open_deal_amount']), (1, 1000.0))
        self.assertEqual((card['crm_quote_count'], card['crm_quote_amount']), (1, 500.0))
        self.assertEqual((card['crm_invoice_count'], card['crm_amount_due']), (0, 0.0))
        # her manager sees her figures, not Bruno's deal on the same company
        manager = self._card(self.area_manager)
        self.assertEqual((manager['crm_open_deal_count'], manager['crm_quote_count']), (1, 1))
        # Bruno has a deal there, on a company that is not his (B2, issue 13): he reads the
        # company of his deal, with the figures of his own deals and quotes only
        bruno = self._card(self.bruno)
        self.assertEqual((bruno['crm_open_deal_count'], bruno['crm_open_deal_amount']),
                         (1, 2000.0))
        self.assertEqual(bruno['crm_quote_count'], 0)
        # nor does he edit it
        with self.assertRaises(AccessError):
            self.customer.sudo(self.bruno).write({'phone': '02 000000'})

    def test_invoicing_user_sees_accounting_figures_only(self):
        card = self._card(self.accountant)
        self.assertFalse(card['crm_card_commercial'])
        self.assertTrue(card['crm_card_accounting'])
        self.assertEqual(card['crm_open_deal_count'], 0)
        self.assertEqual((card['crm_invoice_count'], card['crm_invoiced_amount']), (2, 1300.0))
        self.assertEqual((card['crm_amount_due'], card['crm_amount_overdue']), (1300.0, 1000.0))

    def test_administrator_sees_everything_on_company_and_contacts(self):
        admin = self._create_user('t_sales_card_admin', 'group_crm_admin',
                                  'account.group_account_invoice')
        card = self._card(admin)
        self.assertEqual((card['crm_open_deal_count'], card['crm_open_deal_amount']),
                         (2, 3000.0))
        self.assertEqual((card['crm_quote_count'], card['crm_invoice_count']), (1, 2))
        self.assertEqual(card['crm_amount_overdue'], 1000.0)
        person = self.person.sudo(admin).read(['crm_open_deal_count'])[0]
        self.assertEqual(person['crm_open_deal_count'], 2)  # the card is the company's

    def _card_sections_shown(self, user):
        arch = etree.fromstring(self.env['res.partner'].sudo(user).fields_view_get(
            view_type='form')['arch'])
        return {name for name in ('crm_card_commercial', 'crm_card_accounting')
                if arch.xpath("//group[@name='%s'][not(@invisible='1')]" % name)}

    def test_card_in_the_form_per_profile(self):
        self.assertEqual(self._card_sections_shown(self.anna), {'crm_card_commercial'})
        self.assertEqual(self._card_sections_shown(self.accountant), {'crm_card_accounting'})
        action = self.customer.sudo(self.anna).action_crm_card_open_deals()
        self.assertEqual(self.env['crm.lead'].sudo(self.anna).search(action['domain']).mapped(
            'name'), ['Aperta Anna'])

    def test_invoiced_is_the_same_figure_as_odoos_button(self):
        """Issue 13: the card's "Invoiced" and Odoo's "Invoiced" button of the same form are
        one figure (untaxed), also with VAT on the invoice."""
        env = self.env
        tax = env['account.tax'].create({'name': 'IVA 22% test', 'amount': 22.0,
                                         'type_tax_use': 'sale'})
        account = env['account.account'].search([
            ('user_type_id', '=', env.ref('account.data_account_type_revenue').id)], limit=1)
        invoice = env['account.invoice'].create({
            'partner_id': self.person.id, 'type': 'out_invoice',
            'invoice_line_ids': [(0, 0, {'name': 'Servizio tassato', 'quantity': 1,
                                         'price_unit': 200.0, 'account_id': account.id,
                                         'invoice_line_tax_ids': [(6, 0, tax.ids)]})]})
        invoice.compute_taxes()
        invoice.action_invoice_open()
        self.assertEqual(invoice.amount_total, 244.0)
        card = self._card(self.accountant)
        self.assertEqual(card['crm_invoiced_amount'], 1500.0)
        self.assertEqual(self.customer.sudo(self.accountant).total_invoiced, 1500.0)
        self.assertEqual(card['crm_amount_due'], 1544.0)  # what he owes includes the VAT
