from odoo.exceptions import AccessError

from .common import SalesCase


class TestDealAccess(SalesCase):
    """B2: a salesperson sees his own deals and his subordinates' (the unassigned ones only with
    the setting, see test_unassigned.py); never another salesperson's. CRM admins see all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.deal_anna = cls._deal(cls.anna)
        cls.deal_bruno = cls._deal(cls.bruno)
        cls.deal_manager = cls._deal(cls.area_manager)
        cls.deal_free = cls._deal(None)
        cls.all_deals = cls.deal_anna | cls.deal_bruno | cls.deal_manager | cls.deal_free

    def _visible(self, user):
        return self.env['crm.lead'].sudo(user).search([('id', 'in', self.all_deals.ids)])

    def test_salesperson_sees_own_not_unassigned(self):
        # SPEC B2 (default setting, issue 12): only his own; see test_unassigned.py
        self.assertEqual(self._visible(self.anna), self.deal_anna)
        with self.assertRaises(AccessError):
            self.deal_bruno.sudo(self.anna).read(['name'])

    def test_manager_sees_subordinates(self):
        self.assertEqual(self._visible(self.area_manager),
                         self.deal_anna | self.deal_manager)
        self.assertEqual(self._visible(self.other_manager), self.deal_bruno)

    def test_crm_admin_sees_all(self):
        self.assertEqual(self._visible(self.admin), self.all_deals)

    def test_salesperson_edits_own_deal_and_reads_configuration(self):
        self.deal_anna.sudo(self.anna).write({'deal_phase': 'potential'})
        self.assertEqual(self.deal_anna.deal_phase, 'potential')
        statuses = self.env['crm.infinity.deal.status'].sudo(self.anna).search([])
        self.assertTrue(statuses)
        with self.assertRaises(AccessError):
            self.env['crm.infinity.sector'].sudo(self.anna).create({'name': 'Nuovo settore'})
        self.env['crm.infinity.sector'].sudo(self.admin).create({'name': 'Nuovo settore'})

    def test_salesperson_opens_the_deal_views(self):
        action = self.env.ref('crm_infinity_sales.crm_lead_deal_action')
        Lead = self.env['crm.lead'].sudo(self.anna)
        views = Lead.load_views([(v.view_id.id, v.view_mode) for v in action.view_ids]
                                + [(False, 'pivot'), (False, 'graph'),
                                   (action.search_view_id.id, 'search')])
        self.assertIn('deal_phase', views['fields_views']['kanban']['arch'])
        self.assertIn('deal_status_id', views['fields_views']['form']['arch'])
        self.assertIn('group_sector', views['fields_views']['search']['arch'])
        groups = Lead.read_group([], ['planned_revenue', 'deal_phase'], ['deal_phase'])
        self.assertTrue(groups)
