from odoo.exceptions import AccessError, UserError, ValidationError

from .common import ProjectsCase


class TestActivity(ProjectsCase):
    """SPEC C2: assignees, dependencies with the waiting state, what the assignee may change,
    time logged only by the assignees, closing; C5: immediate notification."""

    def test_main_assignee_is_one_of_the_assignees(self):
        self.assertEqual(self.survey.crm_assignee_ids, self.assignee)
        self.survey.sudo(self.manager).write({'crm_assignee_ids': [(4, self.assignee2.id)]})
        self.assertEqual(self.survey.crm_assignee_ids, self.assignee | self.assignee2)
        # removing the main assignee makes the next one the main one
        self.survey.sudo(self.manager).write({'crm_assignee_ids': [(3, self.assignee.id)]})
        self.assertEqual(self.survey.user_id, self.assignee2)
        # the assignees follow the activity
        self.assertIn(self.assignee2.partner_id, self.survey.message_partner_ids)

    def test_waiting_until_the_predecessor_is_done(self):
        self.assertEqual(self.report.crm_state, 'waiting')
        with self.assertRaisesRegex(UserError, 'waiting for: Sopralluogo'):
            self.report.sudo(self.assignee2).write({'crm_state': 'in_progress'})
        self.survey.sudo(self.assignee).action_crm_start()
        self.assertEqual(self.report.crm_state, 'waiting')
        self.survey.sudo(self.assignee).action_crm_done()
        self.assertEqual(self.report.crm_state, 'todo')
        self.report.sudo(self.assignee2).action_crm_start()
        self.assertEqual(self.report.crm_state, 'in_progress')

    def test_reopened_predecessor_does_not_stop_a_started_activity(self):
        self.survey.sudo(self.assignee).action_crm_done()
        self.survey.sudo(self.manager).write({'crm_state': 'todo'})
        self.assertEqual(self.report.crm_state, 'waiting')
        self.assertFalse(self.survey.crm_date_closed)

    def test_no_cycle(self):
        with self.assertRaisesRegex(ValidationError, 'cycle'):
            self.survey.sudo(self.manager).write({'crm_depends_on_ids': [(4, self.report.id)]})
        with self.assertRaisesRegex(ValidationError, 'cycle'):
            self.survey.sudo(self.manager).write({'crm_depends_on_ids': [(4, self.survey.id)]})

    def test_assignee_edits_only_his_fields(self):
        task = self.survey.sudo(self.assignee)
        task.write({'crm_state': 'in_progress', 'notes': 'Cantiere visitato',
                    'description': '<p>Rilievi fatti</p>'})
        self.assertEqual(self.survey.notes, 'Cantiere visitato')
        for vals in ({'planned_hours': 80.0}, {'name': 'Altro'},
                     {'crm_planned_end': '2027-01-01 00:00:00'},
                     {'user_id': self.assignee2.id}, {'crm_depends_on_ids': [(5, 0, 0)]},
                     {'project_id': self.commessa2.id}):
            with self.assertRaisesRegex(AccessError, 'As assignee'):
                task.write(vals)
        self.assertEqual(self.survey.planned_hours, 8.0)
        self.assertFalse(task.crm_full_access)
        self.assertTrue(self.survey.sudo(self.manager).crm_full_access)

    def test_manager_edits_everything_of_his_commessa_only(self):
        self.survey.sudo(self.manager).write({'planned_hours': 10.0, 'name': 'Sopralluogo 1'})
        self.assertEqual(self.survey.planned_hours, 10.0)
        with self.assertRaises(AccessError):
            self.audit.sudo(self.manager).write({'planned_hours': 3.0})

    def test_time_only_by_assignees(self):
        Line = self.env['account.analytic.line']
        line = Line.sudo(self.assignee).create({
            'task_id': self.survey.id, 'project_id': self.commessa.id, 'name': 'Sopralluogo',
            'unit_amount': 3.5, 'date': '2026-01-12', 'user_id': self.assignee.id})
        self.assertEqual(line.account_id, self.commessa.analytic_account_id)
        self.assertEqual(self.survey.effective_hours, 3.5)
        # the start of that day in Italy (no time zone of the user: the office's), in UTC
        self.assertEqual(self.survey.crm_actual_start, '2026-01-11 23:00:00')
        # the assignee logs time through the activity form too
        self.survey.sudo(self.assignee).write({'timesheet_ids': [(0, 0, {
            'name': 'Rilievi', 'unit_amount': 1.5, 'date': '2026-01-13',
            'user_id': self.assignee.id, 'project_id': self.commessa.id})]})
        self.assertEqual(self.survey.effective_hours, 5.0)
        self.assertAlmostEqual(self.survey.crm_progress, 62.5)
        for user in (self.assignee2, self.manager):
            # by another person, or on his behalf by the manager: refused
            with self.assertRaisesRegex(ValidationError, 'not assigned'), \
                    self.env.cr.savepoint():
                Line.sudo(user).create({
                    'task_id': self.survey.id, 'project_id': self.commessa.id, 'name': 'Aiuto',
                    'unit_amount': 1.0, 'date': '2026-01-12', 'user_id': self.assignee2.id})
            self.env.clear()  # as the end of the refused RPC call

    def test_company_activity(self):
        with self.assertRaisesRegex(ValidationError, 'commessa or to a company'):
            self.env['project.task'].sudo(self.manager).create({'name': 'Senza niente',
                                                                'user_id': False})
        task = self.env['project.task'].sudo(self.manager).create({
            'name': 'Telefonata di cortesia', 'partner_id': self.customer2.id,
            'user_id': self.assignee.id})
        self.assertEqual(task.crm_owner_id, self.manager)
        line = self.env['account.analytic.line'].sudo(self.assignee).create({
            'task_id': task.id, 'name': 'Telefonata', 'unit_amount': 0.5,
            'date': '2026-02-01', 'user_id': self.assignee.id})
        self.assertEqual(line.account_id,
                         self.env.ref('crm_infinity_projects.analytic_account_company_activities'))

    def test_close_logs_and_emits(self):
        self.survey.sudo(self.assignee).action_crm_done()
        self.assertTrue(self.survey.crm_date_closed)
        self.assertEqual(self.survey.crm_progress, 100.0)
        events = self.env['crm.infinity.event'].search(
            [('code', '=', 'activity_closed'), ('res_id', '=', self.survey.id)])
        self.assertEqual(len(events), 1)
        lines = self.env['crm.infinity.primanota'].search(
            [('res_model', '=', 'project.task'), ('res_id', '=', self.survey.id),
             ('event_code', '=', 'write')])
        self.assertTrue(any('crm_state' in line.changes for line in lines))

    def test_notify_now(self):
        """C5: the assignee saves and notifies owner, assignees and manager."""
        action = self.report.sudo(self.assignee2).action_crm_notify_wizard()
        wizard = self.env['crm.infinity.task.notify'].sudo(self.assignee2).browse(action['res_id'])
        wizard.note = 'Bozza pronta da rivedere'
        wizard.action_notify()
        message = self.report.message_ids[:1]
        self.assertIn('Bozza pronta da rivedere', message.body)
        self.assertEqual(message.author_id, self.assignee2.partner_id)
        self.assertEqual(set(message.partner_ids.ids),
                         set((self.admin | self.manager).mapped('partner_id').ids))
        # by e-mail too (Odoo's notification, the users' default preference)
        mails = self.env['mail.mail'].search([('mail_message_id', '=', message.id)])
        self.assertEqual(set(mails.mapped('recipient_ids').ids),
                         set((self.admin | self.manager).mapped('partner_id').ids))

    def test_notify_nobody_refused(self):
        action = self.report.sudo(self.manager).action_crm_notify_wizard()
        wizard = self.env['crm.infinity.task.notify'].sudo(self.manager).browse(action['res_id'])
        wizard.write({'notify_owner': False, 'notify_assignees': False})
        with self.assertRaisesRegex(UserError, 'Nobody to notify'):
            wizard.action_notify()
