"""Sending through the ledger (issue 15 items 5, 6): every recipient gets a row before anything
is sent, the excluded ones with the reason; the worker renders with the sales addon's mail
merge and hands the messages to a real SMTP server on loopback."""
from email.header import decode_header, make_header
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError

from odoo.addons.crm_infinity_base.tests.servers import SmsGatewayStub, SmtpCatcher
from odoo.addons.crm_infinity_marketing.engines import tokens
from odoo.addons.crm_infinity_marketing.models.tracking_key import tracking_keys

from .send_common import MarketingSendCase


class TestLedger(MarketingSendCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        n = cls._nominativo
        cls.mario = n('Mario Rossi', 'Mario.Rossi@Example.it', tracking=True)
        cls.twin = n('Mario Rossi (doppione)', ' mario.rossi@example.it ')
        cls.nomail = n('Senza Indirizzo')
        cls.noconsent = n('Luca Neri', 'luca@example.it', consent=None)
        cls.revoked = n('Sara Blu', 'sara@example.it', consent=False)
        cls.unsub = n('Ugo Verdi', 'ugo@example.it')
        cls.bounced = n('Bruno Gialli', 'bruno@example.it')
        cls.listed = n('Lia Rosa', 'lia@example.it')
        cls.anna = n('Anna Bianchi', 'anna@example.it')
        Blacklist = cls.env['crm.infinity.blacklist']
        Blacklist._crm_add(email='UGO@example.it', reason='unsubscribed')
        Blacklist._crm_add(email='bruno@example.it', reason='hard_bounce')
        Blacklist._crm_add(email='lia@example.it', reason='manual')
        cls.all = (cls.mario | cls.twin | cls.nomail | cls.noconsent | cls.revoked | cls.unsub
                   | cls.bounced | cls.listed | cls.anna)

    def test_ledger_states_and_reasons(self):
        mailing = self._mailing(self.all)
        mailing.action_crm_send()
        ledger = self._ledger(mailing)
        self.assertEqual(len(ledger), 9)
        got = {rec.name: (ledger[rec.id].crm_state, ledger[rec.id].crm_exclusion_reason)
               for rec in self.all}
        self.assertEqual(got, {
            'Mario Rossi': ('queued', False),
            'Mario Rossi (doppione)': ('excluded', 'duplicate'),
            'Senza Indirizzo': ('excluded', 'no_address'),
            'Luca Neri': ('excluded', 'no_consent'),
            'Sara Blu': ('excluded', 'no_consent'),
            'Ugo Verdi': ('excluded', 'unsubscribed'),
            'Bruno Gialli': ('excluded', 'bounced_before'),
            'Lia Rosa': ('excluded', 'blacklisted'),
            'Anna Bianchi': ('queued', False),
        })
        self.assertEqual(ledger[self.mario.id].crm_email_normalized, 'mario.rossi@example.it')
        self.assertTrue(ledger[self.mario.id].crm_tracked)
        self.assertFalse(ledger[self.anna.id].crm_tracked)
        self.assertEqual(mailing.state, 'in_queue')
        self.assertEqual((mailing.crm_queued_count, mailing.crm_excluded_count), (2, 7))
        # a second run (or a second worker) adds nothing
        mailing._crm_build_ledger()
        self.assertEqual(len(self._ledger(mailing)), 9)
        action = mailing.action_crm_recipients()
        self.assertEqual(self.env['mail.mail.statistics'].search_count(action['domain']), 9)

    def test_ledger_planned_per_chunk_same_rows(self):
        """The ledger is planned and inserted a chunk at a time (memory flat on 100,000
        recipients): with one recipient per chunk, the duplicate in a later chunk is still
        excluded as such by the unique index, every other reason unchanged, nothing twice."""
        mailing = self._mailing(self.all)
        with patch('odoo.addons.crm_infinity_marketing.models.mail_mass_mailing.LEDGER_CHUNK', 1):
            self.assertEqual(mailing._crm_build_ledger(), 9)
            self.assertEqual(mailing._crm_build_ledger(), 0)  # a second run adds nothing
        ledger = self._ledger(mailing)
        got = {rec.name: (ledger[rec.id].crm_state, ledger[rec.id].crm_exclusion_reason)
               for rec in self.all}
        self.assertEqual(got, {
            'Mario Rossi': ('queued', False),
            'Mario Rossi (doppione)': ('excluded', 'duplicate'),
            'Senza Indirizzo': ('excluded', 'no_address'),
            'Luca Neri': ('excluded', 'no_consent'),
            'Sara Blu': ('excluded', 'no_consent'),
            'Ugo Verdi': ('excluded', 'unsubscribed'),
            'Bruno Gialli': ('excluded', 'bounced_before'),
            'Lia Rosa': ('excluded', 'blacklisted'),
            'Anna Bianchi': ('queued', False),
        })
        twin = ledger[self.twin.id]
        self.assertFalse(twin.crm_email_normalized)
        self.assertEqual(twin.crm_email, 'mario.rossi@example.it')

    def test_send_to_smtp_exactly_the_queued_ones(self):
        mailing = self._mailing(self.all)
        mailing.action_crm_send()
        with SmtpCatcher() as smtp:
            self._mail_server(smtp)
            self.assertEqual(self._send_in_thread(mailing, smtp), 2)
            self.assertEqual(self._send_in_thread(mailing, smtp), 0)  # nothing twice
        self.assertEqual(sorted(m['to'][0] for m in smtp.messages),
                         ['anna@example.it', 'mario.rossi@example.it'])
        by_to = {m['to'][0]: m['message'] for m in smtp.messages}
        mario = by_to['mario.rossi@example.it']
        self.assertEqual(str(make_header(decode_header(mario['Subject']))), 'Novità di Mario')
        html = mario.get_payload()[0].get_payload()[1].get_payload(decode=True).decode()
        self.assertIn('Gentile Mario Rossi', html)
        self.assertIn('/crm/mk/c/', html)          # tracked: signed click links and pixel
        self.assertIn('/crm/mk/o/', html)
        self.assertNotIn('www.example.com/offerta', html)
        self.assertNotIn('mario.rossi', html.split('Gentile')[1].lower())  # no address in URLs
        anna = by_to['anna@example.it']
        html = anna.get_payload()[0].get_payload()[1].get_payload(decode=True).decode()
        self.assertIn('https://www.example.com/offerta', html)   # not tracked: plain link
        self.assertNotIn('/crm/mk/o/', html)
        self.assertNotIn('/crm/mk/c/', html)
        self.assertIn('/crm/mk/u/', html)          # unsubscribe link for everyone
        # RFC 8058 one-click unsubscribe, bounce address naming the ledger row
        for msg in (mario, anna):
            self.assertRegex(msg['List-Unsubscribe'], r'^<http://crm\.example\.com/crm/mk/u/.+>$')
            self.assertEqual(msg['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click')
        ledger = self._ledger(mailing)
        self.assertEqual(ledger[self.mario.id].crm_state, 'sent')
        self.assertTrue(ledger[self.mario.id].sent)
        self.assertTrue(ledger[self.mario.id].message_id)
        self.assertEqual(mailing.state, 'done')
        returns = {m['from'] for m in smtp.messages}
        self.assertEqual(returns, {'bounce+crm%s@infinity.example' % tokens.bounce_tag(
            tracking_keys(), ledger[person.id].id) for person in (self.mario, self.anna)})

    def test_unsubscribed_and_blacklisted_never_sent_even_if_added_later(self):
        mailing = self._mailing(self.all)
        mailing.action_crm_send()
        # blacklisted after the ledger was written, before the worker ran: still queued in
        # the ledger, but the unsubscribe is the recipient's will: see test_tracking for the
        # link; here the address unsubscribed for an earlier message
        with SmtpCatcher() as smtp:
            self._mail_server(smtp)
            self._send_in_thread(mailing, smtp)
        sent_to = {m['to'][0] for m in smtp.messages}
        for address in ('ugo@example.it', 'bruno@example.it', 'lia@example.it', 'sara@example.it',
                        'luca@example.it'):
            self.assertNotIn(address, sent_to)

    def test_merge_error_is_shown_before_sending(self):
        mailing = self._mailing(self.anna, body='<p>{{ recipient.password }}</p>')
        with self.assertRaisesRegex(UserError, 'recipient.password'):
            mailing.action_crm_send()
        self.assertFalse(self._ledger(mailing))

    def test_only_who_may_write_the_mailing_sends_it(self):
        mailing = self._mailing(self.anna)
        salesperson = self._create_user('t_mkt_seller', 'group_crm_salesperson')
        with self.assertRaises(AccessError):
            mailing.sudo(salesperson).action_crm_send()

    def test_preview_per_recipient_and_test_send(self):
        mailing = self._mailing(self.all)
        preview = self.env['crm.infinity.mailing.preview'].sudo(self.operator).create({
            'mailing_id': mailing.id, 'recipient_ref': 'crm.infinity.nominativo,%d' % self.anna.id})
        self.assertEqual(preview.subject, 'Novità di Anna')
        self.assertIn('Gentile Anna Bianchi', preview.body)
        test = self.env['mail.mass_mailing.test'].sudo(self.operator).create({
            'mass_mailing_id': mailing.id, 'email_to': 'prova@example.it'})
        test.send_mail_test()
        mail = self.env['mail.mail'].search([('email_to', '=', 'prova@example.it')], limit=1)
        self.assertIn('[TEST]', mail.subject)
        self.assertIn('Gentile T Mkt Operator', mail.body_html)

    def test_preview_is_no_window_on_others_mailings(self):
        """The preview is a transient model (anybody creates one over RPC): who may not read
        the mailing, or the recipient, gets no rendering of it."""
        mailing = self._mailing(self.all)
        portal = self._create_user('t_mkt_portal', 'base.group_portal')
        salesperson = self._create_user('t_mkt_seller2', 'group_crm_salesperson')
        for user in (portal, salesperson):
            with self.assertRaises(AccessError):
                self.env['crm.infinity.mailing.preview'].sudo(user).create({
                    'mailing_id': mailing.id,
                    'recipient_ref': 'crm.infinity.nominativo,%d' % self.anna.id}).body


class TestChannels(MarketingSendCase):

    def test_sms_through_the_core_gateway(self):
        ada = self._nominativo('Ada Lovelace', mobile='333 1234567', channel='sms')
        nophone = self._nominativo('Senza Cellulare', channel='sms')
        with SmsGatewayStub() as gateway:
            sms = self.env['crm.infinity.sms.gateway'].create({'name': 'stub', 'url': gateway.url,
                                                                'sender': 'Infinity'})
            mailing = self._mailing(ada | nophone, crm_channel='sms', crm_sms_gateway_id=sms.id,
                                    crm_text='Ciao {{ recipient.first_name }}, sconto del 10%')
            mailing.action_crm_send()
            self._send_in_thread(mailing)
        self.assertEqual(len(gateway.requests), 1)
        self.assertEqual(gateway.requests[0]['body']['to'], '+393331234567')
        self.assertEqual(gateway.requests[0]['body']['text'], 'Ciao Ada, sconto del 10%')
        ledger = self._ledger(mailing)
        self.assertEqual(ledger[ada.id].crm_state, 'sent')
        self.assertEqual(ledger[nophone.id].crm_exclusion_reason, 'no_address')

    def test_fax_as_mail_to_the_gateway(self):
        self.env['ir.config_parameter'].set_param(
            'crm_infinity_marketing.fax_gateway_domain', 'fax.provider.example')
        ditta = self._nominativo('Ditta Fax', fax='02 1234567', channel='fax')
        mailing = self._mailing(ditta, crm_channel='fax')
        mailing.action_crm_send()
        with SmtpCatcher() as smtp:
            self._mail_server(smtp)
            self._send_in_thread(mailing, smtp)
        self.assertEqual([m['to'] for m in smtp.messages], [['39021234567@fax.provider.example']])
        self.assertNotIn('/crm/mk/o/', smtp.messages[0]['message'].as_string())

    def test_chat_to_a_portal_contact(self):
        partner = self.env['res.partner'].create({'name': 'Piero Portale',
                                                  'email': 'piero@example.it'})
        self._create_user('t_mkt_portal', 'base.group_portal', partner_id=partner.id,
                          name='Piero Portale')
        other = self.env['res.partner'].create({'name': 'Senza Utente'})
        for p in partner | other:
            self.Consent._crm_record_consent(p, 'marketing', 'chat', 'granted', 'operator')
        mailing = self._mailing(partner | other, crm_channel='chat',
                                crm_text='Buongiorno {{ recipient.name }}')
        mailing.action_crm_send()
        self._send_in_thread(mailing)
        ledger = self._ledger(mailing)
        self.assertEqual(ledger[partner.id].crm_state, 'sent')
        self.assertEqual(ledger[other.id].crm_exclusion_reason, 'no_address')
        message = self.env['mail.message'].search([('model', '=', 'mail.channel'),
                                                   ('body', 'ilike', 'Buongiorno Piero')])
        self.assertEqual(len(message), 1)
        channel = self.env['mail.channel'].browse(message.res_id)
        self.assertIn(partner, channel.channel_partner_ids)

    def test_fax_needs_the_gateway(self):
        ditta = self._nominativo('Ditta Fax', fax='02 1234567', channel='fax')
        self.env['ir.config_parameter'].set_param('crm_infinity_marketing.fax_gateway_domain', '')
        with self.assertRaisesRegex(UserError, 'fax'):
            self._mailing(ditta, crm_channel='fax').action_crm_send()
