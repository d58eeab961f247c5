from datetime import timedelta

from odoo import fields

from .campaign_common import MarketingCase


class LedgerCase(MarketingCase):
    """A message of silvia's campaign sent to the four companies plus an excluded one, with
    the ledger rows of the contract (wt-mkt-send's fields) written as the sender would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.Campaign.sudo(cls.silvia).create({'name': 'Monitor test'})
        cls.mailing = cls.env['mail.mass_mailing'].sudo(cls.silvia).create({
            'name': 'Newsletter test', 'campaign_id': cls.campaign.id,
            'body_html': '<p>Ciao</p>', 'state': 'done',
            'mailing_model_id': cls.env.ref('mass_mailing.model_mail_mass_mailing_list').id})
        cls.excluded_partner = cls.env['res.partner'].create({
            'name': 'Disiscritta S.r.l.', 'email': 'via@example.com'})
        now = fields.Datetime.from_string(fields.Datetime.now())
        recent = fields.Datetime.to_string(now - timedelta(minutes=2))
        Stat = cls.env['mail.mail.statistics'].sudo()
        c = cls.companies

        def row(partner, state, **values):
            vals = {'mass_mailing_id': cls.mailing.id, 'model': 'res.partner',
                    'res_id': partner.id, 'crm_email_normalized': partner.email,
                    'crm_name': partner.name, 'crm_state': state, 'crm_channel': 'email'}
            if state in ('sent', 'delivered', 'bounced'):
                vals['sent'] = recent
            vals.update(values)
            return Stat.create(vals)

        cls.st_open_click = row(c[0], 'delivered', crm_open_count=3, crm_click_count=1,
                                crm_first_open=recent, crm_last_open=recent)
        cls.st_unopened = row(c[1], 'delivered')
        cls.st_hard = row(c[2], 'bounced', crm_bounce_code='5.1.1', crm_bounce_type='hard',
                          crm_bounce_reason='Utente sconosciuto')
        cls.st_queued = row(c[3], 'queued')
        cls.st_excluded = row(cls.excluded_partner, 'excluded',
                              crm_exclusion_reason='unsubscribed')
        cls.link = cls.env['link.tracker'].sudo().create({
            'url': 'https://www.example.com/offerta', 'mass_mailing_id': cls.mailing.id})
        cls.other_link = cls.env['link.tracker'].sudo().create({
            'url': 'https://www.example.com/altro', 'mass_mailing_id': cls.mailing.id})
        cls.env['link.tracker.click'].sudo().create({
            'link_id': cls.link.id, 'mail_stat_id': cls.st_open_click.id,
            'mass_mailing_id': cls.mailing.id, 'ip': '10.0.0.1'})


class TestMonitor(LedgerCase):

    def test_monitor_counts(self):
        mailing = self.mailing.sudo(self.silvia)
        self.assertEqual(
            (mailing.crm_mon_total, mailing.crm_mon_sent, mailing.crm_mon_queued,
             mailing.crm_mon_delivered, mailing.crm_mon_bounced, mailing.crm_mon_excluded,
             mailing.crm_mon_opened, mailing.crm_mon_clicked),
            (5, 3, 1, 2, 1, 1, 1, 1))
        self.assertAlmostEqual(mailing.crm_mon_progress, 75.0)  # 3 of the 4 to send
        self.assertAlmostEqual(mailing.crm_mon_rate, 0.3)  # 3 in the last 10 minutes
        self.assertTrue(mailing.crm_mon_eta.endswith('min'))

    def test_excluded_by_reason_and_bounces(self):
        mailing = self.mailing.sudo(self.silvia)
        action = mailing.action_crm_monitor_excluded()
        rows = self.env['mail.mail.statistics'].sudo(self.silvia).read_group(
            action['domain'], ['crm_exclusion_reason'], ['crm_exclusion_reason'])
        self.assertEqual([(r['crm_exclusion_reason'], r['crm_exclusion_reason_count'])
                          for r in rows], [('unsubscribed', 1)])
        action = mailing.action_crm_monitor_bounces()
        bounced = self.env['mail.mail.statistics'].sudo(self.silvia).search(action['domain'])
        self.assertEqual(bounced.mapped('crm_bounce_reason'), ['Utente sconosciuto'])
        action = mailing.action_crm_monitor_clicks()
        rows = self.env['link.tracker.click'].sudo(self.silvia).read_group(
            action['domain'], ['link_id'], ['link_id'])
        self.assertEqual([(r['link_id'][0], r['link_id_count']) for r in rows],
                         [(self.link.id, 1)])

    def test_campaign_monitor_opens_its_messages(self):
        action = self.campaign.sudo(self.silvia).action_crm_open_monitor()
        found = self.env['mail.mass_mailing'].sudo(self.silvia).search(action['domain'])
        self.assertEqual(found, self.mailing)


class TestOutcomeLists(LedgerCase):
    """Dynamic lists on the outcomes of an earlier message (SPEC M3)."""

    def _outcome_list(self, outcome, link=None):
        return self.List.sudo(self.silvia).create({
            'name': 'Esito %s' % outcome, 'crm_list_type': 'dynamic', 'crm_outcome': outcome,
            'crm_outcome_mailing_id': self.mailing.id,
            'crm_outcome_link_id': link.id if link else False})

    def _ids(self, mlist):
        return sorted(r['res_id'] for r in mlist._crm_recipients())

    def test_outcomes(self):
        c = self.companies
        self.assertEqual(self._ids(self._outcome_list('clicked', self.link)), [c[0].id])
        self.assertEqual(self._ids(self._outcome_list('clicked', self.other_link)), [])
        self.assertEqual(self._ids(self._outcome_list('clicked')), [c[0].id])
        self.assertEqual(self._ids(self._outcome_list('bounced')), [c[2].id])
        self.assertEqual(self._ids(self._outcome_list('opened')), [c[0].id])
        not_opened = self._outcome_list('not_opened')
        self.assertEqual(self._ids(not_opened), [c[1].id])
        self.assertEqual(not_opened.crm_count, 1)

    def test_outcome_needs_a_message(self):
        from odoo.exceptions import ValidationError
        with self.assertRaises(ValidationError):
            self.List.sudo(self.silvia).create({
                'name': 'Esito senza messaggio', 'crm_list_type': 'dynamic',
                'crm_outcome': 'bounced'})
