"""The index of the Scheda riepilogo (crm_infinity_timeline_index) on the sources of the
commesse: after every change the watches of ``_crm_timeline_watches()`` cover (a commessa's
dates, status and customer, which lives on its analytic account; an activity of the company or
of a commessa, opened, moved, closed, late; the events of both), the right companies are queued
with the right sources and the card read through the index equals the card made from the
sources, as the manager of the commessa, another manager, the assignee, a salesperson and the
administrator. The "due" sources (a late commessa, a late activity) are in the index before
their date and on the card only once it has passed."""
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import fields

from odoo.addons.crm_infinity_base.tests.common import TimelineIndexMixin

from .common import ProjectsCase

COMMESSA = {'commessa_start', 'commessa_end', 'commessa_late'}
ACTIVITY = {'activity_open', 'activity_closed', 'activity_late'}
EVENT = {'project_event'}


class TestProjectsTimelineIndex(TimelineIndexMixin, ProjectsCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.env['res.partner'].create({
            'name': 'Luca Bianchi', 'parent_id': cls.customer.id})
        cls.commessa.write({'crm_state': 'open'})
        cls.today = fields.Date.from_string(fields.Date.context_today(
            cls.env['res.users'].sudo(cls.manager)))
        cls.now = datetime.utcnow().replace(microsecond=0)
        # an activity of the company only (no commessa), of its contact
        cls.visit = cls.env['project.task'].sudo(cls.admin).create({
            'name': 'Visita in sede', 'partner_id': cls.contact.id,
            'user_id': cls.assignee.id}).sudo()
        cls.event = cls.env['calendar.event'].create({
            'name': 'Riunione di avvio', 'start': '2026-01-11 09:00:00',
            'stop': '2026-01-11 10:00:00', 'crm_project_id': cls.commessa.id})
        cls.viewers = cls.manager | cls.manager2 | cls.assignee | cls.salesperson | cls.admin

    def _day(self, days):
        return fields.Date.to_string(self.today + timedelta(days=days))

    def _moment(self, hours):
        return fields.Datetime.to_string(self.now + timedelta(hours=hours))

    def _indexed(self, user, company):
        """``{(key, id)}`` of the card of ``company`` as ``user`` read through the index."""
        return {(key, rid) for key, rid, _date in self._card_pages(user, company, True)}

    def assertQueued(self, company, keys):
        """``keys`` are queued for ``company`` (other addons' watches may queue more: a
        tracked change of a commessa is a message, a promotion...)."""
        queued = self._index_queued(company)
        self.assertLessEqual(keys, queued, '%s: %s queued' % (company.name, sorted(queued)))

    def _new_commessa(self, planned_end, **values):
        commessa = self.env['project.project'].sudo(self.admin).create(dict({
            'name': 'Verifica impianti', 'partner_id': self.customer.id,
            'user_id': self.manager.id, 'crm_date_start': self._day(-30),
            'crm_date_planned_end': planned_end}, **values))
        commessa.action_crm_open()
        return commessa.sudo()

    # -- the index as built ----------------------------------------------------------------------

    def test_the_card_holds_the_commesse_through_the_index(self):
        self._build(self.customer, self.customer2)
        keys = self._index_keys(self.customer)
        # the commessa (started, late since March), its two activities and the company's
        # own, the survey late since January, the event of the commessa
        self.assertEqual(keys.get('commessa_start'), 1)
        self.assertEqual(keys.get('commessa_late'), 1)
        self.assertEqual(keys.get('activity_open'), 3)
        self.assertEqual(keys.get('activity_late'), 1)
        self.assertEqual(keys.get('project_event'), 1)
        manager = self._indexed(self.manager, self.customer)
        self.assertLessEqual({('commessa_start', self.commessa.id),
                              ('commessa_late', self.commessa.id),
                              ('activity_late', self.survey.id),
                              ('activity_open', self.report.id),
                              ('project_event', self.event.id)}, manager)
        # the company's own activity is its assignee's (and the administrator's)
        self.assertNotIn(('activity_open', self.visit.id), manager)
        self.assertIn(('activity_open', self.visit.id), self._indexed(self.admin, self.customer))
        assignee = self._indexed(self.assignee, self.customer)
        self.assertEqual({rid for key, rid in assignee if key.startswith('activity')},
                         {self.survey.id, self.visit.id})
        self.assertFalse({key for key, _rid in self._indexed(self.manager2, self.customer)}
                         & (COMMESSA | EVENT))

    # -- due sources: a late commessa ------------------------------------------------------------

    def test_a_commessa_is_late_on_the_card_once_its_planned_end_passed(self):
        late = self._new_commessa(self._day(-1))
        ahead = self._new_commessa(self._day(0), name='Formazione')  # late from tomorrow
        self._build(self.customer)
        # both are in the index (indexed before their date), only the first on the card
        self.assertEqual(self._index_keys(self.customer).get('commessa_late'), 3)
        manager = self._indexed(self.manager, self.customer)
        self.assertIn(('commessa_late', late.id), manager)
        self.assertNotIn(('commessa_late', ahead.id), manager)
        self.assertNotIn(('commessa_late', ahead.id), self._indexed(self.admin, self.customer))
        # tomorrow comes: the item of the index is on the card, without any change
        tomorrow = self.today + timedelta(days=1)
        Provider = type(self.env['crm.infinity.timeline.provider'])
        with patch.object(Provider, '_crm_timeline_now',
                          lambda self, is_date: fields.Date.to_string(tomorrow) if is_date else
                          fields.Datetime.to_string(datetime.utcnow() + timedelta(days=1))):
            self.assertCardIndexed(self.customer, self.manager | self.admin)
            self.assertIn(('commessa_late', ahead.id), self._indexed(self.manager, self.customer))
        # its planned end moved back: late today
        ahead.sudo(self.manager).write({'crm_date_planned_end': self._day(-2)})
        self.assertQueued(self.customer, COMMESSA | ACTIVITY | EVENT)
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertIn(('commessa_late', ahead.id), self._indexed(self.manager, self.customer))
        # closed by its manager: no more late, closed today (the other company's card read
        # first: the changes of its set-up are queued until then)
        self.assertCardIndexed(self.customer2, self.manager)
        late.sudo(self.manager).action_crm_close()
        self.assertQueued(self.customer, COMMESSA | ACTIVITY | EVENT)
        self.assertFalse(self._index_queued(self.customer2))
        self.assertCardIndexed(self.customer, self.viewers)
        manager = self._indexed(self.manager, self.customer)
        self.assertNotIn(('commessa_late', late.id), manager)
        self.assertIn(('commessa_end', late.id), manager)
        # reopened: late again, no more closed
        late.sudo(self.admin).action_crm_reopen()
        self.assertQueued(self.customer, COMMESSA)
        self.assertCardIndexed(self.customer, self.viewers)
        manager = self._indexed(self.manager, self.customer)
        self.assertIn(('commessa_late', late.id), manager)
        self.assertNotIn(('commessa_end', late.id), manager)

    def test_a_commessa_whose_planned_end_comes_is_not_on_the_card(self):
        self._build(self.customer)
        ahead = self._new_commessa(self._day(1))
        self.assertQueued(self.customer, COMMESSA)
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertIn(('commessa_start', ahead.id), self._indexed(self.manager, self.customer))
        self.assertNotIn(('commessa_late', ahead.id),
                         self._indexed(self.manager, self.customer))
        # a planned end far away: in the index, never a candidate before its time
        ahead.sudo(self.manager).write({'crm_date_planned_end': self._day(60)})
        self.assertCardIndexed(self.customer, self.viewers)
        self.env.cr.execute("""SELECT due FROM crm_infinity_timeline_item
                                WHERE commercial_id = %s AND key = 'commessa_late'
                                  AND res_id = %s""", [self.customer.id, ahead.id])
        self.assertEqual(self.env.cr.fetchall(), [(True,)])

    # -- a commessa moved to another customer ----------------------------------------------------

    def test_a_commessa_moved_to_another_customer_moves_its_history(self):
        self._build(self.customer, self.customer2)
        # its customer is its analytic account's: the write goes to account_analytic_account
        self.commessa.sudo(self.manager).write({'partner_id': self.customer2.id})
        for company in (self.customer, self.customer2):
            self.assertQueued(company, COMMESSA | ACTIVITY | EVENT)
            self.assertCardIndexed(company, self.viewers)
        gone = self._indexed(self.admin, self.customer)
        moved = self._indexed(self.admin, self.customer2)
        for item in (('commessa_start', self.commessa.id), ('commessa_late', self.commessa.id),
                     ('project_event', self.event.id)):
            self.assertNotIn(item, gone)
            self.assertIn(item, moved)
        # its activities are on the new card through the commessa; they keep the customer
        # they had from it when created (Odoo's default), which keeps them on the old one too
        self.assertIn(('activity_late', self.survey.id), moved)
        self.assertEqual(self.survey.partner_id, self.customer)
        self.assertIn(('activity_late', self.survey.id), gone)
        # the company's own activity stays
        self.assertIn(('activity_open', self.visit.id), gone)
        self.assertNotIn(('activity_open', self.visit.id), moved)
        # and back, from its contact this time
        self.commessa.sudo(self.admin).write({'partner_id': self.contact.id})
        for company in (self.customer, self.customer2):
            self.assertQueued(company, COMMESSA | ACTIVITY | EVENT)
            self.assertCardIndexed(company, self.viewers)
        self.assertIn(('commessa_start', self.commessa.id),
                      self._indexed(self.manager, self.customer))

    def test_a_commessa_given_another_analytic_account_moves(self):
        self._build(self.customer, self.customer2)
        account = self.env['account.analytic.account'].create({
            'name': 'Conto Studio Prova', 'partner_id': self.customer2.id})
        self.assertCardIndexed(self.customer2, self.viewers)  # (an account alone: a redo)
        self.env.cr.execute('UPDATE project_project SET analytic_account_id = %s WHERE id = %s',
                            [account.id, self.commessa.id])
        self.commessa.invalidate_cache()
        for company in (self.customer, self.customer2):
            self.assertQueued(company, COMMESSA | ACTIVITY | EVENT)
            self.assertCardIndexed(company, self.viewers)
        self.assertIn(('commessa_start', self.commessa.id),
                      self._indexed(self.manager, self.customer2))

    # -- activities --------------------------------------------------------------------------

    def test_a_late_activity_is_on_the_card_once_its_planned_end_passed(self):
        Task = self.env['project.task'].sudo(self.manager)
        self._build(self.customer)
        late = Task.create({'name': 'Misure rumore', 'project_id': self.commessa.id,
                            'user_id': self.assignee.id, 'crm_planned_end': self._moment(-1)})
        ahead = Task.create({'name': 'Misure vibrazioni', 'project_id': self.commessa.id,
                             'user_id': self.assignee.id, 'crm_planned_end': self._moment(2)})
        self.assertQueued(self.customer, ACTIVITY | EVENT)
        self.assertCardIndexed(self.customer, self.viewers)
        for user in (self.manager, self.assignee):
            seen = self._indexed(user, self.customer)
            self.assertIn(('activity_late', late.id), seen)
            self.assertIn(('activity_open', ahead.id), seen)
            self.assertNotIn(('activity_late', ahead.id), seen)
        # three hours later: the second is late, from the index as it was
        later = datetime.utcnow() + timedelta(hours=3)
        Provider = type(self.env['crm.infinity.timeline.provider'])
        with patch.object(Provider, '_crm_timeline_now',
                          lambda self, is_date: fields.Date.to_string(later.date()) if is_date
                          else fields.Datetime.to_string(later)):
            self.assertCardIndexed(self.customer, self.manager | self.assignee)
            self.assertIn(('activity_late', ahead.id),
                          self._indexed(self.assignee, self.customer))
        # the assignee closes the late one: closed, no more late
        late.sudo(self.assignee).action_crm_done()
        self.assertQueued(self.customer, ACTIVITY | EVENT)
        self.assertCardIndexed(self.customer, self.viewers)
        seen = self._indexed(self.assignee, self.customer)
        self.assertNotIn(('activity_late', late.id), seen)
        self.assertIn(('activity_closed', late.id), seen)
        # its planned end moved forward, the other's back
        ahead.sudo(self.manager).write({'crm_planned_end': self._moment(-2)})
        self.assertQueued(self.customer, ACTIVITY | EVENT)
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertIn(('activity_late', ahead.id), self._indexed(self.manager, self.customer))
        # cancelled: no more late
        ahead.sudo(self.manager).write({'crm_state': 'cancelled'})
        self.assertQueued(self.customer, ACTIVITY | EVENT)
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertNotIn(('activity_late', ahead.id),
                         self._indexed(self.manager, self.customer))

    def test_a_late_activity_of_the_company_only(self):
        self._build(self.customer)
        self.visit.sudo(self.admin).write({'crm_planned_end': self._moment(-5)})
        self.assertQueued(self.customer, ACTIVITY | EVENT)
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertIn(('activity_late', self.visit.id),
                      self._indexed(self.assignee, self.customer))
        self.visit.sudo(self.assignee).action_crm_done()
        self.assertQueued(self.customer, ACTIVITY | EVENT)
        self.assertCardIndexed(self.customer, self.viewers)
        seen = self._indexed(self.assignee, self.customer)
        self.assertNotIn(('activity_late', self.visit.id), seen)
        self.assertIn(('activity_closed', self.visit.id), seen)

    def test_an_activity_moved_between_companies_and_commesse(self):
        self._build(self.customer, self.customer2)
        # the company's activity given to the other company
        self.visit.sudo(self.admin).write({'partner_id': self.customer2.id})
        for company in (self.customer, self.customer2):
            self.assertQueued(company, ACTIVITY | EVENT)
            self.assertCardIndexed(company, self.viewers)
        self.assertIn(('activity_open', self.visit.id),
                      self._indexed(self.assignee, self.customer2))
        # an activity moved to the other company's commessa
        self.report.sudo(self.admin).write({'project_id': self.commessa2.id})
        for company in (self.customer, self.customer2):
            self.assertQueued(company, ACTIVITY | EVENT)
            self.assertCardIndexed(company, self.viewers)
        self.assertIn(('activity_open', self.report.id),
                      self._indexed(self.manager2, self.customer2))
        # it keeps the customer it had from its first commessa: on both cards
        self.assertEqual(self.report.partner_id, self.customer)
        self.assertIn(('activity_open', self.report.id), self._indexed(self.admin, self.customer))
        self.assertNotIn(('activity_open', self.report.id),
                         self._indexed(self.manager, self.customer))
        self.report.sudo(self.admin).write({'partner_id': False})
        for company in (self.customer, self.customer2):
            self.assertQueued(company, ACTIVITY | EVENT)
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertNotIn(('activity_open', self.report.id),
                         self._indexed(self.admin, self.customer))
        # deleted
        self.visit.sudo(self.admin).unlink()
        self.assertQueued(self.customer2, ACTIVITY | EVENT)
        self.assertFalse(self._index_queued(self.customer))
        self.assertCardIndexed(self.customer2, self.viewers)

    def test_an_activity_known_only_through_its_commessa(self):
        # no customer of its own: on the card through its commessa only (the watches read the
        # commessa's customer on its analytic account)
        self._build(self.customer, self.customer2)
        task = self.env['project.task'].sudo(self.manager).create({
            'name': 'Collaudo', 'project_id': self.commessa.id, 'partner_id': False,
            'user_id': self.assignee.id, 'crm_planned_end': self._moment(-3)}).sudo()
        self.assertFalse(task.partner_id)
        self.assertQueued(self.customer, ACTIVITY | EVENT)
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertIn(('activity_late', task.id), self._indexed(self.manager, self.customer))
        event = self.env['calendar.event'].create({
            'name': 'Collaudo in sede', 'start': self._moment(-4), 'stop': self._moment(-3),
            'crm_task_id': task.id})
        self.assertQueued(self.customer, EVENT)
        self.assertCardIndexed(self.customer, self.viewers)
        # an event of the activity only (not of its commessa): moved in time, it is the
        # activity's commessa that names the company
        event.write({'crm_project_id': False})
        self.assertCardIndexed(self.customer, self.viewers)
        event.write({'start': self._moment(-6), 'stop': self._moment(-5)})
        self.assertQueued(self.customer, EVENT)
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertIn(('project_event', event.id), self._indexed(self.assignee, self.customer))
        task.sudo(self.assignee).action_crm_done()
        self.assertQueued(self.customer, ACTIVITY | EVENT)
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertIn(('activity_closed', task.id), self._indexed(self.manager, self.customer))
        # the commessa goes to the other company: the activity and its event with it
        self.commessa.sudo(self.manager).write({'partner_id': self.customer2.id})
        for company in (self.customer, self.customer2):
            self.assertQueued(company, COMMESSA | ACTIVITY | EVENT)
            self.assertCardIndexed(company, self.viewers)
        moved = self._indexed(self.admin, self.customer2)
        self.assertIn(('activity_closed', task.id), moved)
        self.assertIn(('project_event', event.id), moved)
        gone = self._indexed(self.admin, self.customer)
        self.assertNotIn(('activity_closed', task.id), gone)
        self.assertNotIn(('project_event', event.id), gone)

    def test_a_commessa_cancelled_then_deleted(self):
        commessa = self._new_commessa(self._day(-1))
        self._build(self.customer)
        self.assertIn(('commessa_late', commessa.id), self._indexed(self.manager, self.customer))
        commessa.sudo(self.admin).action_crm_cancel()  # its status only
        self.assertQueued(self.customer, COMMESSA)
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertNotIn(('commessa_late', commessa.id),
                         self._indexed(self.manager, self.customer))
        commessa.sudo(self.admin).write({'crm_state': 'draft'})
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertIn(('commessa_late', commessa.id), self._indexed(self.manager, self.customer))
        commessa.sudo(self.admin).unlink()
        self.assertQueued(self.customer, COMMESSA)
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertNotIn(('commessa_late', commessa.id),
                         self._indexed(self.admin, self.customer))

    def test_one_statement_on_activities_of_two_companies(self):
        self._build(self.customer, self.customer2)
        tasks = (self.visit | self.audit).sudo(self.admin)
        tasks.write({'crm_planned_end': self._moment(-7)})
        for company in (self.customer, self.customer2):
            self.assertQueued(company, ACTIVITY | EVENT)
            self.assertCardIndexed(company, self.viewers)
        self.assertIn(('activity_late', self.audit.id),
                      self._indexed(self.manager2, self.customer2))
        self.assertIn(('activity_late', self.visit.id),
                      self._indexed(self.assignee, self.customer))

    # -- events ----------------------------------------------------------------------------------

    def test_events_of_activities_and_commesse(self):
        self._build(self.customer, self.customer2)
        Event = self.env['calendar.event']
        on_task = Event.create({'name': 'Sopralluogo in cantiere',
                                'start': self._moment(-30), 'stop': self._moment(-29),
                                'crm_task_id': self.survey.id})
        on_visit = Event.create({'name': 'Visita', 'start': self._moment(-50),
                                 'stop': self._moment(-49), 'crm_task_id': self.visit.id})
        self.assertQueued(self.customer, EVENT)
        self.assertFalse(self._index_queued(self.customer2))
        self.assertCardIndexed(self.customer, self.viewers)
        seen = self._indexed(self.assignee, self.customer)
        self.assertTrue({('project_event', on_task.id), ('project_event', on_visit.id)} <= seen)
        # moved in time
        on_task.write({'start': self._moment(-80), 'stop': self._moment(-79)})
        self.assertQueued(self.customer, EVENT)
        self.assertCardIndexed(self.customer, self.viewers)
        # moved to the activity of the other company's commessa
        on_task.write({'crm_task_id': self.audit.id, 'crm_project_id': self.commessa2.id})
        for company in (self.customer, self.customer2):
            self.assertQueued(company, EVENT)
            self.assertCardIndexed(company, self.viewers)
        self.assertIn(('project_event', on_task.id),
                      self._indexed(self.manager2, self.customer2))
        # the commessa's event moved to the other commessa, then deleted
        self.event.write({'crm_project_id': self.commessa2.id})
        for company in (self.customer, self.customer2):
            self.assertQueued(company, EVENT)
            self.assertCardIndexed(company, self.viewers)
        self.event.unlink()
        self.assertQueued(self.customer2, EVENT)
        self.assertCardIndexed(self.customer2, self.viewers)

    # -- what is not on the card -----------------------------------------------------------------

    def test_an_update_of_columns_not_shown_queues_nothing(self):
        self._build(self.customer, self.customer2)
        self.survey.sudo(self.manager).write({'description': '<p>Portare il fonometro</p>',
                                              'planned_hours': 10.0})
        self.commessa.sudo(self.manager).write({'crm_budget_hours': 50.0})
        self.event.write({'description': 'Sala riunioni al primo piano'})
        # hours logged on an activity (its stored totals change, not what the card shows)
        self.env['account.analytic.line'].sudo(self.assignee).create({
            'name': 'Sopralluogo', 'date': self._day(0), 'unit_amount': 2.0,
            'project_id': self.commessa.id, 'task_id': self.survey.id,
            'user_id': self.assignee.id})
        self.assertFalse(self._index_queued(self.customer))
        self.assertFalse(self._index_queued(self.customer2))
        self.assertCardIndexed(self.customer, self.viewers)
