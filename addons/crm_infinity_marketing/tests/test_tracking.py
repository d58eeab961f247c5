"""Opens, clicks, scanners and unsubscription at the model level (the controllers only verify
the token and call these; over real HTTP see tests/blackbox/test_marketing_tracking.py)."""
from odoo.addons.crm_infinity_base.tests.servers import SmtpCatcher

from .send_common import MarketingSendCase

CHROME = ('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
          'Chrome/120.0 Safari/537.36')


class TestTracking(MarketingSendCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tracked = cls._nominativo('Tina Traccia', 'tina@example.it', tracking=True)
        cls.private = cls._nominativo('Paolo Privato', 'paolo@example.it', tracking=False)

    def setUp(self):
        super().setUp()
        self.mailing = self._mailing(self.tracked | self.private)
        self.mailing.action_crm_send()
        self._send_in_thread(self.mailing)
        self.ledger = self._ledger(self.mailing)
        self.Stats = self.env['mail.mail.statistics'].sudo()
        # sent an hour ago: not a pre-fetch
        self.env.cr.execute("UPDATE mail_mail_statistics SET sent = sent - interval '1 hour' "
                            "WHERE mass_mailing_id = %s", (self.mailing.id,))
        self.Stats.invalidate_cache()

    def test_opens_and_scanner_hits(self):
        stat = self.ledger[self.tracked.id]
        self.assertEqual(self.Stats._crm_track_open(stat.id, 'GET', CHROME), 'open')
        self.Stats._crm_track_open(stat.id, 'GET', CHROME)
        self.assertEqual(self.Stats._crm_track_open(
            stat.id, 'GET', 'Mozilla/5.0 (via ggpht.com GoogleImageProxy)'), 'image_proxy')
        self.assertEqual(self.Stats._crm_track_open(stat.id, 'HEAD', CHROME), 'head_request')
        stat.invalidate_cache()
        self.assertEqual((stat.crm_open_count, stat.crm_scanner_hits), (2, 2))
        self.assertTrue(stat.crm_first_open and stat.crm_last_open and stat.opened)

    def test_no_tracking_without_consent(self):
        stat = self.ledger[self.private.id]
        self.assertIsNone(self.Stats._crm_track_open(stat.id, 'GET', CHROME))
        stat.invalidate_cache()
        self.assertEqual(stat.crm_open_count, 0)

    def test_clicks_per_link_and_scanners(self):
        stat = self.ledger[self.tracked.id]
        link = self.env['link.tracker'].search([('mass_mailing_id', '=', self.mailing.id)])
        self.assertEqual(link.url, 'https://www.example.com/offerta')
        self.assertEqual(self.Stats._crm_track_click(stat.id, link.id, 'GET', CHROME),
                         link.url)
        self.Stats._crm_track_click(stat.id, link.id, 'GET', 'Barracuda Sentinel')
        stat.invalidate_cache()
        self.assertEqual((stat.crm_click_count, stat.crm_scanner_hits), (1, 1))
        clicks = self.env['link.tracker.click'].search([('mail_stat_id', '=', stat.id)])
        self.assertEqual(sorted(clicks.mapped('crm_is_scanner')), [False, True])
        self.assertEqual(clicks.mapped('link_id'), link)
        # a link of another mailing is not followed
        other = self.env['link.tracker'].create({'url': 'https://evil.example.com', 'title': 'x'})
        self.assertIsNone(self.Stats._crm_track_click(stat.id, other.id, 'GET', CHROME))

    def test_prefetch_right_after_sending_is_a_scanner(self):
        stat = self.ledger[self.tracked.id]
        self.env.cr.execute("UPDATE mail_mail_statistics SET sent = now() at time zone 'UTC' "
                            "WHERE id = %s", (stat.id,))
        link = self.env['link.tracker'].search([('mass_mailing_id', '=', self.mailing.id)])
        self.Stats._crm_track_click(stat.id, link.id, 'GET', CHROME)
        stat.invalidate_cache()
        self.assertEqual((stat.crm_click_count, stat.crm_scanner_hits), (0, 1))

    def test_unsubscribe_records_consent_and_blacklist_once(self):
        stat = self.ledger[self.private.id]
        self.assertTrue(self.Stats._crm_unsubscribe(stat.id, ip='10.1.2.3', user_agent='Firefox'))
        consent = self.env['crm.infinity.consent'].search(
            [('nominativo_id', '=', self.private.id), ('purpose', '=', 'marketing')], limit=1)
        self.assertEqual((consent.state, consent.origin, consent.channel, consent.ip,
                          consent.user_agent, consent.mailing_id),
                         ('revoked', 'link', 'email', '10.1.2.3', 'Firefox', self.mailing))
        self.assertEqual(self.env['crm.infinity.blacklist']._crm_is_blacklisted(
            ['paolo@example.it']), {'paolo@example.it'})
        # replayed: nothing more
        count = self.env['crm.infinity.consent'].search_count(
            [('nominativo_id', '=', self.private.id)])
        self.assertFalse(self.Stats._crm_unsubscribe(stat.id, ip='10.9.9.9'))
        self.assertEqual(self.env['crm.infinity.consent'].search_count(
            [('nominativo_id', '=', self.private.id)]), count)
        # never sent to again
        again = self._mailing(self.private)
        again.action_crm_send()
        with SmtpCatcher() as smtp:
            self._mail_server(smtp)
            self._send_in_thread(again, smtp)
        self.assertEqual(smtp.messages, [])
        self.assertIn(self._ledger(again)[self.private.id].crm_exclusion_reason,
                      ('unsubscribed', 'no_consent'))
