"""Bounces fed as real delivery status notifications (RFC 3464) through Odoo's mail gateway
(``mail.thread.message_process``), addressed to the bounce address the message was sent with
(``bounce+crm<ledger row>@<catchall domain>``): one test per category."""
from odoo.addons.crm_infinity_marketing.engines.tests.dsn_samples import QMAIL, dsn

from .send_common import MarketingSendCase


class TestBounces(MarketingSendCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.people = cls.env['crm.infinity.nominativo']
        for i in range(4):
            cls.people |= cls._nominativo('Persona %d' % i, 'persona%d@example.it' % i)

    def setUp(self):
        super().setUp()
        self.mailing = self._mailing(self.people)
        self.mailing.action_crm_send()
        self._send_in_thread(self.mailing)
        self.ledger = self._ledger(self.mailing)

    def _bounce(self, category, person, to=None, **kwargs):
        stat = self.ledger[person.id]
        raw = dsn(category, stat.crm_email_normalized,
                  to=to or 'bounce+crm%d@infinity.example' % stat.id, **kwargs)
        self.env['mail.thread'].message_process(None, raw)
        stat.invalidate_cache()
        return stat

    def _blacklisted(self, person):
        return self.env['crm.infinity.blacklist']._crm_is_blacklisted(
            [self.ledger[person.id].crm_email_normalized])

    def test_unknown_user_is_hard_and_blacklisted(self):
        stat = self._bounce('unknown_user', self.people[0])
        self.assertEqual((stat.crm_state, stat.crm_bounce_code, stat.crm_bounce_type),
                         ('bounced', '5.1.1', 'hard'))
        self.assertIn('Indirizzo inesistente', stat.crm_bounce_reason)
        self.assertTrue(stat.bounced)
        self.assertTrue(self._blacklisted(self.people[0]))
        entry = self.env['crm.infinity.blacklist'].search(
            [('email_normalized', '=', 'persona0@example.it')])
        self.assertEqual((entry.reason, entry.mailing_id), ('hard_bounce', self.mailing))
        # the next message excludes the address
        nxt = self._mailing(self.people[0])
        nxt.action_crm_send()
        self.assertEqual(self._ledger(nxt)[self.people[0].id].crm_exclusion_reason,
                         'bounced_before')

    def test_mailbox_full_is_soft_and_turns_hard_after_repeats(self):
        person = self.people[1]
        stat = self._bounce('mailbox_full', person)
        self.assertEqual((stat.crm_state, stat.crm_bounce_code, stat.crm_bounce_type),
                         ('bounced', '5.2.2', 'soft'))
        self.assertIn('Casella piena', stat.crm_bounce_reason)
        self.assertFalse(self._blacklisted(person))
        self.env['ir.config_parameter'].set_param('crm_infinity_marketing.soft_bounce_limit', '2')
        second = self._mailing(person)
        second.action_crm_send()
        self._send_in_thread(second)
        stat2 = self._ledger(second)[person.id]
        self.env['mail.thread'].message_process(None, dsn(
            'mailbox_full', 'persona1@example.it', to='bounce+crm%d@infinity.example' % stat2.id,
            dsn_id='dsn-2'))
        self.assertTrue(self._blacklisted(person))

    def test_blocked_is_soft_not_blacklisted(self):
        stat = self._bounce('blocked', self.people[2])
        self.assertEqual((stat.crm_state, stat.crm_bounce_code, stat.crm_bounce_type),
                         ('bounced', '5.7.1', 'soft'))
        self.assertIn('blacklist', stat.crm_bounce_reason)
        self.assertFalse(self._blacklisted(self.people[2]))

    def test_delayed_is_deferred(self):
        stat = self._bounce('deferred', self.people[3])
        self.assertEqual((stat.crm_state, stat.crm_bounce_code), ('deferred', '4.4.1'))
        self.assertIn('rinviata', stat.crm_bounce_reason)

    def test_unknown_domain_found_by_message_id(self):
        """A DSN to the bare bounce alias: the row is found by the bounced Message-ID."""
        stat = self.ledger[self.people[2].id]
        raw = dsn('unknown_domain', stat.crm_email_normalized, to='bounce@infinity.example',
                  original_id=stat.message_id)
        self.env['mail.thread'].message_process(None, raw)
        stat.invalidate_cache()
        self.assertEqual((stat.crm_state, stat.crm_bounce_code, stat.crm_bounce_type),
                         ('bounced', '5.1.2', 'hard'))

    def test_non_standard_bounce(self):
        stat = self.ledger[self.people[0].id]
        raw = QMAIL.replace('Mario.Rossi@Old.Example.org', 'persona0@example.it').replace(
            'To: bounce@infinity.example', 'To: bounce+crm%d@infinity.example' % stat.id)
        self.env['mail.thread'].message_process(None, raw)
        stat.invalidate_cache()
        self.assertEqual((stat.crm_state, stat.crm_bounce_code), ('bounced', '5.1.1'))
