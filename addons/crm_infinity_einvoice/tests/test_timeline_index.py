"""The index of the Scheda riepilogo on the e-invoice sources (customer invoices and credit
notes validated, payments received): after each change the watches of ``crm_infinity_timeline``
declare, the right sources of the right companies are queued and the card read through the
index equals the card made from the sources, as an invoicing user, the salesperson of the
company (who reads no invoice) and an administrator with invoicing rights."""
from odoo.addons.crm_infinity_base.tests.common import TimelineIndexMixin

from .common import EinvoiceCase


class TestTimelineIndexEinvoice(TimelineIndexMixin, EinvoiceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        mk = cls._create_user
        cls.accountant = mk('t_einv_idx_accountant', 'account.group_account_invoice')
        cls.salesperson = mk('t_einv_idx_sales', 'crm_infinity_base.group_crm_salesperson')
        cls.admin = mk('t_einv_idx_admin', 'crm_infinity_base.group_crm_admin',
                       'account.group_account_invoice')
        cls.private.write({'user_id': cls.salesperson.id})
        cls.person = env['res.partner'].create({'name': 'Mario Alfa',
                                                'parent_id': cls.private.id})
        cls.invoice = cls._invoice(cls.private, [('Manutenzione', 1, 100.0, 0, cls.tax22)])
        cls.bank = env['account.journal'].search([('type', '=', 'bank'),
                                                  ('company_id', '=', cls.company.id)], limit=1)
        cls.viewers = cls.accountant | cls.salesperson | cls.admin

    @classmethod
    def _payment(cls, partner, amount, post=True):
        payment = cls.env['account.payment'].create({
            'payment_type': 'inbound', 'partner_type': 'customer', 'partner_id': partner.id,
            'amount': amount, 'journal_id': cls.bank.id, 'payment_date': '2026-11-25',
            'payment_method_id': cls.env.ref('account.account_payment_method_manual_in').id,
            'communication': 'Bonifico'})
        if post:
            payment.post()
        return payment

    def test_an_invoice_of_a_contact_is_an_item_once_validated(self):
        self._build(self.private, self.private_pec)
        self.assertEqual(self._index_ids(self.private, 'invoice'), set(self.invoice.ids))
        draft = self._invoice(self.person, [('Ricambi', 2, 50.0, 0, self.tax22)],
                              validate=False)
        self.assertIn('invoice', self._index_queued(self.private))
        self.assertFalse(self._index_queued(self.private_pec))
        self.assertCardIndexed(self.private, self.viewers)
        self.assertNotIn(draft.id, self._index_ids(self.private, 'invoice'))  # not an item yet
        draft.action_invoice_open()
        self.assertIn('invoice', self._index_queued(self.private))
        self.assertCardIndexed(self.private, self.viewers)
        self.assertIn(draft.id, self._index_ids(self.private, 'invoice'))

    def test_a_credit_note_and_a_change_of_invoice_date(self):
        self._build(self.private)
        refund = self._invoice(self.person, [('Storno', 1, 30.0, 0, self.tax22)],
                               type='out_refund', date_invoice='2026-11-22')
        self.assertIn('invoice', self._index_queued(self.private))
        self.assertCardIndexed(self.private, self.viewers)
        self.assertIn(refund.id, self._index_ids(self.private, 'invoice'))
        self.invoice.write({'date_invoice': '2026-11-10'})
        self.assertEqual(self._index_queued(self.private), {'invoice'})
        self.assertCardIndexed(self.private, self.viewers)

    def test_a_payment_received_once_posted(self):
        self._build(self.private, self.private_pec)
        payment = self._payment(self.person, 50.0, post=False)
        self.assertIn('payment', self._index_queued(self.private))
        self.assertCardIndexed(self.private, self.viewers)
        self.assertFalse(self._index_ids(self.private, 'payment'))  # a draft: not an item
        payment.post()
        self.assertEqual(self._index_queued(self.private), {'payment'})
        self.assertFalse(self._index_queued(self.private_pec))
        self.assertCardIndexed(self.private, self.viewers)
        self.assertEqual(self._index_ids(self.private, 'payment'), set(payment.ids))

    def test_an_update_of_columns_not_shown_queues_nothing(self):
        self._build(self.private)
        payment = self._payment(self.private, 20.0)
        self.assertCardIndexed(self.private, self.viewers)
        self.invoice.write({'comment': 'Pagamento a 30 giorni', 'reference': 'ORD-42'})
        payment.write({'communication': 'Bonifico fattura'})
        self.assertFalse(self._index_queued(self.private))
