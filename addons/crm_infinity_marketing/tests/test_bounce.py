"""Bounces fed as real delivery status notifications (RFC 3464) through Odoo's mail gateway
(``mail.thread.message_process``), addressed to the bounce address the message was sent with
(``bounce+crm<ledger row>@<catchall domain>``): one test per category."""
from odoo.addons.crm_infinity_marketing.engines import tokens
from odoo.addons.crm_infinity_marketing.engines.tests.dsn_samples import QMAIL, dsn
from odoo.addons.crm_infinity_marketing.models.tracking_key import tracking_keys

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
                  to=to or self._return_path(stat), **kwargs)
        self.env['mail.thread'].message_process(None, raw)
        stat.invalidate_cache()
        return stat

    @staticmethod
    def _return_path(stat):
        return 'bounce+crm%s@infinity.example' % tokens.bounce_tag(tracking_keys(), stat.id)

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
            'mailbox_full', 'persona1@example.it', to=self._return_path(stat2),
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
            'To: bounce@infinity.example', 'To: %s' % self._return_path(stat))
        self.env['mail.thread'].message_process(None, raw)
        stat.invalidate_cache()
        self.assertEqual((stat.crm_state, stat.crm_bounce_code), ('bounced', '5.1.1'))

    def test_report_to_a_made_up_bounce_address_marks_nothing(self):
        """Anybody may write to the bounce alias: a report to ``bounce+crm<row>`` without the
        row's signature (or with another row's) is matched like one to the bare alias, by the
        bounced address: it cannot bounce rows one id after the other, nor blacklist their
        addresses, with a made-up recipient."""
        victim, other = self.ledger[self.people[0].id], self.ledger[self.people[1].id]
        forged_to = ('bounce+crm%d@infinity.example' % victim.id,
                     'bounce+crm%d-%s@infinity.example' % (
                         victim.id, tokens.bounce_tag(tracking_keys(), other.id).split('-')[1]),
                     'BOUNCE+CRM%d-0123456789abcdef@infinity.example' % victim.id)
        for index, to in enumerate(forged_to):
            self.env['mail.thread'].message_process(None, dsn(
                'unknown_user', 'nobody-%d@attacker.example' % index, to=to,
                dsn_id='forged-%d' % index))
        victim.invalidate_cache()
        self.assertEqual(victim.crm_state, 'sent')
        self.assertFalse(self._blacklisted(self.people[0]))
        # the signed address still works, whatever case the mail server gives it
        stat = self._bounce('unknown_user', self.people[0],
                            to=self._return_path(victim).upper())
        self.assertEqual(stat.crm_state, 'bounced')
