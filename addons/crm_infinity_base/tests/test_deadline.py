import datetime
from email.header import decode_header, make_header

from odoo import fields
from odoo.exceptions import AccessError

from ..engines.tests.ical_check import ical_events, ical_problems
from .common import CoreEngineCase
from .servers import SmsGatewayStub, SmtpCatcher

TODAY = datetime.date.today()


def subject(message):
    return str(make_header(decode_header(message['subject'])))


def html_body(message):
    for part in message['message'].walk():
        if part.get_content_type() == 'text/html':
            return part.get_payload(decode=True).decode(part.get_content_charset() or 'utf-8')
    return ''


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


class DeadlineCase(CoreEngineCase):
    """Planned activities on the test records of the small sales force: Anna's record (read by
    Anna and her managers), Dario's record; one activity of Dario on Anna's record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env['crm.infinity.deadline.reminder']._crm_ensure_kinds()
        Record = cls.env['crm.infinity.test.record']
        cls.rec_anna = Record.create({'name': 'Pratica riservata di Anna', 'user_id': cls.anna.id,
                                      'partner_id': cls.customer.id})
        cls.rec_dario = Record.create({'name': 'Pratica di Dario', 'user_id': cls.dario.id})
        model = cls.env['ir.model']._get('crm.infinity.test.record')
        todo = cls.env.ref('mail.mail_activity_data_todo')

        def activity(record, user, summary, offset):
            return cls.env['mail.activity'].create({
                'res_model_id': model.id, 'res_id': record.id, 'activity_type_id': todo.id,
                'summary': summary, 'user_id': user.id,
                'date_deadline': fields.Date.to_string(day(offset))})
        cls.act_anna = activity(cls.rec_anna, cls.anna, 'Sollecito segreto', 2)
        cls.act_dario = activity(cls.rec_dario, cls.dario, 'Chiamata di Dario', 1)
        cls.act_for_dario = activity(cls.rec_anna, cls.dario, 'Per Dario', 5)
        for user in (cls.anna, cls.dario, cls.carla):
            user.partner_id.write({'lang': 'it_IT', 'mobile': '+39 347 000 00%02d' % user.id})
            user.write({'lang': 'it_IT'})
        cls.Reminder = cls.env['crm.infinity.deadline.reminder'].with_context(active_test=False)
        cls.Ledger = cls.env['crm.infinity.deadline.reminder.log']

    def _names(self, deadlines):
        return sorted(d['name'].split(' - ')[0] for d in deadlines)


class TestDeadlineProvider(DeadlineCase):

    def test_kinds_of_the_installed_addons_have_a_reminder_setting(self):
        kinds = dict(self.env['crm.infinity.deadline.provider']._crm_deadline_kinds())
        self.assertIn('planned_activity', kinds)
        self.assertEqual(set(self.Reminder.with_context(active_test=False).search([])
                             .mapped('kind')), set(kinds))

    def test_each_user_gets_the_deadlines_of_what_he_may_read(self):
        Provider = self.env['crm.infinity.deadline.provider']
        window = (day(-1), day(10))
        dario = Provider.sudo(self.dario)._crm_deadlines(*window, kinds=['planned_activity'])
        self.assertEqual(self._names(dario), ['Chiamata di Dario', 'Per Dario'])
        north = Provider.sudo(self.north)._crm_deadlines(*window, kinds=['planned_activity'])
        self.assertIn('Sollecito segreto', self._names(north))
        self.assertNotIn('Chiamata di Dario', self._names(north))
        self.assertEqual(Provider.sudo(self.dario)._crm_deadlines(*window, kinds=['nothing']), [])

    def test_the_list_holds_only_the_viewers_rows(self):
        Deadline = self.env['crm.infinity.deadline']
        Deadline.sudo(self.dario)._crm_refresh()
        Deadline.sudo(self.anna)._crm_refresh()
        mine = Deadline.sudo(self.dario).search([('kind', '=', 'planned_activity')])
        self.assertEqual(sorted(mine.mapped('name')),
                         ['Chiamata di Dario - Pratica di Dario',
                          'Per Dario - Pratica riservata di Anna'])
        self.assertNotIn('Sollecito segreto', ' '.join(
            Deadline.sudo(self.dario).search([]).mapped('name')))
        anna_row = Deadline.sudo(self.anna).search([('name', 'like', 'Sollecito')])
        self.assertEqual(len(anna_row), 1)
        with self.assertRaises(AccessError):
            Deadline.sudo(self.dario).browse(anna_row.id).read(['name'])
        # a second refresh replaces the rows (no duplicates)
        Deadline.sudo(self.dario)._crm_refresh()
        self.assertEqual(len(Deadline.sudo(self.dario).search(
            [('kind', '=', 'planned_activity')])), 2)
        row = Deadline.sudo(self.dario).search([('name', 'like', 'Chiamata di Dario')])
        action = row.action_open_record()
        self.assertEqual((action['res_model'], action['res_id']),
                         ('crm.infinity.test.record', self.rec_dario.id))

    def test_the_cron_refreshes_the_calendars_of_their_viewers_as_them(self):
        Deadline = self.env['crm.infinity.deadline']
        Deadline.sudo(self.dario)._crm_refresh()
        self.act_dario.date_deadline = fields.Date.to_string(day(4))
        self.act_for_dario.unlink()
        Deadline._cron_refresh()
        rows = Deadline.sudo(self.dario).search([('kind', '=', 'planned_activity')])
        self.assertEqual([(r.name, r.date) for r in rows],
                         [('Chiamata di Dario - Pratica di Dario', fields.Date.to_string(day(4)))])
        self.assertFalse(Deadline.sudo().search([('viewer_id', '=', self.anna.id)]),
                         'no calendar for who never opened it')

    def test_the_daily_cron_runs(self):
        self.assertTrue(self.Reminder._cron_send())

    def test_the_menu_opens_the_refreshed_calendar(self):
        menu_action = self.env.ref('crm_infinity_base.crm_infinity_deadline_action_server')
        action = menu_action.sudo(self.dario).with_context(lang='it_IT').run()
        self.assertEqual(action['res_model'], 'crm.infinity.deadline')
        self.assertTrue(action['view_mode'].startswith('calendar'))
        self.assertEqual(self.env['crm.infinity.deadline'].sudo(self.dario).search_count([]), 2)


class TestDeadlineReminders(DeadlineCase):

    def _synthetic(self, kind, offset, res_id, roles, partner=False):
        return {'kind': kind, 'date': day(offset), 'name': 'Scadenza %s' % res_id,
                'res_model': 'crm.infinity.test.record', 'res_id': res_id,
                'user_ids': sorted({u for ids in roles.values() for u in ids}),
                'partner_id': partner, 'roles': roles}

    def test_reminders_reach_the_right_people_once_with_the_offset_of_their_kind(self):
        setting = self.Reminder.search([('kind', '=', 'planned_activity')])
        setting.write({'active': True, 'days_before': 2, 'notify_assignee': True})
        with SmtpCatcher() as smtp:
            self.env['ir.mail_server'].create({'name': 'loopback', 'smtp_host': '127.0.0.1',
                                               'smtp_port': smtp.port, 'sequence': 1})
            ours = [('kind', '=', 'planned_activity'), ('res_model', '=', 'crm.infinity.test.record'),
                    ('res_id', 'in', (self.rec_anna | self.rec_dario).ids)]
            self.Reminder._crm_send_reminders(today=TODAY)
            # due in 1 and 2 days: reminded; in 5 days: not yet (offset 2)
            logs = self.Ledger.search(ours)
            got = sorted((log.res_id, log.partner_id.id, log.deadline_date) for log in logs)
            self.assertEqual(got, sorted([
                (self.rec_dario.id, self.dario.partner_id.id, fields.Date.to_string(day(1))),
                (self.rec_anna.id, self.anna.partner_id.id, fields.Date.to_string(day(2)))]))
            self.Reminder._crm_send_reminders(today=TODAY)
            self.assertEqual(self.Ledger.search(ours), logs, 'sent twice')
            # three days later the 5-day one is due
            self.Reminder._crm_send_reminders(today=day(3))
            later = self.Ledger.search(ours) - logs
            self.assertEqual([(l.partner_id, l.deadline_date) for l in later],
                             [(self.dario.partner_id, fields.Date.to_string(day(5)))])
            logs.mapped('mail_id').send()
            self.assertEqual(sorted(m['to'][0] for m in smtp.messages),
                             ['t_anna@example.com', 't_dario@example.com'])
            subjects = sorted(subject(m) for m in smtp.messages)
            self.assertTrue(subjects[0].startswith('Promemoria: Attività pianificata - Chiamata '
                                                   'di Dario'), subjects)

    def test_roles_customer_and_sms(self):
        customer = self.env['res.partner'].create({'name': 'Cliente Avvisato', 'email':
                                                   'cliente@example.com', 'lang': 'it_IT'})
        with SmsGatewayStub() as stub:
            gateway = self.env['crm.infinity.sms.gateway'].create({'name': 'stub', 'url': stub.url})
            self.Reminder.search([('kind', '=', 'planned_activity')]).write({
                'active': True, 'days_before': 7, 'notify_owner': False, 'notify_assignee': False,
                'notify_manager': True, 'notify_customer': True, 'channel_sms': True,
                'sms_gateway_id': gateway.id})
            deadline = self._synthetic('planned_activity', 3, 4242,
                                       {'owner': [self.anna.id], 'manager': [self.carla.id]},
                                       partner=customer.id)
            far = self._synthetic('planned_activity', 8, 4343, {'manager': [self.carla.id]})
            self.assertEqual(self.Reminder._crm_send_reminders(TODAY, [deadline, far]), 4)
            logs = self.Ledger.search([('res_id', 'in', (4242, 4343))])
            self.assertEqual(sorted((l.partner_id.id, l.channel) for l in logs), sorted([
                (self.carla.partner_id.id, 'email'), (self.carla.partner_id.id, 'sms'),
                (customer.id, 'email'), (customer.id, 'sms')]))
            self.assertEqual(len(stub.requests), 1, 'the customer has no mobile')
            self.assertIn('Scadenza 4242', stub.requests[0]['body']['text'])
            self.assertEqual(logs.filtered(lambda l: l.partner_id == customer
                                           and l.channel == 'sms').state, 'failed')
            self.assertEqual(self.Reminder._crm_send_reminders(TODAY, [deadline, far]), 0)

    def test_digest_lists_his_deadlines_is_skipped_when_empty_and_sent_once(self):
        users = self.anna | self.dario | self.carla
        with SmtpCatcher() as smtp:
            self.env['ir.mail_server'].create({'name': 'loopback', 'smtp_host': '127.0.0.1',
                                               'smtp_port': smtp.port, 'sequence': 1})
            self.assertEqual(self.Reminder._crm_send_digests(today=TODAY, users=users), 2)
            self.assertEqual(self.Reminder._crm_send_digests(today=TODAY, users=users), 0)
            logs = self.Ledger.search([('kind', '=', 'digest')])
            self.assertEqual(logs.mapped('partner_id'), (self.anna | self.dario).mapped('partner_id'))
            logs.mapped('mail_id').send()
            by_to = {m['to'][0]: m for m in smtp.messages}
            self.assertEqual(set(by_to), {'t_anna@example.com', 't_dario@example.com'})
            dario = by_to['t_dario@example.com']
            self.assertEqual(subject(dario), 'Le tue scadenze dei prossimi 7 giorni: 2')
            body = html_body(dario)
            self.assertIn('Attività pianificata', body)
            self.assertIn('Chiamata di Dario', body)
            self.assertNotIn('Sollecito segreto', body)
        # the next day is another digest
        self.assertEqual(self.Reminder._crm_send_digests(today=day(1), users=self.dario), 1)


class TestDeadlineFeed(DeadlineCase):

    def test_feed_token_regenerate_revoke(self):
        self.assertFalse(self.dario.crm_ics_active)
        action = self.dario.sudo(self.dario).action_crm_ics_regenerate()
        url = self.env['crm.infinity.ics.link'].sudo(self.dario).browse(action['res_id']).url
        token = url.rsplit('/', 1)[1][:-len('.ics')]
        Users = self.env['res.users']
        self.assertEqual(Users._crm_ics_user(token), self.dario)
        self.assertTrue(self.dario.crm_ics_active)
        self.assertNotIn(token.split('-', 1)[1], self.dario.sudo().crm_ics_token_hash)
        self.assertFalse(Users._crm_ics_user(token[:-1] + ('A' if token[-1] != 'A' else 'B')))
        self.assertFalse(Users._crm_ics_user('%d-%s' % (self.anna.id, token.split('-', 1)[1])))
        self.assertFalse(Users._crm_ics_user('garbage'))
        with self.assertRaises(AccessError):
            self.dario.sudo(self.anna).action_crm_ics_regenerate()
        with self.assertRaises(AccessError):
            self.dario.sudo(self.anna).action_crm_ics_revoke()
        self.dario.sudo(self.dario).action_crm_ics_revoke()
        self.assertFalse(Users._crm_ics_user(token))

    def test_feed_validates_and_holds_only_what_he_may_read(self):
        text = self.dario.sudo(self.dario).with_context(lang='it_IT')._crm_ics_calendar()
        self.assertEqual(ical_problems(text), [])
        summaries = ' '.join(e['SUMMARY'] for e in ical_events(text))
        self.assertIn('Chiamata di Dario', summaries)
        self.assertIn('Per Dario', summaries)
        self.assertNotIn('Sollecito segreto', summaries)
        self.assertIn('Attività pianificata', summaries)
