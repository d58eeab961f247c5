"""MyDesk, card and Scadenze grow with marketing (issue 17 through the extension points): the
marketing operator's tiles count his campaigns, messages, bounces, unsubscribes and calls and
open exactly what they counted; the card of a customer shows the marketing outcomes in date
order and nothing the viewer may not read; the campaign end is a deadline kind."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.addons.crm_infinity_sales.dashboards import figures

from .common import MarketingCase


def _ago(**delta):
    return fields.Datetime.to_string(datetime.utcnow().replace(microsecond=0) -
                                     timedelta(**delta))


class TestMarketingDeskCard(MarketingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mkt2 = cls._create_user('t_mkt_operator2', 'group_crm_marketing_operator')
        Campaign = cls.env['utm.campaign']
        cls.camp = Campaign.create({'name': 'Pompe di calore', 'crm_user_id': cls.mkt.id,
                                    'crm_state': 'running', 'crm_budget': 1000})
        cls.camp_draft = Campaign.create({'name': 'Bozza', 'crm_user_id': cls.mkt.id})
        cls.camp_other = Campaign.create({'name': 'Altrui', 'crm_user_id': cls.mkt2.id,
                                          'crm_state': 'running'})
        Mailing = cls.env['mail.mass_mailing']
        cls.mailing = Mailing.create({'name': 'Offerta pompe', 'campaign_id': cls.camp.id,
                                      'state': 'sending'})
        cls.mailing_other = Mailing.create({'name': 'Altro messaggio', 'state': 'in_queue',
                                            'campaign_id': cls.camp_other.id})
        cls.company = cls.env['res.partner'].create({
            'name': 'Termoidraulica Rossi S.r.l.', 'is_company': True, 'user_id': cls.anna.id})
        cls.contact = cls.env['res.partner'].create({
            'name': 'Luca Rossi', 'parent_id': cls.company.id, 'email': 'luca@rossi.example'})
        Stat = cls.env['mail.mail.statistics']
        cls.stat_open = Stat.create({
            'mass_mailing_id': cls.mailing.id, 'model': 'res.partner', 'res_id': cls.contact.id,
            'crm_email_normalized': 'luca@rossi.example', 'crm_partner_id': cls.contact.id,
            'crm_state': 'delivered', 'sent': _ago(days=3), 'opened': _ago(days=2),
            'crm_open_count': 1})
        cls.stat_bounce = Stat.create({
            'mass_mailing_id': cls.mailing.id, 'model': 'res.partner', 'res_id': cls.company.id,
            'crm_email_normalized': 'info@rossi.example', 'crm_partner_id': cls.company.id,
            'crm_state': 'bounced', 'sent': _ago(days=1, hours=2), 'bounced': _ago(days=1),
            'crm_bounce_reason': 'Utente sconosciuto'})
        Stat.create({'mass_mailing_id': cls.mailing.id, 'crm_email_normalized': 'q@x.example',
                     'crm_state': 'queued'})
        Stat.create({'mass_mailing_id': cls.mailing_other.id, 'crm_state': 'bounced',
                     'crm_email_normalized': 'z@x.example', 'bounced': _ago(days=1)})
        Stat.create({'mass_mailing_id': cls.mailing.id, 'crm_state': 'bounced',
                     'crm_email_normalized': 'old@x.example', 'bounced': _ago(days=30)})
        Blacklist = cls.env['crm.infinity.blacklist']
        cls.stat_nominativo = Stat.create({
            'mass_mailing_id': cls.mailing.id, 'model': 'crm.infinity.nominativo',
            'crm_email_normalized': 'luca.rossi@old.example', 'crm_state': 'delivered',
            'sent': _ago(days=40)})
        Blacklist.create({'email_normalized': 'u1@x.example', 'reason': 'unsubscribed',
                          'date': _ago(days=2), 'mailing_id': cls.mailing.id})
        Blacklist.create({'email_normalized': 'u2@x.example', 'reason': 'unsubscribed',
                          'date': _ago(days=2), 'mailing_id': cls.mailing_other.id})
        cls.consent = cls.env['crm.infinity.consent'].create({
            'partner_id': cls.contact.id, 'purpose': 'marketing', 'channel': 'email',
            'state': 'revoked', 'date': _ago(hours=5), 'origin': 'link'})
        cls.nominativo = cls._nominativo(cls.anna, name='Luca Rossi', phone='+390212345678',
                                         partner_id=cls.contact.id)
        cls.stat_nominativo.res_id = cls.nominativo.id
        cls.lone = cls._nominativo(cls.bruno, name='Da chiamare', phone='+390298765432')
        call_list = cls.env['crm.infinity.call.list'].create({
            'name': 'Richiami pompe', 'campaign_id': cls.camp.id,
            'user_ids': [(6, 0, cls.mkt.ids)]})
        other_list = cls.env['crm.infinity.call.list'].create({
            'name': 'Richiami altrui', 'user_ids': [(6, 0, cls.mkt2.ids)]})
        Line = cls.env['crm.infinity.call.list.line']
        cls.call = Line.create({'call_list_id': call_list.id, 'nominativo_id': cls.nominativo.id,
                                'state': 'done', 'outcome': 'answered', 'user_id': cls.mkt.id,
                                'date': _ago(days=4)})
        Line.create({'call_list_id': call_list.id, 'nominativo_id': cls.lone.id})
        Line.create({'call_list_id': other_list.id, 'nominativo_id': cls.lone.id})

    def _tiles(self, user, scope='me'):
        data = self.env['crm.infinity.desk'].sudo(user).crm_desk_load(scope=scope)
        return {tile['key']: tile for section in data['sections'] for tile in section['tiles']}

    def test_operator_tiles_count_his_records_and_open_them(self):
        Desk = self.env['crm.infinity.desk'].sudo(self.mkt)
        tiles = self._tiles(self.mkt)
        for key, tile in tiles.items():
            if tile['kind'] != 'count':
                continue
            action = Desk.crm_desk_open(key)
            Model = self.env[action['res_model']].sudo(self.mkt).with_context(
                **action['context'])
            self.assertEqual(Model.search_count(action['domain']), tile['value'], key)
        self.assertEqual(tiles['marketing.campaigns_running']['value'], 1)
        self.assertEqual(tiles['marketing.bounces_recent']['value'], 1)  # not 30 days ago
        self.assertEqual(tiles['marketing.unsubscribes_recent']['value'], 1)
        self.assertEqual(tiles['marketing.calls_to_make']['value'], 1)
        sending = tiles['marketing.mailings_sending']
        self.assertEqual([line['res_id'] for line in sending['lines']], self.mailing.ids)
        self.assertIn('1', sending['lines'][0]['name'])  # one queued
        action = Desk.crm_desk_open('marketing.mailings_sending')
        self.assertEqual(self.env['mail.mass_mailing'].sudo(self.mkt).search(
            action['domain']), self.mailing)
        roi = tiles['marketing.roi']
        campaigns = self.env['utm.campaign'].sudo(self.mkt).search(
            Desk.crm_desk_open('marketing.roi')['domain'])
        self.assertEqual(campaigns, self.camp | self.camp_draft)
        self.assertEqual(roi['value'], figures.format_figure(campaigns._crm_roi()['roi'], '%'))

    def test_salesperson_gets_no_marketing_tiles(self):
        self.assertFalse([key for key in self._tiles(self.anna) if key.startswith('marketing.')])

    def test_card_shows_marketing_outcomes_in_date_order_as_the_viewer(self):
        Timeline = self.env['crm.infinity.timeline']
        for user in (self.mkt, self.anna):
            items = [i for i in Timeline.sudo(user).crm_timeline_load(self.company.id)['items']
                     if i['kind'] != 'gap']
            self.assertEqual([i['date'] for i in items],
                             sorted((i['date'] for i in items), reverse=True))
            mine = [(i['res_model'], i['res_id']) for i in items
                    if i['kind'] in ('mailing', 'consent', 'call_list', 'nominativo')]
            for record in (self.stat_open, self.stat_bounce, self.consent):
                self.assertIn((record._name, record.id), mine, user.login)
            if user == self.mkt:
                self.assertIn(('crm.infinity.call.list.line', self.call.id), mine)
                self.assertIn(('mail.mail.statistics', self.stat_nominativo.id), mine)
            else:  # a salesperson has no access to the call lists
                self.assertNotIn(('crm.infinity.call.list.line', self.call.id), mine)
        titles = [i['title'] for i in Timeline.sudo(self.mkt).with_context(
            lang='it_IT').crm_timeline_load(self.company.id, kinds=['mailing'])['items']]
        self.assertEqual(len([t for t in titles if 'Offerta pompe' in t]), 5)  # 3 sent

    def test_card_hides_everything_of_a_partner_the_viewer_may_not_read(self):
        items, _next = self.env['crm.infinity.timeline'].sudo(self.bruno)._crm_timeline_fetch(
            [self.company.id, self.contact.id], ['consent', 'call_list', 'nominativo'], None, 40)
        self.assertFalse(items)

    def test_campaign_end_is_a_deadline_kind(self):
        kinds = dict(self.env['crm.infinity.deadline.provider']._crm_deadline_kinds())
        self.assertIn('campaign_end', kinds)
