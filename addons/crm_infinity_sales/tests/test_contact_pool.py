from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from .common import SalesCase

DAY = '2030-03-04'  # a Monday


class TestContactPool(SalesCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.anna.write({'tz': 'Europe/Rome'})
        Partner = cls.env['res.partner']
        cls.milano = Partner.create({'name': 'Alfa Milano S.r.l.', 'is_company': True,
                                     'street': 'Via Dante 1', 'zip': '20121', 'city': 'Milano',
                                     'user_id': cls.anna.id})  # her companies (B2)
        cls.bergamo = Partner.create({'name': 'Beta Bergamo S.p.A.', 'is_company': True,
                                      'street': 'Via XX Settembre 5', 'zip': '24122',
                                      'city': 'Bergamo', 'user_id': cls.anna.id})
        cls.como = Partner.create({'name': 'Gamma Como', 'is_company': True, 'city': 'Como',
                                   'user_id': cls.anna.id})
        Pool = cls.env['crm.infinity.contact.pool']
        cls.pool_milano = Pool.create({'user_id': cls.anna.id, 'partner_id': cls.milano.id,
                                       'visit_frequency_days': 30,
                                       'last_visit_date': '2030-01-10'})
        cls.pool_bergamo = Pool.create({'user_id': cls.anna.id, 'partner_id': cls.bergamo.id,
                                        'visit_frequency_days': 60,
                                        'last_visit_date': '2030-02-20'})
        cls.pool_como = Pool.create({'user_id': cls.anna.id, 'partner_id': cls.como.id})

    def _plan(self, entries, **values):
        vals = {'user_id': self.anna.id, 'pool_ids': [(6, 0, entries.ids)], 'date': DAY,
                'start_hour': 9.0, 'end_hour': 18.0, 'duration': 1.0, 'travel_time': 0.5}
        vals.update(values)
        wizard = self.env['crm.infinity.visit.plan.wizard'].sudo(self.anna).create(vals)
        action = wizard.action_plan()
        return self.env['calendar.event'].search(action['domain'], order='start')

    def test_next_visit_due_and_to_visit_filter(self):
        self.assertEqual(self.pool_milano.next_visit_date, '2030-02-09')
        self.assertEqual(self.pool_bergamo.next_visit_date, '2030-04-21')
        self.assertTrue(self.pool_como.next_visit_date)  # never visited: due from today
        due = self.env['crm.infinity.contact.pool'].search([
            ('user_id', '=', self.anna.id), ('next_visit_date', '<=', '2030-03-04')])
        self.assertEqual(due, self.pool_milano | self.pool_como)

    def test_plan_creates_consecutive_visits_on_the_calendar(self):
        events = self._plan(self.pool_milano | self.pool_bergamo)
        self.assertEqual(len(events), 2)
        # Europe/Rome is UTC+1 in March: 9:00 and 10:30 local; ordered by city (Bergamo first)
        self.assertEqual(events.mapped('start'), ['2030-03-04 08:00:00', '2030-03-04 09:30:00'])
        self.assertEqual(events.mapped('stop'), ['2030-03-04 09:00:00', '2030-03-04 10:30:00'])
        first = events[0]
        self.assertEqual(first.crm_pool_id, self.pool_bergamo)
        self.assertEqual(first.user_id, self.anna)
        self.assertEqual(first.partner_ids, self.anna.partner_id | self.bergamo)
        self.assertEqual(first.location, 'Via XX Settembre 5, 24122 Bergamo')
        self.assertIn('Beta Bergamo', first.name)

    def test_plan_does_not_overlap_existing_appointments(self):
        self.env['calendar.event'].create({
            'name': 'Riunione commerciale', 'user_id': self.anna.id,
            'partner_ids': [(6, 0, self.anna.partner_id.ids)],
            'start': '2030-03-04 09:00:00', 'stop': '2030-03-04 10:00:00', 'duration': 1.0})
        events = self._plan(self.pool_milano | self.pool_bergamo | self.pool_como)
        # 9:00-10:00 local, then 10:30 would overlap the meeting (10:00-11:00 local): 11:00
        self.assertEqual(events.mapped('start'), ['2030-03-04 08:00:00', '2030-03-04 10:00:00',
                                                  '2030-03-04 11:30:00'])
        busy = self.env['calendar.event'].search([('partner_ids', 'in', self.anna.partner_id.ids),
                                                  ('start', '>=', '2030-03-04 00:00:00'),
                                                  ('start', '<', '2030-03-05 00:00:00')],
                                                 order='start')
        self.assertEqual(len(busy), 4)
        for before, after in zip(busy, busy[1:]):
            self.assertLessEqual(before.stop, after.start)

    def test_day_too_short_is_a_clear_error(self):
        with self.assertRaisesRegex(UserError, 'too short'):
            self._plan(self.pool_milano, start_hour=9.0, end_hour=9.5)

    def test_visit_done_updates_last_visit(self):
        event = self._plan(self.pool_milano)
        event.sudo(self.anna).action_crm_visit_done()
        self.assertTrue(event.crm_visit_done)
        self.assertEqual(self.pool_milano.last_visit_date, DAY)
        self.assertEqual(self.pool_milano.next_visit_date, '2030-04-03')

    def test_late_registration_never_moves_last_visit_back(self):
        self.pool_bergamo.register_visit('2030-01-01')
        self.assertEqual(self.pool_bergamo.last_visit_date, '2030-02-20')

    @mute_logger('odoo.models')
    def test_salesperson_sees_only_his_pool_and_subordinates(self):
        Pool = self.env['crm.infinity.contact.pool']
        self.assertEqual(Pool.sudo(self.bruno).search([('id', '=', self.pool_milano.id)]),
                         Pool.browse())
        with self.assertRaises(AccessError):
            self.pool_milano.sudo(self.bruno).read(['partner_id'])
        # area_manager leads the group anna belongs to
        self.assertEqual(Pool.sudo(self.area_manager).search([('user_id', '=', self.anna.id)]),
                         self.pool_milano | self.pool_bergamo | self.pool_como)

    def test_pool_views_load(self):
        Pool = self.env['crm.infinity.contact.pool'].sudo(self.anna)
        for view_type in ('tree', 'kanban', 'calendar', 'form', 'search'):
            self.assertTrue(Pool.fields_view_get(view_type=view_type)['arch'])
        Wizard = self.env['crm.infinity.visit.plan.wizard'].sudo(self.anna)
        self.assertTrue(Wizard.fields_view_get(view_type='form')['arch'])
        action = self.pool_milano.sudo(self.anna).action_plan_visits()
        self.assertEqual(action['context']['default_user_id'], self.anna.id)
