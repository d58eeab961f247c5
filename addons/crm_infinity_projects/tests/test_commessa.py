from odoo.exceptions import AccessError, UserError, ValidationError

from .common import ProjectsCase


class TestCommessa(ProjectsCase):
    """SPEC C1: the CRM administrator opens a commessa (also from an accepted quote) and
    assigns its manager; the manager closes it when its activities are done."""

    def test_open_and_close(self):
        with self.assertRaisesRegex(AccessError, 'CRM administrator'):
            self.commessa.sudo(self.manager).action_crm_open()
        self.commessa.sudo(self.admin).action_crm_open()
        self.assertEqual(self.commessa.crm_state, 'open')
        with self.assertRaisesRegex(UserError, 'not done yet: Sopralluogo, Stesura DVR'):
            self.commessa.sudo(self.manager).action_crm_close()
        self.survey.sudo(self.assignee).action_crm_done()
        self.report.sudo(self.manager).write({'crm_state': 'cancelled'})
        with self.assertRaises(AccessError):  # he does not even read it
            self.commessa.sudo(self.manager2).action_crm_close()
        self.commessa.sudo(self.manager).action_crm_close()
        self.assertEqual(self.commessa.crm_state, 'closed')
        self.assertTrue(self.commessa.crm_date_actual_end)
        events = self.env['crm.infinity.event'].search(
            [('code', '=', 'commessa_closed'), ('res_id', '=', self.commessa.id)])
        self.assertEqual(len(events), 1)
        self.assertEqual(events.res_model, 'project.project')

    def test_state_by_rpc_write_is_checked_too(self):
        with self.assertRaisesRegex(AccessError, 'CRM administrator'):
            self.commessa.sudo(self.manager).write({'crm_state': 'open'})

    def test_open_needs_a_manager_with_the_profile(self):
        with self.assertRaisesRegex(ValidationError, 'Commessa manager profile'):
            self.commessa.sudo(self.admin).write({'user_id': self.salesperson.id})
        self.commessa.sudo(self.admin).write({'user_id': False})
        with self.assertRaisesRegex(UserError, 'Assign the manager'):
            self.commessa.sudo(self.admin).action_crm_open()

    def test_late(self):
        self.assertTrue(self.commessa.crm_task_late)
        Project = self.env['project.project']
        self.assertIn(self.commessa, Project.search([('crm_task_late', '=', True)]))
        self.assertNotIn(self.commessa2, Project.search([('crm_task_late', '=', True)]))

    def test_over_budget_hours(self):
        self.survey.sudo(self.assignee).write({'timesheet_ids': [(0, 0, {
            'name': 'Molte ore', 'unit_amount': 41.0, 'date': '2026-01-13',
            'user_id': self.assignee.id, 'project_id': self.commessa.id})]})
        self.assertTrue(self.commessa.crm_over_budget)
        self.assertEqual(self.env['project.project'].search(
            [('crm_over_budget', '=', True), ('id', 'in', (self.commessa | self.commessa2).ids)]),
            self.commessa)

    def _accepted_quote(self):
        hour = self.env.ref('product.product_uom_hour')
        day = self.env.ref('product.product_uom_day')
        service = self.env['product.product'].create({
            'name': 'Consulenza sicurezza', 'type': 'service', 'uom_id': hour.id,
            'uom_po_id': hour.id, 'list_price': 60.0})
        course = self.env['product.product'].create({
            'name': 'Corso formazione', 'type': 'service', 'uom_id': day.id,
            'uom_po_id': day.id, 'list_price': 500.0})
        kit = self.env['product.product'].create({'name': 'Cassetta pronto soccorso',
                                                  'type': 'consu', 'list_price': 80.0})
        order = self.env['sale.order'].create({
            'partner_id': self.customer.id, 'user_id': self.salesperson.id,
            'order_line': [
                (0, 0, {'product_id': service.id, 'name': 'Valutazione dei rischi\nsede',
                        'product_uom_qty': 12.0, 'product_uom': hour.id, 'price_unit': 60.0}),
                (0, 0, {'product_id': course.id, 'name': 'Corso preposti',
                        'product_uom_qty': 2.0, 'product_uom': day.id, 'price_unit': 500.0}),
                (0, 0, {'product_id': kit.id, 'name': 'Cassetta pronto soccorso',
                        'product_uom_qty': 1.0, 'product_uom': kit.uom_id.id,
                        'price_unit': 80.0}),
            ]})
        order.action_confirm()
        return order

    def test_from_accepted_quote(self):
        order = self._accepted_quote()
        with self.assertRaisesRegex(AccessError, 'CRM administrator'):
            order.sudo(self.salesperson).action_crm_create_commessa()
        action = order.sudo(self.admin).action_crm_create_commessa()
        commessa = self.env['project.project'].browse(action['res_id'])
        self.assertEqual(commessa.crm_sale_order_id, order)
        self.assertEqual(commessa.partner_id, self.customer)
        self.assertEqual(commessa.crm_state, 'draft')
        self.assertAlmostEqual(commessa.crm_budget_amount, 1800.0)
        tasks = commessa.tasks.sorted('sequence')
        self.assertEqual(tasks.mapped('name'), ['Valutazione dei rischi', 'Corso preposti',
                                                'Cassetta pronto soccorso'])
        hours = self.env.ref('product.product_uom_day')._compute_quantity(
            2.0, self.env.ref('product.product_uom_hour'))
        self.assertEqual(tasks.mapped('planned_hours'), [12.0, hours, 0.0])
        self.assertAlmostEqual(commessa.crm_budget_hours, 12.0 + hours)
        # once: the button opens the same commessa again
        again = order.sudo(self.admin).action_crm_create_commessa()
        self.assertEqual(again['res_id'], commessa.id)
        # the manager assigned reads the quote of his commessa
        commessa.sudo(self.admin).write({'user_id': self.manager2.id})
        self.assertEqual(order.crm_commessa_manager_id, self.manager2)
        self.assertEqual(order.sudo(self.manager2).read(['name'])[0]['name'], order.name)
        with self.assertRaises(AccessError):
            order.sudo(self.manager).read(['name'])

    def test_from_quote_not_accepted_refused(self):
        order = self.env['sale.order'].create({'partner_id': self.customer.id})
        with self.assertRaisesRegex(UserError, 'has not been accepted'):
            order.sudo(self.admin).action_crm_create_commessa()

    def test_from_deal(self):
        order = self._accepted_quote()
        deal = self.env['crm.lead'].create({'name': 'Sicurezza Officine', 'type': 'opportunity',
                                            'partner_id': self.customer.id,
                                            'user_id': self.salesperson.id})
        with self.assertRaisesRegex(UserError, 'no accepted quote'):
            deal.sudo(self.admin).action_crm_create_commessa()
        order.opportunity_id = deal
        action = deal.sudo(self.admin).action_crm_create_commessa()
        self.assertEqual(self.env['project.project'].browse(action['res_id']).crm_sale_order_id,
                         order)
