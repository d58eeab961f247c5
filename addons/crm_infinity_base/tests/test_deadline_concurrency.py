"""The reminders under two cron workers at once: real transactions (own cursor, REPEATABLE READ,
committed), as two Odoo cron threads. The ledger rows and mails of the test's own model name are
removed at the end."""
import datetime
import threading
import time
from unittest.mock import patch

import odoo
from odoo.tests.common import BaseCase, get_db_name

from ..models.crm_infinity_deadline_reminder import CrmInfinityDeadlineReminder
from .concurrency import CommittedTransactionsMixin

MODEL = 'test.deadline.race'
TODAY = datetime.date(2026, 3, 10)


class TestDeadlineConcurrency(CommittedTransactionsMixin, BaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = odoo.registry(get_db_name())
        with cls._env() as env:
            users = env['res.users'].search([('share', '=', False), ('email', '!=', False)],
                                            limit=3, order='id')
            cls.user_ids = users.ids
            cls.partner_ids = users.mapped('partner_id').ids
            Reminder = env['crm.infinity.deadline.reminder']
            Reminder._crm_ensure_kinds()
            setting = Reminder.with_context(active_test=False).search(
                [('kind', '=', 'planned_activity')])
            fields = ['active', 'days_before', 'notify_owner', 'notify_manager', 'notify_assignee',
                      'notify_customer', 'channel_email', 'channel_sms']
            cls.saved = setting.read(fields)[0]
            setting.write({'active': True, 'days_before': 3, 'notify_owner': True,
                           'notify_manager': True, 'notify_assignee': False,
                           'notify_customer': False, 'channel_email': True,
                           'channel_sms': False})

    @classmethod
    def tearDownClass(cls):
        with cls._env() as env:
            values = dict(cls.saved)
            setting = env['crm.infinity.deadline.reminder'].browse(values.pop('id'))
            setting.write(values)
        super().tearDownClass()

    def tearDown(self):
        with self._env() as env:
            env.cr.execute('SELECT mail_id FROM crm_infinity_deadline_reminder_log '
                           'WHERE res_model = %s AND mail_id IS NOT NULL', (MODEL,))
            mail_ids = [r[0] for r in env.cr.fetchall()]
            env.cr.execute('DELETE FROM crm_infinity_deadline_reminder_log WHERE res_model = %s',
                           (MODEL,))
            env['mail.mail'].browse(mail_ids).unlink()
        super().tearDown()

    def _deadlines(self):
        a, b, c = self.user_ids
        return [{'kind': 'planned_activity', 'date': TODAY + datetime.timedelta(days=offset),
                 'name': 'Gara %d' % res_id, 'res_model': MODEL, 'res_id': res_id,
                 'user_ids': [a, b, c], 'partner_id': False,
                 'roles': {'owner': [a], 'manager': [b], 'assignee': [c]}}
                for res_id, offset in ((1, 0), (2, 1), (3, 2), (4, 30))]

    def _run(self, start):
        with self._env() as env:
            env.cr.execute('SELECT 1')  # the snapshot is taken before the other run commits
            start.wait(10)
            env['crm.infinity.deadline.reminder']._crm_send_reminders(TODAY, self._deadlines())

    def test_two_cron_runs_at_once_send_each_reminder_once(self):
        start = threading.Barrier(2)
        deliver = CrmInfinityDeadlineReminder._crm_deliver
        claim = CrmInfinityDeadlineReminder._crm_claim
        claims = []

        def slow_deliver(self, *args, **kwargs):
            time.sleep(0.2)  # the other run now meets the uncommitted claim
            return deliver(self, *args, **kwargs)

        def counted_claim(self, key):
            ledger_id = claim(self, key)
            claims.append(bool(ledger_id))
            return ledger_id

        with patch.object(CrmInfinityDeadlineReminder, '_crm_deliver', slow_deliver), \
                patch.object(CrmInfinityDeadlineReminder, '_crm_claim', counted_claim):
            self._in_threads(lambda: self._run(start), lambda: self._run(start))
        # both runs tried the 6 reminders due (3 deadlines x owner and manager), 6 got them
        self.assertEqual(sorted(claims), [False] * 6 + [True] * 6)
        with self._env() as env:
            env.cr.execute('SELECT res_id, partner_id, channel, count(*), count(mail_id) '
                           'FROM crm_infinity_deadline_reminder_log WHERE res_model = %s '
                           'GROUP BY 1, 2, 3 ORDER BY 1, 2', (MODEL,))
            rows = env.cr.fetchall()
        owner, manager = self.partner_ids[0], self.partner_ids[1]
        expected = sorted((res_id, partner, 'email', 1, 1) for res_id in (1, 2, 3)
                          for partner in (owner, manager))
        self.assertEqual(sorted(rows), expected)
