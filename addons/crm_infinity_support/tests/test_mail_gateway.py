from odoo.addons.crm_infinity_base.tests.servers import SmtpCatcher

from .common_mail import DOMAIN, SupportMailCase


class TestMailGateway(SupportMailCase):
    """SPEC T7: incoming e-mail opens or follows tickets; the rest waits in a cockpit."""

    def test_mail_to_the_alias_opens_a_ticket(self):
        ticket_id = self._receive('Caldaia in blocco', body='Codice E03 ogni mattina.')
        ticket = self.Ticket.browse(ticket_id)
        self.assertEqual(ticket.center_id, self.center)
        self.assertEqual(ticket.name, 'Caldaia in blocco')
        self.assertIn('Codice E03', ticket.description)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.commercial_partner_id, self.company)
        self.assertEqual(ticket.partner_email, 'mario@cliente.example.com')
        self.assertEqual(ticket.channel, 'email')
        self.assertEqual(ticket.state, 'new')
        self.assertTrue(ticket.number.startswith('TA-'))
        self.assertIn(self.customer, ticket.message_partner_ids)
        self.assertEqual(len(self._emails_of(ticket)), 1)

    def test_unknown_sender_keeps_name_and_address(self):
        ticket = self.Ticket.browse(self._receive(
            'Richiesta preventivo', sender='"Luca Nuovo" <luca.nuovo@sconosciuto.example.com>'))
        self.assertFalse(ticket.partner_id)
        self.assertEqual(ticket.partner_email, 'luca.nuovo@sconosciuto.example.com')
        self.assertEqual(ticket.partner_name, 'Luca Nuovo')
        suggested = ticket.message_get_suggested_recipients()[ticket.id]
        self.assertIn('luca.nuovo@sconosciuto.example.com', [s[1] for s in suggested])

    def test_reply_by_headers_follows_the_ticket(self):
        ticket = self.Ticket.browse(self._receive('Caldaia in blocco'))
        reply = ticket.sudo(self.operator).message_post(
            body='Può inviarci una foto del display?', message_type='comment',
            subtype='mail.mt_comment')
        ticket._set_state('waiting')
        # the customer answers from his mail client: new subject, but the headers thread it
        thread_id = self._receive('Foto del display', body='Ecco la foto.',
                                  in_reply_to=reply.message_id, references=reply.message_id)
        self.assertEqual(thread_id, ticket.id)
        self.assertEqual(self.Ticket.search_count([('center_id', '=', self.center.id)]), 1)
        self.assertEqual(len(self._emails_of(ticket)), 2)
        self.assertEqual(ticket.state, 'open', 'the customer answered: back in progress')

    def test_reply_by_number_in_the_subject(self):
        ticket = self.Ticket.browse(self._receive('Caldaia in blocco'))
        # a fresh mail (no headers) naming the ticket, even to another address
        thread_id = self._receive('R: [%s] Caldaia in blocco' % ticket.number,
                                  to='info@' + DOMAIN)
        self.assertEqual(thread_id, ticket.id)
        thread_id = self._receive('Sollecito [%s]' % ticket.number)
        self.assertEqual(thread_id, ticket.id)
        self.assertEqual(len(self._emails_of(ticket)), 3)

    def test_a_stranger_cannot_write_on_a_ticket_by_its_number(self):
        ticket = self.Ticket.browse(self._receive('Caldaia in blocco'))
        thread_id = self._receive('[%s] Caldaia in blocco' % ticket.number,
                                  sender='Sara Estranea <sara@estranei.example.com>')
        self.assertNotEqual(thread_id, ticket.id)
        self.assertEqual(len(self._emails_of(ticket)), 1)

    def test_unmatched_mail_waits_in_the_cockpit(self):
        inbox_id = self._receive('Informazioni', body='Vorrei informazioni sul contratto.',
                                 to='nessuno@' + DOMAIN)
        mail = self.Inbox.browse(inbox_id)
        self.assertEqual((mail.state, mail.reason, mail.name), ('new', 'unmatched', 'Informazioni'))
        self.assertEqual(mail.partner_id, self.customer)
        self.assertIn('contratto', mail.body)
        self.assertEqual(len(self._emails_of(mail)), 1)
        # the operator opens a ticket from it: the e-mail moves to the ticket
        mail.center_id = self.center
        mail.sudo(self.operator).action_create_ticket()
        ticket = mail.ticket_id
        self.assertEqual((mail.state, ticket.center_id, ticket.partner_id, ticket.channel),
                         ('converted', self.center, self.customer, 'email'))
        self.assertEqual(len(self._emails_of(ticket)), 1)
        self.assertFalse(self._emails_of(mail))
        # the customer's reply to his first e-mail now threads into the ticket
        first = self._emails_of(ticket)
        self.assertEqual(self._receive('Re: Informazioni', to='nessuno@' + DOMAIN,
                                       in_reply_to=first.message_id), ticket.id)

    def test_unmatched_mail_attached_to_a_ticket(self):
        ticket = self.Ticket.browse(self._receive('Caldaia in blocco'))
        mail = self.Inbox.browse(self._receive('Altre informazioni', to='ufficio@' + DOMAIN))
        mail.ticket_id = ticket
        mail.sudo(self.operator).action_attach_to_ticket()
        self.assertEqual(mail.state, 'converted')
        self.assertEqual(len(self._emails_of(ticket)), 2)
        mail2 = self.Inbox.browse(self._receive('Pubblicità', to='ufficio@' + DOMAIN))
        mail2.sudo(self.operator).action_discard()
        self.assertEqual(mail2.state, 'discarded')

    def test_reserved_center_refuses_senders_not_enabled(self):
        enabled = self._receive('Fattura errata', to='test-riservato@' + DOMAIN)
        self.assertEqual(self.Ticket.browse(enabled).center_id, self.reserved)
        refused = self._receive('Fattura errata', to='test-riservato@' + DOMAIN,
                                sender='Sara Estranea <sara@estranei.example.com>')
        mail = self.Inbox.browse(refused)
        self.assertEqual((mail._name, mail.reason, mail.center_id), (
            'crm.infinity.support.inbox', 'reserved', self.reserved))
        self.assertFalse(self.Ticket.search([('partner_id', '=', self.stranger.id)]))

    def test_catchall_can_be_switched_off(self):
        self.env['ir.config_parameter'].sudo().set_param('crm_infinity_support.inbox_catchall', '0')
        with self.assertRaises(ValueError):
            self._receive('Informazioni', to='nessuno@' + DOMAIN)

    def test_a_thousand_mails_nothing_lost(self):
        """400 new tickets, 300 replies by headers, 200 by number, 100 unmatched."""
        tickets_before = self.Ticket.search_count([])
        inbox_before = self.Inbox.search_count([])
        tickets, first_ids = self.Ticket.browse(), []
        for i in range(400):
            message_id = '<batch-%d@cliente.example.com>' % i
            tickets |= self.Ticket.browse(self._receive('Richiesta %d' % i, message_id=message_id))
            first_ids.append(message_id)
        for i in range(300):
            self.assertEqual(self._receive('Re: Richiesta %d' % i, in_reply_to=first_ids[i],
                                           references=first_ids[i]), tickets[i].id)
        for i in range(200):
            self.assertEqual(self._receive('[%s] sollecito' % tickets[i].number,
                                           to='info@' + DOMAIN), tickets[i].id)
        for i in range(100):
            self._receive('Spam %d' % i, to='nessuno@' + DOMAIN)
        self.assertEqual(len(tickets), 400)
        self.assertEqual(self.Ticket.search_count([]), tickets_before + 400)
        self.assertEqual(self.Inbox.search_count([]), inbox_before + 100)
        emails = self.env['mail.message'].search_count([
            ('model', '=', 'crm.infinity.ticket'), ('res_id', 'in', tickets.ids),
            ('message_type', '=', 'email')])
        self.assertEqual(emails, 900)
        counts = {t.id: 0 for t in tickets}
        for row in self.env['mail.message'].read_group(
                [('model', '=', 'crm.infinity.ticket'), ('res_id', 'in', tickets.ids),
                 ('message_type', '=', 'email')], ['res_id'], ['res_id']):
            counts[row['res_id']] = row['res_id_count']
        self.assertEqual(sorted(set(counts[t.id] for t in tickets[:200])), [3])
        self.assertEqual(sorted(set(counts[t.id] for t in tickets[200:300])), [2])
        self.assertEqual(sorted(set(counts[t.id] for t in tickets[300:])), [1])

    def test_operator_reply_reaches_the_customer_by_smtp(self):
        ticket = self.Ticket.browse(self._receive('Caldaia in blocco'))
        with SmtpCatcher() as smtp:
            self.env['ir.mail_server'].create({'name': 'loopback', 'smtp_host': '127.0.0.1',
                                               'smtp_port': smtp.port, 'sequence': 1})
            ticket.sudo(self.operator).message_post(
                body='Interveniamo domani mattina.', message_type='comment',
                subtype='mail.mt_comment')
            self._flush_mail_queue()
            to_customer = [m for m in smtp.messages if 'mario@cliente.example.com' in m['to']]
            self.assertEqual(len(to_customer), 1)
            message = to_customer[0]
            self.assertIn('[%s]' % ticket.number, message['subject'])
            self.assertIn('test-assistenza@' + DOMAIN, message['message']['Reply-To'])
        self.assertTrue(ticket.date_first_response)
