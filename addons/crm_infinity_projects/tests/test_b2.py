from odoo.exceptions import AccessError

from .common import ProjectsCase


class TestB2(ProjectsCase):
    """SPEC B2 (Sicurweb table): who sees and changes which commesse and activities, proved
    per profile on records of others."""

    def _visible(self, user, model, records):
        return self.env[model].sudo(user).search([('id', 'in', records.ids)])

    def test_commesse_per_profile(self):
        both = self.commessa | self.commessa2
        self.assertEqual(self._visible(self.admin, 'project.project', both), both)
        self.assertEqual(self._visible(self.manager, 'project.project', both), self.commessa)
        self.assertEqual(self._visible(self.manager2, 'project.project', both), self.commessa2)
        # the assignee reads the commesse of his activities (their name), no other
        self.assertEqual(self._visible(self.assignee, 'project.project', both), self.commessa)
        self.assertFalse(self._visible(self.salesperson, 'project.project', both))
        with self.assertRaises(AccessError):
            self.commessa.sudo(self.salesperson).read(['name'])

    def test_manager_manages_only_his_commessa(self):
        self.commessa.sudo(self.manager).write({'crm_date_planned_end': '2026-04-30'})
        self.commessa.sudo(self.manager).write({'name': 'DVR Officine Test 2026'})
        with self.assertRaises(AccessError):
            self.commessa2.sudo(self.manager).write({'crm_date_planned_end': '2026-04-30'})
        with self.assertRaisesRegex(AccessError, 'assigns the manager'):
            self.commessa.sudo(self.manager).write({'user_id': self.manager2.id})
        with self.assertRaises(AccessError):
            self.env['project.project'].sudo(self.manager).create({
                'name': 'Commessa abusiva', 'partner_id': self.customer.id,
                'user_id': self.manager.id})
        with self.assertRaises(AccessError):
            self.commessa.sudo(self.assignee).write({'crm_date_planned_end': '2026-04-30'})

    def test_activities_per_profile(self):
        tasks = self.survey | self.report | self.audit
        self.assertEqual(self._visible(self.admin, 'project.task', tasks), tasks)
        self.assertEqual(self._visible(self.manager, 'project.task', tasks),
                         self.survey | self.report)
        self.assertEqual(self._visible(self.manager2, 'project.task', tasks), self.audit)
        self.assertEqual(self._visible(self.assignee, 'project.task', tasks), self.survey)
        self.assertEqual(self._visible(self.assignee2, 'project.task', tasks),
                         self.report | self.audit)
        self.assertFalse(self._visible(self.salesperson, 'project.task', tasks))
        # the assignee reads the name of the commessa of his activity
        self.assertEqual(self.survey.sudo(self.assignee).read(['project_id'])[0]['project_id'][1],
                         'DVR Officine Test')
        with self.assertRaises(AccessError):
            self.audit.sudo(self.assignee).read(['name'])

    def test_who_creates_activities(self):
        Task = self.env['project.task']
        task = Task.sudo(self.manager).create({'name': 'Riunione periodica',
                                               'project_id': self.commessa.id,
                                               'user_id': self.assignee.id})
        self.assertIn(task, self._visible(self.assignee, 'project.task', task))
        with self.assertRaises(AccessError):
            Task.sudo(self.manager).create({'name': 'Intrusione', 'project_id': self.commessa2.id,
                                            'user_id': self.assignee.id})
        with self.assertRaises(AccessError):
            Task.sudo(self.assignee).create({'name': 'Da solo', 'project_id': self.commessa.id,
                                             'user_id': self.assignee.id})
        with self.assertRaises(AccessError):
            self.survey.sudo(self.assignee).unlink()

    def test_timesheets_per_profile(self):
        Line = self.env['account.analytic.line']
        mine = Line.sudo(self.assignee).create({
            'task_id': self.survey.id, 'project_id': self.commessa.id, 'name': 'Rilievi',
            'unit_amount': 2.0, 'date': '2026-01-12', 'user_id': self.assignee.id})
        other = Line.sudo(self.assignee2).create({
            'task_id': self.audit.id, 'project_id': self.commessa2.id, 'name': 'Audit',
            'unit_amount': 2.0, 'date': '2026-01-12', 'user_id': self.assignee2.id})
        both = mine | other
        self.assertEqual(self._visible(self.assignee, 'account.analytic.line', both), mine)
        self.assertEqual(self._visible(self.manager, 'account.analytic.line', both), mine)
        self.assertEqual(self._visible(self.manager2, 'account.analytic.line', both), other)
        self.assertEqual(self._visible(self.admin, 'account.analytic.line', both), both)
