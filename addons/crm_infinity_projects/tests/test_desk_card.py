"""MyDesk, card and Scadenze grow with the commesse (issue 17 through the extension points):
the assignee's and the commessa manager's tiles count as them and open exactly what they
counted, the manager switches to his team; the card of the company shows commesse and
activities in date order as the viewer (the assignee his activities only, a salesperson
nothing); the deadline kinds of the commesse exist."""
from datetime import datetime

import pytz

from .common import ProjectsCase


class TestProjectsDeskCard(ProjectsCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.commessa.write({'crm_state': 'open'})
        today = datetime.now(pytz.timezone(cls.assignee.tz or 'Europe/Rome')).date()
        cls.env['account.analytic.line'].sudo(cls.assignee).create({
            'name': 'Sopralluogo', 'date': str(today), 'unit_amount': 45.0,
            'project_id': cls.commessa.id, 'task_id': cls.survey.id,
            'user_id': cls.assignee.id})
        cls.event = cls.env['calendar.event'].create({
            'name': 'Riunione di avvio', 'start': '2026-01-11 09:00:00',
            'stop': '2026-01-11 10:00:00', 'crm_project_id': cls.commessa.id})

    def _desk(self, user):
        return self.env['crm.infinity.desk'].sudo(user)

    def _tiles(self, user, scope='me'):
        Desk = self._desk(user)
        data = Desk.crm_desk_load(scope=scope)
        tiles = {tile['key']: tile for section in data['sections'] for tile in section['tiles']}
        for key, tile in tiles.items():
            if tile['kind'] not in ('count', 'sum'):
                continue
            action = Desk.crm_desk_open(key, scope=data['scope'])
            Model = self.env[action['res_model']].sudo(user).with_context(**action['context'])
            if tile['kind'] == 'count':
                self.assertEqual(Model.search_count(action['domain']), tile['value'], key)
            else:
                self.assertAlmostEqual(sum(Model.search(action['domain']).mapped('unit_amount')),
                                       tile['value'], msg=key)
        return tiles, data

    def test_assignee_tiles_count_his_activities(self):
        tiles, _data = self._tiles(self.assignee)
        self.assertEqual(tiles['projects.tasks_late']['value'], 1)  # the survey, not the report
        self.assertEqual(tiles['projects.hours_week']['value'], 45.0)
        self.assertNotIn('projects.commesse_open', tiles)
        tiles2, _data = self._tiles(self.assignee2)
        self.assertEqual(tiles2['projects.tasks_late']['value'], 0)
        self.assertEqual(tiles2['projects.hours_week']['value'], 0)
        self.assertEqual(tiles2['projects.tasks_waiting']['value'] +
                         tiles2['projects.tasks_todo']['value'], 2)

    def test_manager_tiles_and_team(self):
        tiles, data = self._tiles(self.manager)
        self.assertEqual(tiles['projects.commesse_open']['value'], 1)
        self.assertEqual(tiles['projects.commesse_late']['value'], 1)
        self.assertEqual(tiles['projects.commesse_over_budget']['value'], 1)
        self.assertEqual(tiles['projects.tasks_to_close']['value'], 1)
        other, _data = self._tiles(self.manager2)
        self.assertEqual(other['projects.commesse_open']['value'], 0)
        self.assertEqual(other['projects.commesse_over_budget']['value'], 0)
        self.assertIn('team', [s['code'] for s in data['scopes']])
        team, data = self._tiles(self.manager, scope='team')
        self.assertEqual(data['scope'], 'team')
        # the assignees of his commessa's activities: the survey's hours are the team's
        self.assertEqual(team['projects.hours_week']['value'], 45.0)
        # the team's figures are named so, not "my"
        self.assertEqual(tiles['projects.commesse_open']['name'], 'My commesse open')
        self.assertEqual(team['projects.commesse_open']['name'], 'Team commesse open')
        self.assertEqual(team['projects.tasks_todo']['name'], 'Team activities to do')

    def test_salesperson_gets_no_commesse_tiles(self):
        tiles = self._desk(self.salesperson).crm_desk_load()
        keys = [t['key'] for s in tiles['sections'] for t in s['tiles']]
        self.assertFalse([key for key in keys if key.startswith('projects.')])

    def _items(self, user):
        data = self.env['crm.infinity.timeline'].sudo(user).crm_timeline_load(self.customer.id)
        items = [i for i in data['items'] if i['kind'] != 'gap']
        self.assertEqual([i['date'] for i in items],
                         sorted((i['date'] for i in items), reverse=True))
        return {(i['kind'], i['res_model'], i['res_id']) for i in items
                if i['kind'] in ('commessa', 'project_activity', 'project_event')}

    def test_card_shows_commesse_as_the_viewer(self):
        manager = self._items(self.manager)
        self.assertIn(('commessa', 'project.project', self.commessa.id), manager)
        self.assertIn(('project_activity', 'project.task', self.survey.id), manager)
        self.assertIn(('project_activity', 'project.task', self.report.id), manager)
        self.assertIn(('project_event', 'calendar.event', self.event.id), manager)
        self.assertNotIn(('project_activity', 'project.task', self.audit.id), manager)
        assignee = self._items(self.assignee)
        self.assertEqual({key[2] for key in assignee}, {self.survey.id})
        self.assertFalse(self._items(self.salesperson))
        self.assertFalse(self._items(self.manager2))

    def test_deadline_kinds_of_the_commesse(self):
        kinds = dict(self.env['crm.infinity.deadline.provider']._crm_deadline_kinds())
        for kind in ('commessa_end', 'doc_delivery', 'contract_expiry', 'activity_end'):
            self.assertIn(kind, kinds)

    def test_card_keeps_a_private_event_private(self):
        # a private event of the commessa, of someone else: Odoo's calendar shows the manager
        # its time, not its title nor its place ("Busy"); the card must not show more
        private = self.env['calendar.event'].create({
            'name': 'Colloquio riservato', 'location': 'Studio legale Neri',
            'start': '2026-01-12 09:00:00', 'stop': '2026-01-12 10:00:00',
            'privacy': 'private', 'user_id': self.env.ref('base.user_root').id,
            'crm_project_id': self.commessa.id})
        expected = self.env['calendar.event'].sudo(self.manager).browse(private.id).read(
            ['name', 'location'])[0]
        self.assertNotEqual(expected['name'], 'Colloquio riservato')
        data = self.env['crm.infinity.timeline'].sudo(self.manager).crm_timeline_load(
            self.customer.id, kinds=['project_event'])
        item = next(i for i in data['items'] if i.get('res_id') == private.id and
                    i['res_model'] == 'calendar.event')
        self.assertNotIn('Colloquio riservato', item['title'])
        self.assertIn(expected['name'], item['title'])
        self.assertNotIn('Neri', item['body'])
