from odoo.exceptions import AccessError, UserError, ValidationError

from .common_cost import ProjectCostCase


class TestRates(ProjectCostCase):
    """SPEC C3: dated rates per person, kept by CRM administrators, confidential."""

    def test_overlapping_rates_are_refused(self):
        Rate = self.env['crm.infinity.hourly.rate']
        with self.assertRaisesRegex(ValidationError, 'overlap'), self.env.cr.savepoint():
            Rate.create({'user_id': self.mario.id, 'date_from': '2026-06-01', 'cost_rate': 45})
        with self.assertRaisesRegex(ValidationError, 'sovrappongono'), self.env.cr.savepoint():
            Rate.with_context(lang='it_IT').create({'user_id': self.lucia.id,
                                                    'date_from': '2027-01-01', 'cost_rate': 35})
        # a rate closed before the next one starts is fine
        self.rate_lucia.date_to = '2026-12-31'
        Rate.create({'user_id': self.lucia.id, 'date_from': '2027-01-01', 'cost_rate': 35})

    def test_rate_at_a_date(self):
        Rate = self.env['crm.infinity.hourly.rate']
        self.assertEqual(Rate._crm_rate_at(self.mario, '2026-06-14'), self.rate_mario_1)
        self.assertEqual(Rate._crm_rate_at(self.mario, '2026-06-15'), self.rate_mario_2)
        self.assertFalse(Rate._crm_rate_at(self.mario, '2025-12-31'))

    def test_only_crm_admins_keep_rates_and_nobody_else_reads_them(self):
        line = self._log(self.mario, '2026-03-02', 2)
        for user in (self.manager, self.mario, self.salesperson):
            Rate = self.env['crm.infinity.hourly.rate'].sudo(user)
            with self.assertRaises(AccessError):
                Rate.search([])
            with self.assertRaises(AccessError):
                Rate.create({'user_id': user.id, 'date_from': '2030-01-01', 'cost_rate': 1})
        with self.assertRaises(AccessError):
            line.sudo(self.manager).read(['crm_cost_rate'])
        # the manager sees the cost of his commessa as an amount
        project = self.project.sudo(self.manager)
        self.assertEqual(project.crm_actual_cost, 80.0)
        self.assertNotIn('crm_cost_rate', line.sudo(self.manager).fields_get())
        # an assignee sees neither the rates nor the costs (he could read a colleague's rate
        # off the cost of an activity they share)
        for record in (self.task, self.project):
            with self.assertRaises(AccessError):
                record.sudo(self.lucia).read(['crm_actual_cost'])
        # the CRM admin keeps the rates
        rate = self.env['crm.infinity.hourly.rate'].sudo(self.cost_admin).create({
            'user_id': self.manager.id, 'date_from': '2026-01-01', 'cost_rate': 60})
        self.assertEqual(line.sudo(self.cost_admin).crm_cost_rate, 40.0)
        rate.sudo(self.cost_admin).unlink()


