"""The send ledger (``mail.mail.statistics``) as the other profiles see it (hostile review).

Odoo gives every internal user full rights on ``mail.mail.statistics``; here it is the send
ledger: the address, name and contact of every recipient of every message, the state the
sending workers read (they send to ``crm_email_normalized`` the rows in ``queued``) and the
proof of what was sent and who unsubscribed. A salesperson or a support operator must not list
the recipients of the marketing messages (the nominativi of other salespeople), nor add, change
or delete a row (re-queue a message, send it to himself, erase the proof)."""
from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .common import MarketingCase

STAT = 'mail.mail.statistics'


class TestLedgerAccess(MarketingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support = cls._create_user('t_mkt_support', 'group_crm_support_operator')
        Partner = cls.env['res.partner']
        cls.anna_company = Partner.create({'name': 'Azienda di Anna', 'is_company': True,
                                           'user_id': cls.anna.id})
        cls.anna_contact = Partner.create({'name': 'Contatto di Anna', 'email': 'c@anna.example',
                                           'parent_id': cls.anna_company.id})
        cls.bruno_company = Partner.create({'name': 'Azienda di Bruno', 'is_company': True,
                                            'user_id': cls.bruno.id})
        cls.anna_nominativo = cls._nominativo(cls.anna, name='Prospect di Anna',
                                              email='prospect@anna.example')
        cls.mailing = cls.env['mail.mass_mailing'].create({'name': 'Offerta', 'state': 'sending'})
        Stat = cls.env[STAT]
        base = {'mass_mailing_id': cls.mailing.id, 'crm_channel': 'email'}
        cls.stat_nominativo = Stat.create(dict(
            base, model='crm.infinity.nominativo', res_id=cls.anna_nominativo.id,
            crm_email_normalized='prospect@anna.example', crm_name='Prospect di Anna',
            crm_state='queued'))
        cls.stat_anna = Stat.create(dict(
            base, model='res.partner', res_id=cls.anna_contact.id,
            crm_partner_id=cls.anna_contact.id, crm_email_normalized='c@anna.example',
            crm_state='sent', sent='2026-01-01 10:00:00'))
        cls.stat_bruno = Stat.create(dict(
            base, model='res.partner', res_id=cls.bruno_company.id,
            crm_partner_id=cls.bruno_company.id, crm_email_normalized='info@bruno.example',
            crm_state='queued'))

    def _visible(self, user):
        return self.env[STAT].sudo(user).search([('mass_mailing_id', '=', self.mailing.id)])

    def test_salesperson_reads_only_the_rows_of_his_customers(self):
        self.assertEqual(self._visible(self.anna), self.stat_anna)
        self.assertEqual(self._visible(self.bruno), self.stat_bruno)
        with self.assertRaises(AccessError), mute_logger('odoo.models'):
            self.stat_nominativo.sudo(self.bruno).read(['crm_email_normalized'])

    def test_card_of_a_customer_shows_no_marketing_message_to_another_salesperson(self):
        items, _next = self.env['crm.infinity.timeline'].sudo(self.bruno)._crm_timeline_fetch(
            [self.anna_company.id, self.anna_contact.id], ['mailing'], None, 40)
        self.assertFalse(items)

    @mute_logger('odoo.models')
    def test_nobody_but_marketing_changes_the_ledger(self):
        for user in (self.anna, self.bruno, self.support):
            Stat = self.env[STAT].sudo(user)
            with self.assertRaises(AccessError, msg=user.login):
                Stat.browse(self.stat_bruno.id).write(
                    {'crm_email_normalized': 'me@attacker.example', 'crm_state': 'queued'})
            with self.assertRaises(AccessError, msg=user.login):
                Stat.create({'mass_mailing_id': self.mailing.id, 'crm_state': 'queued',
                             'crm_email_normalized': 'spam-%s@attacker.example' % user.id})
            with self.assertRaises(AccessError, msg=user.login):
                Stat.browse(self.stat_anna.id).unlink()
        self.assertEqual(self.stat_bruno.crm_email_normalized, 'info@bruno.example')

    def test_marketing_operator_still_reads_and_writes_the_ledger(self):
        rows = self._visible(self.mkt)
        self.assertEqual(rows, self.stat_nominativo | self.stat_anna | self.stat_bruno)
        rows.browse(self.stat_bruno.id).sudo(self.mkt).write({'crm_error': 'x'})

    def test_clicks_of_the_recipients_are_marketing_s(self):
        """A click of a message names its ledger row, the IP address and country of who clicked
        (personal data): Odoo lets every employee read all clicks."""
        link = self.env['link.tracker'].create({'url': 'https://www.example.com/offerta',
                                                'mass_mailing_id': self.mailing.id})
        click = self.env['link.tracker.click'].create({
            'link_id': link.id, 'mail_stat_id': self.stat_anna.id, 'ip': '203.0.113.7',
            'mass_mailing_id': self.mailing.id})
        Click = self.env['link.tracker.click']
        for user in (self.anna, self.bruno, self.support):
            self.assertFalse(Click.sudo(user).search([('id', '=', click.id)]), user.login)
        self.assertEqual(Click.sudo(self.mkt).search([('id', '=', click.id)]), click)
