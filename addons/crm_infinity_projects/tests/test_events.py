import base64

import vobject

from odoo.addons.crm_infinity_base.tests.servers import SmtpCatcher

from ..engines import ics
from .common_cost import ProjectCostCase


class TestCommessaEvents(ProjectCostCase):
    """SPEC C4: invitations by e-mail through a real SMTP server, with an .ics in the
    organiser's zone, a stable UID and a growing SEQUENCE, one mail per participant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env['res.partner']
        cls.guest = Partner.create({'name': 'Anna Verdi', 'email': 'anna.verdi@example.com'})
        cls.env['ir.config_parameter'].set_param('calendar.block_mail', False)

    def setUp(self):
        super().setUp()
        self.smtp = SmtpCatcher().start()
        self.addCleanup(self.smtp.stop)
        self.env['ir.mail_server'].create({'name': 'loopback', 'smtp_host': '127.0.0.1',
                                           'smtp_port': self.smtp.port, 'sequence': 0})
        self.env['mail.mail'].search([('state', '=', 'outgoing')]).write({'state': 'cancel'})

    def _flush(self):
        """Send the queue, return {recipient: (message, ics text)} of what arrived."""
        self.smtp.inbox.messages.clear()
        self.env['mail.mail'].search([('state', '=', 'outgoing')]).send()
        received = {}
        for item in self.smtp.messages:
            calendars = [part.get_payload(decode=True).decode()
                         for part in item['message'].walk()
                         if part.get_content_type() == 'text/calendar'
                         or (part.get_filename() or '').endswith('.ics')]
            self.assertEqual(len(calendars), 1)
            for to in item['to']:
                self.assertNotIn(to, received, 'two mails for %s' % to)
                received[to] = (item['message'], calendars[0])
        return received

    def _event(self):
        return self.env['calendar.event'].sudo(self.manager).create({
            'name': 'Riunione di avvio DVR', 'crm_project_id': self.project.id,
            'start': '2026-12-10 09:00:00', 'stop': '2026-12-10 10:30:00',
            'location': 'Via Dante 3, Milano',
            'partner_ids': [(6, 0, (self.manager.partner_id | self.mario.partner_id
                                    | self.guest).ids)]})

    def _vevent(self, text):
        calendar = ics.parse(text)
        self.assertEqual(ics.problems(calendar), [])
        vobject.readOne(text)  # a second, independent reader accepts it
        return ics.find(calendar, 'VEVENT')[0]

    def _body(self, message):
        for part in message.walk():
            if part.get_content_type() == 'text/html':
                return part.get_payload(decode=True).decode()
        return ''

    def test_invitation_then_reschedule_update_with_same_uid(self):
        event = self._event()
        received = self._flush()
        self.assertEqual(sorted(received), ['anna.verdi@example.com', 't_pc_mario@example.com'],
                         'the organiser is not invited to his own event')
        message, text = received['anna.verdi@example.com']
        vevent = self._vevent(text)
        self.assertEqual(ics.prop(vevent, 'UID')[1], event.crm_ics_uid)
        self.assertEqual(ics.prop(vevent, 'SEQUENCE')[1], '0')
        # 09:00 UTC is 10:00 in Rome, in the .ics and in the mail, whatever the guest's zone
        self.assertEqual(ics.prop(vevent, 'DTSTART'), ({'TZID': 'Europe/Rome'}, '20261210T100000'))
        self.assertIn('10:00', self._body(message))
        self.assertIn('mailto:t_pc_manager@example.com', ics.prop(vevent, 'ORGANIZER')[1])
        self.assertTrue(self.env['crm.infinity.event'].search([
            ('code', '=', 'event_created'), ('res_id', '=', event.id)]))

        # reschedule over RPC: one update each, same UID, higher SEQUENCE
        event.sudo(self.manager).write({'start': '2026-12-11 13:00:00', 'stop': '2026-12-11 14:00:00'})
        received = self._flush()
        self.assertEqual(sorted(received), ['anna.verdi@example.com', 't_pc_mario@example.com'])
        vevent = self._vevent(received['t_pc_mario@example.com'][1])
        self.assertEqual(ics.prop(vevent, 'UID')[1], event.crm_ics_uid)
        self.assertEqual(ics.prop(vevent, 'SEQUENCE')[1], '1')
        self.assertEqual(ics.prop(vevent, 'DTSTART')[1], '20261211T140000')
        self.assertIn('14:00', self._body(received['t_pc_mario@example.com'][0]))

        # from the form (Odoo's own update path): still one mail each
        event.sudo(self.manager).with_context(from_ui=True).write({
            'start_datetime': '2026-12-11 15:00:00', 'start': '2026-12-11 15:00:00',
            'stop': '2026-12-11 16:00:00'})
        received = self._flush()
        self.assertEqual(len(received), 2)
        self.assertEqual(ics.prop(self._vevent(received['anna.verdi@example.com'][1]),
                                  'SEQUENCE')[1], '2')

        # a change that is not a reschedule mails nobody
        event.sudo(self.manager).write({'description': 'Portare la planimetria'})
        self.assertEqual(self._flush(), {})

    def test_new_participant_with_a_reschedule_gets_the_invitation_only(self):
        event = self._event()
        self._flush()
        event.sudo(self.manager).write({
            'start': '2026-12-12 09:00:00', 'stop': '2026-12-12 10:00:00',
            'partner_ids': [(4, self.lucia.partner_id.id)]})
        received = self._flush()
        self.assertEqual(sorted(received), ['anna.verdi@example.com', 't_pc_lucia@example.com',
                                            't_pc_mario@example.com'])

    def test_organiser_of_someone_else_is_not_spoofed(self):
        """Any employee may save an event whose organiser is someone else (causali, routing
        rules and the visit planner do it on purpose): the invitation then goes From: the
        company's address, Reply-To: the organiser, says who sent it, and the .ics names the
        sender SENT-BY; the organiser's own invitations still go From: him."""
        params = self.env['ir.config_parameter']
        params.set_param('mail.catchall.alias', 'catchall')
        params.set_param('mail.catchall.domain', 'infinity.example')
        self.manager.write({'lang': 'it_IT'})
        self.env['calendar.event'].sudo(self.manager).with_context(lang='it_IT').create({
            'name': 'Sopralluogo in cantiere', 'crm_project_id': self.project.id,
            'user_id': self.mario.id, 'start': '2026-12-14 09:00:00',
            'stop': '2026-12-14 10:00:00',
            'partner_ids': [(6, 0, (self.mario.partner_id | self.guest).ids)]})
        received = self._flush()
        message, text = received['anna.verdi@example.com']
        self.assertNotIn('t_pc_mario@example.com', message['From'])
        self.assertIn('<catchall@infinity.example>', message['From'])
        self.assertIn('t_pc_mario@example.com', message['Reply-To'])
        self.assertIn('Inviato da T Pc Manager per conto di T Pc Mario.', self._body(message))
        params_, value = ics.prop(self._vevent(text), 'ORGANIZER')
        self.assertEqual(value, 'mailto:t_pc_mario@example.com')
        self.assertEqual(params_['SENT-BY'], '"mailto:t_pc_manager@example.com"')

        # the organiser himself: From: him, no "sent by"
        self.env['calendar.event'].sudo(self.manager).create({
            'name': 'Riunione interna', 'crm_project_id': self.project.id,
            'start': '2026-12-15 09:00:00', 'stop': '2026-12-15 10:00:00',
            'partner_ids': [(6, 0, (self.manager.partner_id | self.guest).ids)]})
        message, text = self._flush()['anna.verdi@example.com']
        self.assertIn('t_pc_manager@example.com', message['From'])
        self.assertNotIn('SENT-BY', ics.prop(self._vevent(text), 'ORGANIZER')[0])
