import datetime

from odoo import fields

from .common import SalesCase

TODAY = datetime.date.today()


def day(offset):
    return fields.Date.to_string(TODAY + datetime.timedelta(days=offset))


class TestSalesDeadlines(SalesCase):
    """B8: the *contatta in futuro* date of a lead and the validity end of an open quote are
    deadlines of their salesperson, reminded to him (and to the responsible of his sales group
    when configured) once, each seen only by who may read the lead or quote."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead_anna = cls.Lead.sudo(cls.anna).create({
            'name': 'Lead da richiamare di Anna', 'crm_lead_status': 'recall',
            'crm_lead_recall_date': day(1), 'user_id': cls.anna.id})
        cls.lead_bruno = cls.Lead.sudo(cls.bruno).create({
            'name': 'Lead da richiamare di Bruno', 'crm_lead_status': 'recall',
            'crm_lead_recall_date': day(2), 'user_id': cls.bruno.id})
        Order = cls.env['sale.order']
        cls.quote_anna = Order.create({'partner_id': cls.customer.id, 'user_id': cls.anna.id,
                                       'validity_date': day(3)})
        cls.quote_bruno = Order.create({'partner_id': cls.customer.id, 'user_id': cls.bruno.id,
                                        'validity_date': day(3)})
        cls.confirmed = Order.create({'partner_id': cls.customer.id, 'user_id': cls.anna.id,
                                      'validity_date': day(3)})
        cls.confirmed.write({'state': 'sale'})
        cls.env['crm.infinity.deadline.reminder']._crm_ensure_kinds()

    def _ours(self, deadlines):
        ours = {('crm.lead', r.id) for r in self.lead_anna | self.lead_bruno} | {
            ('sale.order', r.id) for r in self.quote_anna | self.quote_bruno | self.confirmed}
        return sorted((d['kind'], d['res_model'], d['res_id'], tuple(d['user_ids']))
                      for d in deadlines if (d['res_model'], d['res_id']) in ours)

    def test_kinds_and_visibility(self):
        Provider = self.env['crm.infinity.deadline.provider']
        window = (TODAY, TODAY + datetime.timedelta(days=10))
        everything = self._ours(Provider._crm_deadlines(*window))
        self.assertEqual(everything, sorted([
            ('contact_future', 'crm.lead', self.lead_anna.id, (self.anna.id,)),
            ('contact_future', 'crm.lead', self.lead_bruno.id, (self.bruno.id,)),
            ('quote_expiry', 'sale.order', self.quote_anna.id, (self.anna.id,)),
            ('quote_expiry', 'sale.order', self.quote_bruno.id, (self.bruno.id,))]))
        anna = self._ours(Provider.sudo(self.anna)._crm_deadlines(*window))
        self.assertEqual({d[2] for d in anna}, {self.lead_anna.id, self.quote_anna.id})
        manager = self._ours(Provider.sudo(self.area_manager)._crm_deadlines(*window))
        self.assertEqual({d[2] for d in manager}, {self.lead_anna.id, self.quote_anna.id})
        # the recall activity is the same deadline: not listed a second time
        kinds = [d['kind'] for d in Provider.sudo(self.anna)._crm_deadlines(*window)
                 if d['res_model'] == 'crm.lead' and d['res_id'] == self.lead_anna.id]
        self.assertEqual(kinds, ['contact_future'])

    def test_reminders_to_the_salesperson_and_his_manager_once(self):
        Reminder = self.env['crm.infinity.deadline.reminder']
        Reminder.search([('kind', '=', 'quote_expiry')]).write(
            {'days_before': 3, 'notify_owner': True, 'notify_manager': True})
        Reminder.search([('kind', '=', 'contact_future')]).write(
            {'days_before': 1, 'notify_owner': True, 'notify_manager': False})
        Reminder._crm_send_reminders(today=TODAY)
        Reminder._crm_send_reminders(today=TODAY)
        Ledger = self.env['crm.infinity.deadline.reminder.log']

        def sent(record):
            return sorted(Ledger.search([('res_model', '=', record._name),
                                         ('res_id', '=', record.id)]).mapped('partner_id.name'))
        self.assertEqual(sent(self.lead_anna), [self.anna.name])
        self.assertEqual(sent(self.lead_bruno), [], 'in two days: offset 1')
        self.assertEqual(sent(self.quote_anna), sorted([self.anna.name, self.area_manager.name]))
        self.assertEqual(sent(self.quote_bruno), sorted([self.bruno.name, self.other_manager.name]))
        self.assertEqual(sent(self.confirmed), [])
