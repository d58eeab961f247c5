"""The consent lines are the proof of a privacy statement (hostile review): whoever records one
over XML-RPC cannot choose its date, its author, nor delete lines, whatever context he sends.

The latest line wins: a grant dated in the future would beat every later revocation (the
person unsubscribes by the link of a message, and keeps receiving them); a line backdated
before a mailing would make it look lawful."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from .common import MarketingCase


class TestConsentAudit(MarketingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prospect = cls._nominativo(cls.anna, name='Prospect di Anna', email='p@anna.example')
        cls.Consent = cls.env['crm.infinity.consent']

    def _record(self, user, **values):
        vals = {'nominativo_id': self.prospect.id, 'purpose': 'marketing', 'channel': 'email',
                'state': 'granted'}
        vals.update(values)
        return self.Consent.sudo(user).with_context(
            crm_consent_keep_date=True).create(vals).sudo()

    def test_nobody_dates_a_consent_by_rpc(self):
        future = fields.Datetime.to_string(datetime.utcnow() + timedelta(days=365 * 50))
        for user in (self.anna, self.mkt):
            line = self._record(user, date=future)
            self.assertLess(line.date, future, user.login)
            # the person revokes (the link of a message): the revocation is the latest line
            self.Consent.sudo()._crm_record_consent(self.prospect, 'marketing', 'email',
                                                    'revoked', 'link')
            self.assertFalse(self.prospect.crm_consent_marketing_email, user.login)

    def test_the_author_is_who_records(self):
        line = self._record(self.anna, user_id=self.bruno.id)
        self.assertEqual(line.user_id, self.anna)

    def test_nobody_deletes_a_line_by_rpc(self):
        line = self._record(self.anna)
        with self.assertRaises((UserError, AccessError)), mute_logger('odoo.models'):
            line.sudo(self.mkt).with_context(crm_consent_erase=True).unlink()
        self.assertTrue(line.exists())
