"""MyDesk (B9): every tile counts as the viewer and opens exactly what it counted; relative
dates are resolved when MyDesk is opened, in the viewer's time zone; managers switch to their
team; MyDesk is the home page of the CRM profiles."""
from datetime import date, datetime, timedelta

import pytz

from odoo.exceptions import AccessError

from .common import CoreEngineCase

DESK_ACTION = 'crm_infinity_base.crm_infinity_desk_action'


class TestDesk(CoreEngineCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = 'Europe/Rome'
        for user in (cls.boss, cls.north, cls.anna, cls.bruno):
            user.tz = 'Europe/Rome'
        Activity = cls.env['mail.activity']
        cls.partner_model = cls.env['ir.model']._get('res.partner')
        today = cls._today_of(cls.anna)
        cls.acts = {}
        for user, days in ((cls.anna, (0, 0, -3, 2)), (cls.bruno, (0, -1)),
                           (cls.dario, (0,))):
            for offset in days:
                cls.acts.setdefault(user, []).append(Activity.create({
                    'res_model_id': cls.partner_model.id, 'res_id': cls.customer.id,
                    'user_id': user.id, 'summary': 'Richiamare %s' % offset,
                    'date_deadline': today + timedelta(days=offset)}))

    @staticmethod
    def _today_of(user):
        return datetime.now(pytz.timezone(user.tz or 'Europe/Rome')).date()

    def _desk(self, user, scope='me', **context):
        return self.env['crm.infinity.desk'].sudo(user).with_context(**context)

    def _tiles(self, data):
        return {tile['key']: tile for section in data['sections'] for tile in section['tiles']}

    def _assert_tiles_open_what_they_count(self, user, scope='me'):
        Desk = self._desk(user)
        tiles = self._tiles(Desk.crm_desk_load(scope=scope))
        self.assertTrue(tiles)
        for key, tile in tiles.items():
            if tile['kind'] not in ('count', 'chart'):
                continue
            action = Desk.crm_desk_open(key, scope=scope)
            Model = self.env[action['res_model']].sudo(user).with_context(**action['context'])
            self.assertEqual(Model.search_count(action['domain']), tile['value'], key)
            for bar in tile.get('bars') or []:
                action = Desk.crm_desk_open(key, scope=scope, bar=bar['bar'])
                self.assertEqual(Model.search_count(action['domain']), bar['value'],
                                 (key, bar['label']))
        return tiles

    def test_activity_tiles_count_the_viewers_activities_and_open_them(self):
        tiles = self._assert_tiles_open_what_they_count(self.anna)
        self.assertEqual(tiles['base.activities_today']['value'], 2)
        self.assertEqual(tiles['base.activities_overdue']['value'], 1)
        self.assertEqual(tiles['base.activities_overdue']['severity'], 'danger')
        self.assertEqual(tiles['base.activities_today']['res_model'], 'mail.activity')

    def test_relative_dates_are_today_in_the_viewers_time_zone_when_opened(self):
        action = self._desk(self.anna).crm_desk_open('base.activities_today')
        today = self._today_of(self.anna).isoformat()
        self.assertIn(('date_deadline', '=', today), action['domain'])
        # 23:30 UTC on 10 March: already 11 March in Rome, still 10 March in Los Angeles
        now = datetime(2026, 3, 10, 23, 30)
        self.anna.tz = 'Europe/Rome'
        self.bruno.tz = 'America/Los_Angeles'
        rome = self._desk(self.anna, crm_desk_now=now).crm_desk_open('base.activities_today')
        la = self._desk(self.bruno, crm_desk_now=now).crm_desk_open('base.activities_today')
        self.assertIn(('date_deadline', '=', '2026-03-11'), rome['domain'])
        self.assertIn(('date_deadline', '=', '2026-03-10'), la['domain'])
        # appointments of "today": from Rome's midnight (23:00 UTC in winter) to the next one
        appointments = self._desk(self.anna, crm_desk_now=now).crm_desk_open(
            'base.appointments_today')
        self.assertIn(('start', '<', '2026-03-11 23:00:00'), appointments['domain'])
        self.assertIn(('stop', '>=', '2026-03-10 23:00:00'), appointments['domain'])
        # the next day, the same tile opens the next day's records: nothing is frozen
        later = self._desk(self.anna, crm_desk_now=now + timedelta(days=1)).crm_desk_open(
            'base.activities_today')
        self.assertIn(('date_deadline', '=', '2026-03-12'), later['domain'])

    def test_period_helpers(self):
        Provider = self.env['crm.infinity.desk.provider'].with_context(
            crm_desk_now=datetime(2026, 3, 11, 10, 0))  # a Wednesday
        self.assertEqual(Provider._crm_desk_period_dates(self.anna, 'week'),
                         (date(2026, 3, 9), date(2026, 3, 15)))
        self.assertEqual(Provider._crm_desk_period_dates(self.anna, 'month'),
                         (date(2026, 3, 1), date(2026, 3, 31)))
        self.assertEqual(Provider._crm_desk_period_dates(self.anna, 'next_days', days=3),
                         (date(2026, 3, 12), date(2026, 3, 14)))
        # summer time: Rome is UTC+2 on 1 July
        summer = Provider.with_context(crm_desk_now=datetime(2026, 7, 1, 10, 0))
        self.assertEqual(summer._crm_desk_period(self.anna, 'today'),
                         ('2026-06-30 22:00:00', '2026-07-01 22:00:00'))
        self.assertEqual(summer._crm_desk_period(self.anna, 'overdue'),
                         (False, '2026-06-30 22:00:00'))

    def test_manager_switches_between_himself_and_his_team(self):
        data = self._desk(self.north).crm_desk_load()
        self.assertEqual([s['code'] for s in data['scopes']], ['me', 'team'])
        self.assertEqual(self._tiles(data)['base.activities_today']['value'], 0)
        team = self._assert_tiles_open_what_they_count(self.north, scope='team')
        # anna's two and bruno's one, not dario's (another area)
        self.assertEqual(team['base.activities_today']['value'], 3)
        self.assertEqual(team['base.activities_overdue']['value'], 2)
        # a salesperson without subordinates has no team: asking for it shows his own
        data = self._desk(self.anna).crm_desk_load(scope='team')
        self.assertEqual([s['code'] for s in data['scopes']], ['me'])
        self.assertEqual(data['scope'], 'me')

    def test_team_tiles_do_not_say_mine(self):
        """In *Il mio team* a tile counts the team's records: its name must not say "my" (the
        tiles of every installed addon: the manager also holds the other profiles)."""
        self.north.write({'groups_id': [(4, self.env.ref('crm_infinity_base.' + name).id)
                                        for name in ('group_crm_support_manager',
                                                     'group_crm_marketing_operator',
                                                     'group_crm_commessa_manager')]})
        for lang, mine in (('en_US', r'(?i)\bmy\b'), ('it_IT', r'(?i)\b(mio|mia|miei|mie)\b')):
            data = self._desk(self.north, lang=lang).crm_desk_load(scope='team')
            self.assertEqual(data['scope'], 'team')
            for key, tile in self._tiles(data).items():
                self.assertNotRegex(tile['name'], mine, (lang, key))

    def test_figures_refer_to_a_time_and_are_in_italian(self):
        data = self._desk(self.anna, lang='it_IT').crm_desk_load()
        self.assertRegex(data['refreshed'], r'^\S.* \d\d:\d\d$')
        self.assertTrue(data['date'])

    def test_portal_users_get_no_desk(self):
        portal = self._create_user('t_desk_portal', 'base.group_portal')
        with self.assertRaises(AccessError):
            self._desk(portal).crm_desk_load()

    def test_mydesk_is_the_home_page_of_the_crm_profiles(self):
        action = self.env.ref(DESK_ACTION)
        for group in ('group_crm_salesperson', 'group_crm_support_operator',
                      'group_crm_marketing_operator', 'group_crm_assignee', 'group_crm_admin'):
            user = self._create_user('t_desk_home_%s' % group, group)
            self.assertEqual(user.action_id.id, action.id, group)
        # given later by the profile assignment
        plain = self._create_user('t_desk_plain', 'base.group_user')
        self.assertFalse(plain.action_id)
        plain.write({'groups_id': [(4, self.env.ref(
            'crm_infinity_base.group_crm_salesperson').id)]})
        self.assertEqual(plain.action_id.id, action.id)
        # a home page chosen by the administrator is kept
        other = self.env.ref('base.action_res_users')
        chosen = self._create_user('t_desk_chosen', 'group_crm_salesperson',
                                   action_id=other.id)
        self.assertEqual(chosen.action_id.id, other.id)
        portal = self._create_user('t_desk_portal_home', 'base.group_portal')
        self.assertFalse(portal.action_id)

    def test_deadlines_of_the_next_days_come_from_the_deadline_engine(self):
        if 'crm.infinity.deadline.provider' not in self.env:
            self.skipTest('no deadline engine')
        tiles = self._tiles(self._desk(self.anna).crm_desk_load())
        lines = tiles['base.deadlines_next_days']['lines']
        # anna's activities due today and in two days, not the overdue one nor bruno's
        listed = {line['res_id'] for line in lines if line['res_model'] == 'res.partner'}
        self.assertEqual(listed, {self.customer.id})
        self.assertEqual(tiles['base.deadlines_next_days']['value'], len(lines))
        self.assertEqual(len([a for a in self.acts[self.anna]
                              if a.date_deadline >= self._today_of(self.anna).isoformat()]),
                         len(lines))
        self.assertEqual(lines, sorted(lines, key=lambda line: (line['sort'], line['name'])))
