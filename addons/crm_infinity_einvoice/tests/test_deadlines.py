import datetime

from .common import EinvoiceCase


class TestPaymentDeadlines(EinvoiceCase):
    """E6 → B8: each open instalment of a customer invoice is a ``payment_due`` deadline of the
    invoice's salesperson, reminded once; a salesperson (no invoice rights) sees none; the
    activity the e-invoicing payment cron plans on the due date is not listed a second time."""

    def test_payment_due(self):
        seller = self._create_user('t_inv_seller', 'crm_infinity_base.group_crm_salesperson')
        biller = self._create_user('t_inv_biller', 'crm_infinity_base.group_crm_admin')
        invoice = self._invoice(self.private, [('Canone', 1, 100.0, 0, self.tax22)],
                                date_invoice='2026-11-20', date_due='2026-11-25',
                                payment_term_id=False, user_id=seller.id)
        paid = self._invoice(self.private, [('Pagata', 1, 50.0, 0, self.tax22)],
                             date_invoice='2026-11-20', date_due='2026-11-25',
                             payment_term_id=False, user_id=seller.id, validate=False)
        Provider = self.env['crm.infinity.deadline.provider']
        window = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))

        def ours(deadlines):
            return [d for d in deadlines if d['res_model'] == 'account.invoice'
                    and d['res_id'] in (invoice | paid).ids]
        deadlines = ours(Provider.sudo(biller)._crm_deadlines(*window))
        self.assertEqual([(d['kind'], d['date'], d['user_ids'], d['res_id']) for d in deadlines],
                         [('payment_due', datetime.date(2026, 11, 25), seller.ids, invoice.id)])
        self.assertIn('122.00', deadlines[0]['note'])
        self.assertEqual(ours(Provider.sudo(seller)._crm_deadlines(*window)), [])
        self.env['account.invoice']._cron_payment_reminders(days=36500)
        kinds = [d['kind'] for d in ours(Provider.sudo(biller)._crm_deadlines(*window))]
        self.assertEqual(kinds, ['payment_due'])
        Reminder = self.env['crm.infinity.deadline.reminder']
        Reminder._crm_ensure_kinds()
        Reminder.search([('kind', '=', 'payment_due')]).write({'days_before': 3,
                                                                'notify_owner': True})
        Reminder._crm_send_reminders(today=datetime.date(2026, 11, 21), deadlines=deadlines)
        Reminder._crm_send_reminders(today=datetime.date(2026, 11, 22), deadlines=deadlines)
        Reminder._crm_send_reminders(today=datetime.date(2026, 11, 23), deadlines=deadlines)
        logs = self.env['crm.infinity.deadline.reminder.log'].search(
            [('res_model', '=', 'account.invoice'), ('res_id', '=', invoice.id)])
        self.assertEqual([(l.partner_id, l.deadline_date) for l in logs],
                         [(seller.partner_id, '2026-11-25')])
