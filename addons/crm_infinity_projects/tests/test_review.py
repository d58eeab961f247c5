from odoo.exceptions import AccessError, UserError, ValidationError

from .common_cost import ProjectCostCase


class TestTimesheetLineTampering(ProjectCostCase):
    """Hostile review: the cost, the sale price and the invoicing links of a timesheet line are
    the engine's (``readonly`` in the views only): an assignee writing them over RPC on his own
    lines would change the margins of the commessa or have hours invoiced twice."""

    def test_assignee_cannot_write_cost_sale_price_or_invoice_link_of_his_lines(self):
        line = self._log(self.mario, '2026-03-02', 2)
        self.assertEqual(line.amount, -80.0)
        for vals in ({'amount': 0.0}, {'unit_amount': 20, 'amount': -1.0},
                     {'crm_sale_rate': 500.0}, {'crm_restated_line_id': line.id}):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                line.sudo(self.mario).write(vals)
        self.assertEqual((line.amount, line.crm_sale_rate, line.unit_amount), (-80.0, 70.0, 2.0))
        # the message is in Italian
        with self.assertRaisesRegex(AccessError, 'costo'), self.env.cr.savepoint():
            line.sudo(self.mario).with_context(lang='it_IT').write({'amount': 0.0})

    def test_assignee_cannot_create_a_line_carrying_its_own_cost(self):
        other = self._log(self.lucia, '2026-03-02', 2)
        Line = self.env['account.analytic.line'].sudo(self.mario)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            # an "adjusting" line keeps the amount it is given
            Line.create({'name': 'x', 'date': '2026-03-03', 'unit_amount': 0,
                         'project_id': self.project.id, 'task_id': self.task.id,
                         'user_id': self.mario.id, 'amount': 5000.0,
                         'crm_restated_line_id': other.id})
        line = Line.create({'name': 'x', 'date': '2026-03-03', 'unit_amount': 1,
                            'project_id': self.project.id, 'task_id': self.task.id,
                            'user_id': self.mario.id, 'amount': 5000.0,
                            'crm_sale_rate': 900.0}).sudo()
        self.assertEqual((line.amount, line.crm_sale_rate), (-40.0, 70.0))
        self.assertFalse(other.crm_restatement_ids)

    def test_invoicing_context_key_does_not_unlock_invoiced_hours(self):
        line = self._log(self.mario, '2026-03-02', 5)
        self.project._crm_invoice_time()
        self.assertTrue(line.crm_invoice_line_id)
        with self.assertRaises((UserError, AccessError)), self.env.cr.savepoint():
            line.sudo(self.mario).with_context(crm_invoicing=True).write({'unit_amount': 50})
        with self.assertRaises((UserError, AccessError)), self.env.cr.savepoint():
            line.sudo(self.mario).write({'crm_invoice_line_id': False})
        self.assertEqual(line.unit_amount, 5.0)
        self.assertTrue(line.crm_invoice_line_id)


class TestMovingToSomebodyElsesCommessa(ProjectCostCase):
    """Hostile review: Odoo checks the record rules of a write on the records as they were, not
    as they become; moving an activity, an extra cost or logged time to the commessa of another
    manager would put its hours and costs on his margins."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project2 = cls._project('Audit Bianchi', budget=500.0, manager=cls.other_manager)

    def test_manager_cannot_move_his_activity_into_another_managers_commessa(self):
        task = self.task.sudo(self.manager)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            task.write({'project_id': self.project2.id})
        self.assertEqual(self.task.project_id, self.project)
        cost = self.env['crm.infinity.extra.cost'].sudo(self.manager).create(
            {'name': 'Trasferta', 'project_id': self.project.id, 'amount': 100.0})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            cost.write({'project_id': self.project2.id})
        self.assertEqual(cost.sudo().project_id, self.project)

    def test_logged_time_stays_on_the_commessa_of_its_activity(self):
        # Mario works on the other commessa too: he reads it
        self._task(self.project2, 'Audit', self.mario)
        line = self._log(self.mario, '2026-03-02', 2)
        with self.assertRaisesRegex(ValidationError, 'logged on its commessa'), \
                self.env.cr.savepoint():
            line.sudo(self.mario).write({'project_id': self.project2.id})
        with self.assertRaises((AccessError, ValidationError)), self.env.cr.savepoint():
            line.sudo(self.manager).write({'project_id': self.project2.id})
        self.assertEqual(line.project_id, self.project)
        self.assertEqual(self.project2.crm_actual_cost, 0.0)


class TestCostsOfOtherManagersCommesse(ProjectCostCase):
    """Hostile review: a commessa manager reads costs and margins of his commesse; working as
    assignee on an activity of another manager's commessa lets him read the commessa and the
    activity (B2), not their costs (a colleague's rate = cost / hours)."""

    def test_manager_on_another_commessa_reads_no_cost_of_it(self):
        self.task.write({'crm_assignee_ids': [(4, self.other_manager.id)]})
        self._log(self.lucia, '2026-03-02', 2)
        self.assertEqual(self.project.crm_actual_cost, 60.0)
        for record in (self.project, self.task):
            mine = record.sudo(self.manager)
            self.assertEqual(mine.crm_actual_cost, 60.0)
            other = record.sudo(self.other_manager)
            self.assertEqual(other.name, record.name)  # B2: he reads it
            values = other.read(['crm_actual_cost', 'crm_time_cost', 'crm_planned_cost',
                                 'crm_margin', 'crm_budget_consumed'])[0]
            self.assertFalse(any(values[name] for name in values if name != 'id'), values)
