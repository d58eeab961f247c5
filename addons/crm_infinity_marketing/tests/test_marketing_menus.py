from odoo.addons.crm_infinity_base.tests import test_menus_per_profile as base_menus

from .campaign_common import M, MarketingCase

OUR_MENUS = ('marketing_campaign_menu', 'marketing_list_menu', 'marketing_mailing_menu',
             'marketing_monitor_menu')


class TestMarketingMenus(MarketingCase):
    """The marketing operator's menus are ours, they open without an access error; Odoo's
    English Email Marketing application is not shown to him; a salesperson sees no marketing
    menu."""

    # how the web client opens a menu, as the base's per-profile audit does it
    _eval_context = base_menus.TestMenusPerProfile._eval_context
    _open_action = base_menus.TestMenusPerProfile._open_action

    def _shown(self, user):
        tree = self.env['ir.ui.menu'].sudo(user).load_menus(False)
        ids, nodes = set(), list(tree['children'])
        while nodes:
            node = nodes.pop()
            ids.add(node['id'])
            nodes.extend(node.get('children') or [])
        return ids

    def test_marketing_operator_menus(self):
        shown = self._shown(self.silvia)
        for xmlid in OUR_MENUS:
            menu = self.env.ref(M + xmlid)
            self.assertIn(menu.id, shown, xmlid)
            with self.env.cr.savepoint():
                self._open_action(self.silvia, menu)
        self.assertNotIn(self.env.ref('mass_mailing.mass_mailing_menu_root').id, shown)

    def test_salesperson_sees_no_marketing(self):
        shown = self._shown(self.anna)
        self.assertNotIn(self.env.ref(M + 'marketing_menu').id, shown)
        self.assertNotIn(self.env.ref('mass_mailing.mass_mailing_menu_root').id, shown)
