"""Scheda riepilogo (B10), base part: the roll-up of a company's contacts, date order, paging,
kind filters, markers of quiet periods, and nothing the viewer may not read."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import CoreEngineCase


class TestTimeline(CoreEngineCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env['ir.config_parameter'].sudo().set_param(
            'crm_infinity_base.timeline_gap_days', '30')
        cls.contact = cls.env['res.partner'].create({
            'name': 'Mario Verdi', 'parent_id': cls.customer.id, 'user_id': cls.anna.id})
        cls.other = cls.env['res.partner'].create({'name': 'Altra Azienda S.p.A.',
                                                   'is_company': True})
        Comm = cls.env['crm.infinity.communication']
        now = datetime.utcnow().replace(microsecond=0)
        cls.now = now

        def comm(partner, user, days, subject):
            return Comm.create({'partner_id': partner.id, 'user_id': user.id,
                                'subject': subject, 'kind': 'phone', 'direction': 'out',
                                'date': fields.Datetime.to_string(now - timedelta(days=days))})
        cls.c_company = comm(cls.customer, cls.anna, 1, 'Chiamata azienda')
        cls.c_contact = comm(cls.contact, cls.anna, 5, 'Chiamata contatto')
        cls.c_old = comm(cls.contact, cls.anna, 80, 'Chiamata vecchia')
        cls.c_dario = comm(cls.customer, cls.dario, 3, 'Chiamata di Dario')
        cls.c_other = comm(cls.other, cls.anna, 2, 'Chiamata altra azienda')
        cls.note = cls.contact.message_post(body='<p>Nota sul contatto</p>',
                                            message_type='comment', subtype='mail.mt_note')

    def _load(self, user, partner, **kwargs):
        return self.env['crm.infinity.timeline'].sudo(user).crm_timeline_load(partner.id,
                                                                               **kwargs)

    @staticmethod
    def _real(items):
        return [item for item in items if item['kind'] != 'gap']

    def test_company_rolls_up_its_contacts_newest_first(self):
        data = self._load(self.anna, self.customer)
        items = self._real(data['items'])
        communications = [i['res_id'] for i in items if i['res_model'] ==
                          'crm.infinity.communication']
        self.assertEqual(communications, [self.c_company.id, self.c_contact.id, self.c_old.id])
        self.assertEqual([i['date'] for i in items], sorted((i['date'] for i in items),
                                                            reverse=True))
        contact_item = next(i for i in items if i['res_id'] == self.c_contact.id)
        self.assertIn('Mario Verdi', contact_item['via'])
        self.assertTrue(any(i['kind'] == 'message' and i['partner_id'] == self.contact.id
                            for i in items))
        codes = {kind['code'] for kind in data['kinds']}
        self.assertTrue({'message', 'communication', 'primanota'} <= codes)
        for item in items:  # every item links to its source record
            self.assertTrue(item['res_model'] and item['res_id'], item)

    def test_a_contact_shows_only_its_own_items(self):
        items = self._real(self._load(self.anna, self.contact)['items'])
        ids = {i['res_id'] for i in items if i['res_model'] == 'crm.infinity.communication'}
        self.assertEqual(ids, {self.c_contact.id, self.c_old.id})

    def test_what_the_viewer_may_not_read_does_not_appear(self):
        # dario (another area) logged a call on the customer: anna may not read it, his
        # manager's manager may
        anna = self._real(self._load(self.anna, self.customer)['items'])
        self.assertNotIn(self.c_dario.id, [i['res_id'] for i in anna])
        boss = self._real(self._load(self.boss, self.customer)['items'])
        self.assertIn(self.c_dario.id, [i['res_id'] for i in boss])

    def test_filter_by_kind(self):
        items = self._real(self._load(self.anna, self.customer,
                                      kinds=['communication'])['items'])
        self.assertTrue(items)
        self.assertEqual({i['kind'] for i in items}, {'communication'})
        self.assertEqual(self._load(self.anna, self.customer, kinds=[])['items'], [])

    def test_quiet_periods_are_marked(self):
        items = self._load(self.anna, self.customer)['items']
        gaps = [i for i, item in enumerate(items) if item['kind'] == 'gap']
        self.assertEqual(len(gaps), 1)
        self.assertEqual(items[gaps[0] + 1]['res_id'], self.c_old.id)
        self.assertGreaterEqual(items[gaps[0]]['days'], 30)
        self.env['ir.config_parameter'].sudo().set_param(
            'crm_infinity_base.timeline_gap_days', '100')
        self.assertFalse([i for i in self._load(self.anna, self.customer)['items']
                          if i['kind'] == 'gap'])

    def test_pages_follow_each_other_without_gaps_or_repeats(self):
        everything = self._real(self._load(self.anna, self.customer, limit=100)['items'])
        seen, cursor = [], None
        for _page in range(20):
            data = self._load(self.anna, self.customer, limit=2, cursor=cursor)
            page = self._real(data['items'])
            self.assertLessEqual(len(page), 2)
            seen += page
            cursor = data['next']
            if not cursor:
                break
        key = lambda i: (i['kind'], i['res_model'], i['res_id'], i['date'])  # noqa: E731
        self.assertEqual([key(i) for i in seen], [key(i) for i in everything])

    def test_the_card_is_refused_on_a_partner_the_viewer_may_not_read(self):
        portal = self._create_user('t_card_portal', 'base.group_portal')
        with self.assertRaises(AccessError):
            self._load(portal, self.other)

    def test_partner_button_opens_the_card(self):
        action = self.customer.sudo(self.anna).action_open_timeline()
        self.assertEqual(action['tag'], 'crm_infinity_timeline')
        self.assertEqual(action['params']['partner_id'], self.customer.id)

    def test_an_email_of_a_contact_on_a_record_the_viewer_may_not_read_is_hidden(self):
        # the newest candidate of the card is an e-mail the contact sent on dario's call:
        # mail.message's own search hides it from anna; her page is refilled past it
        self.env['mail.message'].create({
            'model': 'crm.infinity.communication', 'res_id': self.c_dario.id,
            'message_type': 'email', 'author_id': self.contact.id,
            'body': '<p>Riservato</p>',
            'date': fields.Datetime.to_string(self.now + timedelta(hours=1))})

        def on_dario(items):
            return [i for i in items if i['kind'] == 'message' and
                    i['res_model'] == 'crm.infinity.communication']
        first = self._load(self.anna, self.customer, limit=1)
        self.assertEqual(len(self._real(first['items'])), 1)
        self.assertFalse(on_dario(first['items']))
        self.assertTrue(first['next'])
        self.assertFalse(on_dario(self._load(self.anna, self.customer, limit=100)['items']))
        self.assertTrue(on_dario(self._load(self.boss, self.customer, limit=100)['items']))

    def test_a_forged_cursor_is_refused_in_italian(self):
        Timeline = self.env['crm.infinity.timeline'].sudo(self.anna).with_context(lang='it_IT')
        for cursor in ({'date': "2026-01-01'; DROP TABLE res_partner; --", 'key': 'message',
                        'id': 1},
                       {'date': '2026-01-01 00:00:00', 'key': 'message', 'id': 'uno'},
                       {'key': 'message'}, ['2026-01-01 00:00:00']):
            with self.assertRaises(UserError) as error:
                Timeline.crm_timeline_load(self.customer.id, cursor=cursor)
            self.assertIn('non è valida', str(error.exception))
        for bad in ({'limit': 'tutti'}, {'limit': [1]}, {'kinds': 'deal'}, {'kinds': [[1]]},
                    {'kinds': [{'a': 1}]}):
            with self.assertRaises(UserError):
                Timeline.crm_timeline_load(self.customer.id, **bad)
        # the source code of a cursor is a position in the order only, never SQL
        data = Timeline.crm_timeline_load(
            self.customer.id, cursor={'date': '2099-01-01 00:00:00', 'key': "z' OR 1=1 --",
                                      'id': 1})
        ids = {i['res_id'] for i in self._real(data['items'])
               if i['res_model'] == 'crm.infinity.communication'}
        self.assertNotIn(self.c_dario.id, ids)
        self.assertIn(self.c_company.id, ids)


    def test_a_portal_user_gets_no_card_even_of_his_own_company(self):
        # his own partner is readable to him, its internal notes and calls are not for him
        portal = self._create_user('t_card_portal_own', 'base.group_portal')
        portal.partner_id.parent_id = self.customer
        Timeline = self.env['crm.infinity.timeline'].sudo(portal).with_context(lang='it_IT')
        for partner in (portal.partner_id, self.customer):
            with self.assertRaises(AccessError) as error:
                Timeline.crm_timeline_load(partner.id)
            self.assertIn('utenti interni', str(error.exception))
            with self.assertRaises(AccessError):
                Timeline.crm_timeline_action(partner.id)

    def test_a_forged_context_cannot_mark_records_as_checked(self):
        # the records of a page are read without a second rule check only when the engine
        # selected them for this viewer: a client's context (JSON, no tuple keys) cannot
        # pretend so, and a record read outside a page is read as the viewer
        Provider = self.env['crm.infinity.timeline.provider'].sudo(self.anna)
        forged = {'verified': [self.c_dario.id], str(('verified', self.anna.id,
                                                     'crm.infinity.communication')):
                  [self.c_dario.id]}
        for context in ({}, {'crm_timeline_memo': forged}):
            with self.assertRaises(AccessError):
                Provider.with_context(**context)._crm_timeline_read_ids(
                    'crm.infinity.communication', [self.c_dario.id], ['subject'])
        own = Provider.with_context(crm_timeline_memo=forged)._crm_timeline_read_ids(
            'crm.infinity.communication', [self.c_company.id], ['subject'])
        self.assertEqual(own[self.c_company.id]['subject'], 'Chiamata azienda')

    def test_the_page_is_read_in_sql_as_odoo_reads_it(self):
        # records of a page are read in one query: the same values as Odoo's read()
        Provider = self.env['crm.infinity.timeline.provider']
        Comm = self.env['crm.infinity.communication']
        columns = ['subject', 'note', 'kind', 'partner_id', 'user_id', 'date', 'state']
        ids = (self.c_company | self.c_old).ids
        rows = Provider._crm_timeline_read_sql(Comm, ids, columns)
        self.assertEqual(sorted(rows, key=lambda row: row['id']),
                         sorted(Comm.browse(ids).read(columns, load='_classic_write'),
                                key=lambda row: row['id']))
        # a translated column, or a value that is not a column, is left to the ORM
        self.assertIsNone(Provider._crm_timeline_read_sql(
            self.env['res.country'], self.env.ref('base.it').ids, ['name']))
        self.assertIsNone(Provider._crm_timeline_read_sql(
            self.env['res.partner'], self.customer.ids, ['name', 'contact_address']))

    def test_a_memo_sent_in_the_context_changes_no_search(self):
        # the page's memo is the engine's own object: a client's context (JSON) holding a
        # "crm_timeline_memo" makes no search return what it returned before a change
        Partner = self.env['res.partner'].sudo(self.anna).with_context(crm_timeline_memo={})
        domain = [('name', '=', 'Memo Cliente S.r.l.')]
        self.assertFalse(Partner.search(domain))
        Partner.create({'name': 'Memo Cliente S.r.l.', 'is_company': True})
        self.assertEqual(len(Partner.search(domain)), 1)
        # and a card asked with one is computed with the engine's memo, the same as without
        Timeline = self.env['crm.infinity.timeline'].sudo(self.anna)
        plain = Timeline.crm_timeline_load(self.customer.id)
        forged = Timeline.with_context(crm_timeline_memo={'crm.lead': ['SELECT 1', []]}) \
            .crm_timeline_load(self.customer.id)
        self.assertEqual([(i['kind'], i.get('res_id')) for i in plain['items']],
                         [(i['kind'], i.get('res_id')) for i in forged['items']])

    def test_models_whose_read_shows_other_values_are_read_through_it(self):
        # calendar.event's read() hides the private events of others: never read in SQL;
        # mail.message's only checks access (the page's selection did): read in SQL
        from odoo.addons.crm_infinity_base.models.crm_infinity_timeline_provider import \
            plain_read
        self.assertFalse(plain_read(self.env['calendar.event']))
        self.assertTrue(plain_read(self.env['mail.message']))
        self.assertTrue(plain_read(self.env['crm.infinity.communication']))

    def test_an_empty_memo_in_the_context_does_not_replace_the_engines(self):
        # Odoo finds environments by equal contexts: a client's empty "crm_timeline_memo"
        # must not be taken for the engine's fresh memo (the page would run without it)
        Timeline = self.env['crm.infinity.timeline'].sudo(self.anna)
        Timeline.crm_timeline_load(self.customer.id)  # warm the caches
        counts = []
        for context in ({}, {'crm_timeline_memo': {}}):
            before = self.env.cr.sql_log_count
            Timeline.with_context(**context).crm_timeline_load(self.customer.id)
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])

    def test_a_page_record_read_in_sql_keeps_the_fields_groups(self):
        # the page's own records skip the second rule check, never the field's groups
        from odoo.addons.crm_infinity_base.models.crm_infinity_timeline_provider import \
            TimelineMemo
        Provider = self.env['crm.infinity.timeline.provider'].sudo(self.anna).with_context(
            crm_timeline_memo=TimelineMemo())
        Provider._crm_timeline_verified([('crm.infinity.sms.gateway', [1])])
        with self.assertRaises(AccessError):
            Provider._crm_timeline_read_ids('crm.infinity.sms.gateway', [1], ['auth_header'])
