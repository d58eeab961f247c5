from odoo.exceptions import UserError

from odoo.addons.crm_infinity_base.tests.servers import SmtpCatcher

from .common_mail import SupportMailCase


class TestConsultation(SupportMailCase):
    """SPEC T2: communications with a third party stay apart from the customer thread."""

    def _write(self, ticket, **values):
        action = ticket.sudo(self.operator).action_write_third_party()
        Consultation = self.env['crm.infinity.ticket.consultation'].sudo(self.operator) \
            .with_context(**action['context'])
        vals = {'partner_id': self.consultant.id, 'body': '<p>Procedura per il blocco E03?</p>'}
        vals.update(values)
        return Consultation.create(vals)

    def test_third_party_gets_the_mail_and_the_customer_nothing(self):
        ticket = self.Ticket.browse(self._receive('Caldaia in blocco'))
        customer_mails = self._mails_to(self.customer)
        ticket_messages = ticket.message_ids
        with SmtpCatcher() as smtp:
            self.env['ir.mail_server'].create({'name': 'loopback', 'smtp_host': '127.0.0.1',
                                               'smtp_port': smtp.port, 'sequence': 1})
            consultation = self._write(ticket)
            self.assertEqual(consultation.subject, ticket.name)
            consultation.action_send()
            self._flush_mail_queue()
            self.assertEqual([m['to'] for m in smtp.messages], [['carlo@consulenti.example.com']])
            self.assertIn('[%s]' % ticket.number, smtp.messages[0]['subject'])
            self.assertIn('test-assistenza@', smtp.messages[0]['message']['Reply-To'])
        self.assertEqual(consultation.state, 'sent')
        self.assertEqual(consultation.user_id, self.operator)
        self.assertEqual(ticket.consultation_ids, consultation)
        self.assertEqual(self._mails_to(self.customer), customer_mails)
        self.assertEqual(ticket.message_ids, ticket_messages, 'nothing in the customer thread')
        self.assertFalse(consultation.message_follower_ids)
        self.assertEqual(ticket.primanota_ids.filtered(lambda l: l.event_code == 'consultation')
                         .mapped('channel'), ['email'])
        with self.assertRaises(UserError):
            consultation.action_send()

    def test_the_answer_of_the_third_party_is_filed_apart(self):
        ticket = self.Ticket.browse(self._receive('Caldaia in blocco'))
        ticket.user_id = self.operator
        consultation = self._write(ticket)
        consultation.action_send()
        sent = consultation.message_ids.filtered(lambda m: m.message_type == 'comment')
        customer_mails = self._mails_to(self.customer)
        ticket_emails = self._emails_of(ticket)
        thread_id = self._receive('Re: %s' % sent.subject, body='Sostituire la sonda fumi.',
                                  sender='Carlo Consulente <carlo@consulenti.example.com>',
                                  to='reply@example.com', in_reply_to=sent.message_id,
                                  references=sent.message_id)
        answer = self.env['crm.infinity.ticket.consultation'].browse(thread_id)
        self.assertEqual((answer.direction, answer.state, answer.ticket_id, answer.partner_id,
                          answer.parent_id), ('in', 'received', ticket, self.consultant, consultation))
        self.assertIn('sonda fumi', answer.body)
        self.assertEqual(self._emails_of(ticket), ticket_emails)
        self.assertEqual(self._mails_to(self.customer), customer_mails)
        note = ticket.message_ids[0]
        self.assertEqual(note.subtype_id, self.env.ref('mail.mt_note'))
        self.assertIn(self.operator.partner_id, note.partner_ids)

    def test_portal_customer_cannot_read_consultations(self):
        ticket = self.Ticket.browse(self._receive('Caldaia in blocco'))
        self._write(ticket)
        portal = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Mario Portale', 'login': 't_mail_portal', 'partner_id': self.customer.id,
            'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])]})
        Consultation = self.env['crm.infinity.ticket.consultation'].sudo(portal)
        self.assertFalse(Consultation.check_access_rights('read', raise_exception=False))
