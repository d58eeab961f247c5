from .common import CrmInfinityCase

PREFIX = 'crm_infinity_base.'


class TestProfiles(CrmInfinityCase):
    """SPEC B1: profiles are groups chained so that each implies what it needs."""

    def _has(self, user, xmlid):
        return user.has_group(xmlid if '.' in xmlid else PREFIX + xmlid)

    def test_system_admin_carries_every_profile(self):
        user = self._create_user('sysadmin', PREFIX + 'group_crm_system_admin')
        for profile in ('group_crm_admin', 'group_crm_salesperson', 'group_crm_commessa_manager',
                        'group_crm_assignee', 'group_crm_marketing_operator',
                        'group_crm_support_operator', 'group_crm_support_manager',
                        'base.group_system', 'sales_team.group_sale_manager'):
            self.assertTrue(self._has(user, profile), profile)

    def test_salesperson_is_only_a_salesperson(self):
        user = self._create_user('seller', PREFIX + 'group_crm_salesperson')
        self.assertTrue(self._has(user, 'sales_team.group_sale_salesman'))
        self.assertTrue(self._has(user, 'base.group_user'))
        for profile in ('group_crm_admin', 'group_crm_commessa_manager', 'group_crm_assignee',
                        'group_crm_support_operator', 'group_crm_marketing_operator'):
            self.assertFalse(self._has(user, profile), profile)

    def test_commessa_manager_is_also_an_assignee(self):
        user = self._create_user('pm', PREFIX + 'group_crm_commessa_manager')
        self.assertTrue(self._has(user, 'group_crm_assignee'))
        self.assertFalse(self._has(user, 'group_crm_salesperson'))

    def test_support_manager_is_also_an_operator(self):
        user = self._create_user('support_boss', PREFIX + 'group_crm_support_manager')
        self.assertTrue(self._has(user, 'group_crm_support_operator'))
        self.assertFalse(self._has(user, 'group_crm_admin'))

    def test_custom_profile_combines_a_profile_and_permissions(self):
        user = self._create_user('seller_plus', PREFIX + 'group_crm_salesperson',
                                 PREFIX + 'group_crm_list_all', PREFIX + 'group_crm_import_companies')
        self.assertTrue(self._has(user, 'group_crm_list_all'))
        self.assertTrue(self._has(user, 'group_crm_import_companies'))
        self.assertFalse(self._has(user, 'group_crm_admin'))

    def test_profiles_are_in_the_crm_infinity_category(self):
        category = self.env.ref(PREFIX + 'module_category_crm_infinity')
        names = set(self.env['res.groups'].search([('category_id', '=', category.id)]).mapped(
            lambda g: g.get_external_id()[g.id]))
        self.assertEqual(names, {PREFIX + x for x in (
            'group_crm_system_admin', 'group_crm_admin', 'group_crm_commessa_manager',
            'group_crm_salesperson', 'group_crm_assignee', 'group_crm_marketing_operator',
            'group_crm_support_operator', 'group_crm_support_manager')})

    def test_menu_tree_visible_per_profile(self):
        """Each profile sees its own section of the CRM Infinity menu, and no other."""
        root = self.env.ref(PREFIX + 'crm_infinity_root_menu')
        seller = self._create_user('menu_seller', PREFIX + 'group_crm_salesperson')
        admin = self._create_user('menu_admin', PREFIX + 'group_crm_admin')

        def visible(user):
            menus = self.env['ir.ui.menu'].sudo(user).search([('parent_id', '=', root.id)])
            return set(menus.mapped('name'))
        self.assertIn('Sales', visible(seller))
        self.assertNotIn('Configuration', visible(seller))
        self.assertNotIn('E-invoicing', visible(seller))
        self.assertEqual({'Sales', 'Marketing', 'Support', 'Commesse', 'E-invoicing',
                          'Configuration'} - visible(admin), set())
