"""The reminders of the commesse's deadlines (SPEC B8, Sicurweb table) under two cron workers at
once: real transactions (own cursor, REPEATABLE READ, committed), the mails delivered to a real
SMTP server on loopback. Each reminder reaches its person once (manager: end, documentation
delivery, contract expiry; assignee and manager: the activity's planned end), in Italian, and
never a user who cannot read the commessa. Everything created is removed at the end."""
import datetime
from email.header import decode_header, make_header
import threading
import time
from unittest.mock import patch

import odoo
from odoo.tests.common import BaseCase, get_db_name

from odoo.addons.crm_infinity_base.models.crm_infinity_deadline_reminder import (
    CrmInfinityDeadlineReminder)
from odoo.addons.crm_infinity_base.tests.concurrency import CommittedTransactionsMixin
from odoo.addons.crm_infinity_base.tests.servers import SmtpCatcher

TODAY = datetime.date(2031, 5, 5)
KINDS = ('commessa_end', 'doc_delivery', 'contract_expiry', 'activity_end')
B = 'crm_infinity_base.'
SETTING_FIELDS = ['active', 'days_before', 'notify_owner', 'notify_manager', 'notify_assignee',
                  'notify_customer', 'channel_email', 'channel_sms', 'user_ids']


class TestProjectDeadlineReminders(CommittedTransactionsMixin, BaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = odoo.registry(get_db_name())

    def setUp(self):
        super().setUp()
        self.smtp = SmtpCatcher().start()
        self.addCleanup(self.smtp.stop)
        with self._env() as env:
            self.server_id = env['ir.mail_server'].create({
                'name': 'race-proj', 'smtp_host': '127.0.0.1', 'smtp_port': self.smtp.port,
                'sequence': 0}).id

            def user(login, *groups):
                return env['res.users'].with_context(no_reset_password=True).create({
                    'name': login, 'login': login, 'email': '%s@example.com' % login,
                    'lang': 'it_IT', 'groups_id': [(6, 0, [env.ref(B + g).id for g in groups])]})
            manager = user('t_rr_manager', 'group_crm_commessa_manager')
            assignee = user('t_rr_assignee', 'group_crm_assignee')
            sales = user('t_rr_sales', 'group_crm_salesperson')
            self.users = {'manager': manager.id, 'assignee': assignee.id, 'sales': sales.id}
            self.emails = {k: '%s@example.com' % u.login for k, u in
                           (('manager', manager), ('assignee', assignee), ('sales', sales))}
            project = env['project.project'].create({
                'name': 'Commessa gara promemoria', 'user_id': manager.id, 'crm_state': 'open',
                'crm_date_start': '2031-01-01', 'crm_date_planned_end': '2031-05-06',
                'crm_date_doc_delivery': '2031-05-05', 'crm_date_contract_expiry': '2031-05-20'})
            task = env['project.task'].create({
                'name': 'Sopralluogo gara', 'project_id': project.id, 'user_id': assignee.id,
                'crm_planned_start': '2031-05-01 08:00:00',
                'crm_planned_end': '2031-05-05 15:00:00'})
            self.project_id, self.task_id = project.id, task.id
            Reminder = env['crm.infinity.deadline.reminder']
            Reminder._crm_ensure_kinds()
            settings = Reminder.with_context(active_test=False).search([('kind', 'in', KINDS)])
            self.saved = settings.read(SETTING_FIELDS)
            # Sicurweb's table, and a salesperson an admin added to every kind by mistake
            settings.write({'active': True, 'channel_email': True, 'channel_sms': False,
                            'notify_owner': False, 'notify_customer': False,
                            'user_ids': [(6, 0, [sales.id])]})
            for setting in settings:
                setting.write({'days_before': 30, 'notify_manager': True,
                               'notify_assignee': setting.kind == 'activity_end'})
        self.addCleanup(self._remove)

    def _remove(self):
        with self._env() as env:
            for values in self.saved:
                values = dict(values)
                values['user_ids'] = [(6, 0, values['user_ids'])]
                env['crm.infinity.deadline.reminder'].browse(values.pop('id')).write(values)
            cr = env.cr
            cr.execute("""SELECT mail_id FROM crm_infinity_deadline_reminder_log
                           WHERE ((res_model = 'project.project' AND res_id = %s)
                              OR (res_model = 'project.task' AND res_id = %s))""",
                       (self.project_id, self.task_id))
            mail_ids = [r[0] for r in cr.fetchall() if r[0]]
            cr.execute("""DELETE FROM crm_infinity_deadline_reminder_log
                           WHERE ((res_model = 'project.project' AND res_id = %s)
                              OR (res_model = 'project.task' AND res_id = %s))""",
                       (self.project_id, self.task_id))
            env['mail.mail'].browse(mail_ids).unlink()
            project = env['project.project'].browse(self.project_id)
            account = project.analytic_account_id
            env['project.task'].browse(self.task_id).unlink()
            project.unlink()
            account.exists().unlink()
            env['ir.mail_server'].browse(self.server_id).unlink()
            users = env['res.users'].browse(list(self.users.values()))
            partners = users.mapped('partner_id')
            users.unlink()
            partners.unlink()

    def _deadlines(self, env):
        """The provider's deadlines of the test's two records only (the demo's are left be)."""
        ours = {('project.project', self.project_id), ('project.task', self.task_id)}
        return [d for d in env['crm.infinity.deadline.provider']._crm_deadlines(
            TODAY, TODAY + datetime.timedelta(days=30), kinds=list(KINDS))
            if (d['res_model'], d['res_id']) in ours]

    def _run(self, start):
        with self._env() as env:
            deadlines = self._deadlines(env)
            start.wait(10)
            env['crm.infinity.deadline.reminder']._crm_send_reminders(TODAY, deadlines)

    def test_two_cron_runs_at_once_remind_each_person_once(self):
        start = threading.Barrier(2)
        deliver = CrmInfinityDeadlineReminder._crm_deliver

        def slow_deliver(self, *args, **kwargs):
            time.sleep(0.2)  # the other run now meets the uncommitted claim
            return deliver(self, *args, **kwargs)

        with patch.object(CrmInfinityDeadlineReminder, '_crm_deliver', slow_deliver):
            self._in_threads(lambda: self._run(start), lambda: self._run(start))

        with self._env() as env:
            env.cr.execute("""SELECT kind, res_model, partner_id, count(*), count(mail_id)
                                FROM crm_infinity_deadline_reminder_log
                               WHERE (res_model = 'project.project' AND res_id = %s)
                                  OR (res_model = 'project.task' AND res_id = %s)
                            GROUP BY 1, 2, 3""", (self.project_id, self.task_id))
            rows = sorted(env.cr.fetchall())
            partner = {k: env['res.users'].browse(uid).partner_id.id
                       for k, uid in self.users.items()}
            env.cr.execute("""SELECT mail_id FROM crm_infinity_deadline_reminder_log
                               WHERE (res_model = 'project.project' AND res_id = %s)
                                  OR (res_model = 'project.task' AND res_id = %s)""",
                           (self.project_id, self.task_id))
            mails = env['mail.mail'].browse([r[0] for r in env.cr.fetchall()])
            mails.send()
        commessa = [(kind, 'project.project', partner['manager'], 1, 1)
                    for kind in ('commessa_end', 'contract_expiry', 'doc_delivery')]
        activity = [('activity_end', 'project.task', partner[who], 1, 1)
                    for who in ('manager', 'assignee')]
        self.assertEqual(rows, sorted(activity + commessa))

        # (the assignment notices of the records' creation are left aside)
        received = sorted((m['to'][0], str(make_header(decode_header(m['subject']))))
                          for m in self.smtp.messages if not m['subject'].startswith('Re: '))
        self.assertEqual(len(received), 5, received)
        by_person = {}
        for to, subject in received:
            by_person.setdefault(to, []).append(subject)
        self.assertNotIn(self.emails['sales'], by_person,
                         'a salesperson cannot read the commessa: no reminder of it')
        self.assertEqual(sorted(by_person), sorted([self.emails['manager'],
                                                    self.emails['assignee']]))
        self.assertEqual(by_person[self.emails['assignee']],
                         ['Promemoria: Fine attività - Sopralluogo gara - '
                          'Commessa gara promemoria il 05/05/2031'])
        manager = by_person[self.emails['manager']]
        self.assertEqual(len(manager), 4)
        self.assertTrue(all(s.startswith('Promemoria: ') for s in manager), manager)
        self.assertIn('Promemoria: Consegna documentazione - Commessa gara promemoria il '
                      '05/05/2031', manager)