class TestTimesheetCost(ProjectCostCase):

    def test_rate_change_mid_period_splits_costs_at_the_right_day(self):
        before = self._log(self.mario, '2026-06-14', 8)
        after = self._log(self.mario, '2026-06-15', 8)
        self.assertEqual((before.crm_cost_rate, before.amount), (40.0, -320.0))
        self.assertEqual((after.crm_cost_rate, after.amount), (50.0, -400.0))
        self.assertEqual(self.task.crm_actual_cost, 720.0)
        self.assertEqual(self.project.crm_actual_cost, 720.0)
        self.assertEqual(self.project.crm_actual_hours, 16.0)

    def test_hours_changed_keep_the_rate_day_changed_takes_that_day_rate(self):
        line = self._log(self.mario, '2026-06-14', 8)
        line.sudo(self.mario).write({'unit_amount': 4})
        self.assertEqual(line.amount, -160.0)
        line.sudo(self.mario).write({'date': '2026-06-20'})
        self.assertEqual((line.crm_cost_rate, line.amount), (50.0, -200.0))

    def test_a_rate_change_does_not_rewrite_logged_lines(self):
        line = self._log(self.mario, '2026-03-02', 5)
        self.rate_mario_1.cost_rate = 44.0
        self.assertEqual((line.crm_cost_rate, line.amount), (40.0, -200.0))

    def test_extra_costs_count_on_the_activity_and_its_commessa(self):
        self._log(self.lucia, '2026-03-02', 10)  # 300
        ExtraCost = self.env['crm.infinity.extra.cost'].sudo(self.manager)
        ExtraCost.create({'name': 'Trasferta a Brescia', 'task_id': self.task.id, 'amount': 120.0,
                          'date': '2026-03-02'})
        ExtraCost.create({'name': 'Stampa fascicoli', 'project_id': self.project.id, 'amount': 30.0})
        self.assertEqual((self.task.crm_extra_cost, self.task.crm_actual_cost), (120.0, 420.0))
        self.assertEqual((self.project.crm_extra_cost, self.project.crm_actual_cost), (150.0, 450.0))
        self.assertEqual(self.project.crm_budget_consumed, 45.0)
        # another manager cannot see or add costs of this commessa
        other = self.env['crm.infinity.extra.cost'].sudo(self.other_manager)
        self.assertFalse(other.search([('project_id', '=', self.project.id)]))
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            other.create({'name': 'Abuso', 'project_id': self.project.id, 'amount': 1.0})
        # an assignee records no costs
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.env['crm.infinity.extra.cost'].sudo(self.mario).create(
                {'name': 'Taxi', 'task_id': self.task.id, 'amount': 10.0})

    def test_planned_quoted_and_margin(self):
        self.task.crm_planned_start = '2026-06-20 08:00:00'
        self.assertEqual(self.task.crm_planned_cost, 500.0)  # 10 h at Mario's 50
        self.assertEqual(self.project.crm_planned_cost, 500.0)
        product = self.env['product.product'].create({'name': 'Redazione DVR', 'type': 'service'})
        order = self.env['sale.order'].create({
            'partner_id': self.cost_customer.id,
            'order_line': [(0, 0, {'name': 'DVR', 'product_id': product.id, 'product_uom_qty': 1,
                                   'price_unit': 2000.0, 'tax_id': [(5, 0, 0)]})]})
        self.project.crm_sale_order_id = order
        self._log(self.mario, '2026-06-20', 10)  # 500
        self.env['crm.infinity.extra.cost'].create({'name': 'Strumenti', 'project_id': self.project.id,
                                                    'amount': 100.0})
        self.assertEqual(self.project.crm_quoted_amount, 2000.0)
        self.assertEqual(self.project.crm_actual_cost, 600.0)
        self.assertEqual(self.project.crm_margin, 1400.0)
        self.assertEqual(self.project.crm_margin_percent, 70.0)


class TestOverBudget(ProjectCostCase):

    def _warnings(self):
        return self.env['crm.infinity.event'].search([('code', '=', 'commessa_over_budget'),
                                                      ('res_id', '=', self.project.id)])

    def test_over_budget_warned_once_per_crossing(self):
        self._log(self.mario, '2026-03-02', 20)  # 800 of 1000
        self.assertFalse(self._warnings())
        self._log(self.mario, '2026-03-03', 8)  # 1120
        self.assertEqual(len(self._warnings()), 1)
        self.assertTrue(self.project.crm_cost_over_budget)
        messages = self.env['mail.message'].search([('model', '=', 'project.project'),
                                                    ('res_id', '=', self.project.id),
                                                    ('subject', 'ilike', 'over budget')])
        self.assertEqual(messages.mapped('partner_ids'), self.manager.partner_id)
        self._log(self.mario, '2026-03-04', 1)
        self.env['crm.infinity.extra.cost'].create({'name': 'Trasferta', 'project_id': self.project.id,
                                                    'amount': 50.0})
        self.assertEqual(len(self._warnings()), 1, 'warned again without a new crossing')
        # the budget is raised, then spent again: a second crossing, a second warning
        self.project.crm_budget_amount = 2000.0
        self.assertFalse(self.project.crm_cost_over_budget)
        self._log(self.mario, '2026-03-05', 20)
        self.assertEqual(len(self._warnings()), 2)


class TestRestatement(ProjectCostCase):

    def _wizard(self, user=None, **values):
        vals = {'date_from': '2026-01-01'}
        vals.update(values)
        return self.env['crm.infinity.cost.restatement'].sudo(user or self.cost_admin).create(vals)

    def test_retroactive_change_is_restated_with_adjusting_lines_and_a_primanota_line(self):
        march = self._log(self.mario, '2026-03-02', 5)  # 200 at 40
        june = self._log(self.mario, '2026-06-16', 2)   # 100 at 50
        lucia = self._log(self.lucia, '2026-03-02', 1)
        # retroactive: Mario cost 44 from January
        self.rate_mario_1.cost_rate = 44.0
        wizard = self._wizard()
        wizard.action_preview()
        self.assertEqual([(l.timesheet_id, l.old_rate, l.new_rate, l.amount) for l in wizard.line_ids],
                         [(march, 40.0, 44.0, 20.0)])
        self.assertEqual(wizard.total, 20.0)
        wizard.action_apply()
        adjustment = march.crm_restatement_ids
        self.assertEqual((adjustment.amount, adjustment.unit_amount, adjustment.crm_cost_rate),
                         (-20.0, 0.0, 4.0))
        self.assertEqual((march.amount, march.crm_cost_rate), (-200.0, 40.0), 'line rewritten')
        self.assertFalse(june.crm_restatement_ids | lucia.crm_restatement_ids)
        self.assertEqual(self.project.crm_actual_cost, 200 + 20 + 100 + 30)
        self.assertEqual(self.project.crm_actual_hours, 8.0)
        log = self.env['crm.infinity.primanota'].search([('res_model', '=', 'project.project'),
                                                         ('res_id', '=', self.project.id),
                                                         ('event_code', '=', 'cost_restatement')])
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.cost_admin)
        # nothing left to restate
        again = self._wizard()
        again.action_preview()
        self.assertFalse(again.line_ids)
        with self.assertRaises(UserError):
            again.action_apply()

    def test_only_crm_admins_restate(self):
        self._log(self.mario, '2026-03-02', 5)
        self.rate_mario_1.cost_rate = 44.0
        with self.assertRaises(AccessError):
            self._wizard(user=self.manager).action_preview()

    def test_invoiced_lines_keep_their_sale_side(self):
        line = self._log(self.mario, '2026-03-02', 5)
        invoice = self.project._crm_invoice_time()
        invoice_line = line.crm_invoice_line_id
        self.assertEqual((invoice_line.quantity, invoice_line.price_unit), (5.0, 70.0))
        with self.assertRaises(UserError):
            line.sudo(self.mario).write({'unit_amount': 6})
        with self.assertRaises(UserError):
            line.sudo(self.mario).unlink()
        self.rate_mario_1.write({'cost_rate': 44.0, 'sale_rate': 75.0})
        wizard = self._wizard()
        wizard.action_preview()
        wizard.action_apply()
        self.assertEqual(line.crm_restatement_ids.amount, -20.0)
        self.assertEqual((line.amount, line.crm_invoice_line_id, line.crm_sale_rate),
                         (-200.0, invoice_line, 70.0))
        self.assertEqual((invoice_line.price_unit, invoice.amount_untaxed), (70.0, 350.0))
        self.assertFalse(line.crm_restatement_ids.crm_invoice_line_id)
        self.assertFalse(self.project._crm_invoice_time(), 'an adjustment was invoiced')


class TestDemoCosts(ProjectCostCase):
    """The demo step: rates changing mid-period, time on the activities, extra costs, one
    commessa over budget and one invoiced by time and material."""

    def test_demo_step_builds_costs_on_the_demo_commesse(self):
        Demo = self.env['crm.infinity.demo']
        data = self.env['ir.model.data']
        for commessa in Demo._demo_commesse():  # the demo's own, if installed: not ours here
            data.search([('model', '=', 'project.project'), ('res_id', '=', commessa.id)]).unlink()
        second = self._project('Formazione Rossi', budget=100000.0)
        self._task(second, 'Corso antincendio', self.lucia)
        for name, record in (('commessa_a_test', self.project), ('commessa_b_test', second)):
            Demo._demo_register('crm_infinity_projects', name, record)
        Demo._demo_build_commessa_costs()
        self.assertTrue(self.project.crm_actual_hours and second.crm_actual_hours)
        self.assertTrue(self.project.crm_extra_cost and second.crm_extra_cost)
        self.assertTrue(self.project.crm_cost_over_budget)
        self.assertFalse(second.crm_cost_over_budget)
        self.assertEqual(second.crm_uninvoiced_hours, 0.0, 'the second commessa is invoiced')
        # running it again adds nothing
        hours = self.project.crm_actual_hours
        Demo._demo_build_commessa_costs()
        self.assertEqual(self.project.crm_actual_hours, hours)
