import datetime
import time

from dateutil.relativedelta import relativedelta

from odoo.tools.safe_eval import safe_eval

from .common import B, CrmInfinityCase

PROFILES = ('group_crm_assignee', 'group_crm_salesperson', 'group_crm_commessa_manager',
            'group_crm_marketing_operator', 'group_crm_support_operator',
            'group_crm_support_manager', 'group_crm_admin', 'group_crm_system_admin',
            # a salesperson who also invoices (Odoo's Billing)
            ('group_crm_salesperson', 'account.group_account_invoice'))


class TestMenusPerProfile(CrmInfinityCase):
    """Issue 13: every CRM Infinity menu a profile sees opens without an access error (menus a
    profile cannot use are not shown), the way the web client opens them: the action is read,
    its domain and context evaluated, its first view's records read."""

    def _eval_context(self, user):
        return {'uid': user.id, 'user': user, 'time': time, 'datetime': datetime,
                'relativedelta': relativedelta, 'context_today': datetime.date.today,
                'active_id': False, 'active_ids': [], 'active_model': False,
                'current_date': time.strftime('%Y-%m-%d')}

    def _open_action(self, user, menu):
        action = menu.action
        action_data = self.env[action._name].sudo(user).browse(action.id).read()[0]
        if action._name != 'ir.actions.act_window':
            return
        eval_context = self._eval_context(user)
        context = safe_eval(action_data['context'] or '{}', eval_context)
        domain = safe_eval(action_data['domain'] or '[]', dict(eval_context, context=context))
        Model = self.env[action_data['res_model']].sudo(user).with_context(
            **{k: v for k, v in context.items() if not k.startswith('search_default')})
        view_type = (action_data['view_mode'] or 'tree').split(',')[0]
        view_id = False
        for view in action.view_ids:
            if view.view_mode == view_type:
                view_id = view.view_id.id
                break
        if not view_id and action.view_id and action.view_id.type == view_type:
            view_id = action.view_id.id
        if view_type in ('tree', 'kanban', 'form', 'calendar', 'pivot', 'graph'):
            fields = Model.fields_view_get(view_id or None, view_type)['fields']
        else:
            fields = {}
        if Model._abstract or Model._transient:
            return
        names = [name for name in fields if name in Model._fields] or ['display_name']
        Model.search_read(domain, names, limit=20)

    def test_every_visible_menu_opens(self):
        root = self.env.ref(B + 'crm_infinity_root_menu')
        failures = []
        for profile in PROFILES:
            groups = profile if isinstance(profile, tuple) else (profile,)
            profile = '+'.join(groups)
            user = self._create_user('t_menu_%s' % profile, *groups)
            Menu = self.env['ir.ui.menu'].sudo(user)
            tree = Menu.load_menus(False)
            shown = [node for node in tree['children'] if node['id'] == root.id]
            menus = Menu.browse()
            while shown:
                node = shown.pop()
                menus |= Menu.browse(node['id'])
                shown.extend(node.get('children') or [])
            for menu in menus.filtered('action'):
                try:
                    with self.env.cr.savepoint():
                        self._open_action(user, menu)
                except Exception as error:  # noqa: BLE001 - collect them all
                    failures.append('%s: %s (%s): %s' % (
                        profile, menu.complete_name, menu.action,
                        str(error).splitlines()[0][:200]))
        self.assertFalse(failures, '\n' + '\n'.join(failures))

    def test_profiles_menu_opens(self):
        """Configuration > Profiles: its domain is evaluated by the web client, without ref()."""
        action = self.env.ref(B + 'res_groups_profile_action')
        domain = safe_eval(action.domain, self._eval_context(self.env.user))
        groups = self.env['res.groups'].search(domain)
        self.assertIn(self.env.ref(B + 'group_crm_salesperson'), groups)

    def test_commesse_menus_per_profile(self):
        """B2 (issue 16): the menus of the commesse per profile — the salesperson and the other
        profiles have none, the assignee his activities and time, the commessa manager and the
        administrators the commesse too."""
        if not self.env.ref('crm_infinity_projects.projects_menu', raise_if_not_found=False):
            self.skipTest('crm_infinity_projects is not installed')
        names = ('projects_menu', 'projects_commessa_menu', 'projects_activity_menu',
                 'projects_timesheet_menu')
        menus = {self.env.ref('crm_infinity_projects.' + name).id: name for name in names}
        expected = {
            'group_crm_salesperson': set(),
            'group_crm_support_operator': set(),
            'group_crm_marketing_operator': set(),
            'group_crm_assignee': set(names) - {'projects_commessa_menu'},
            'group_crm_commessa_manager': set(names),
            'group_crm_admin': set(names),
        }
        for profile, wanted in expected.items():
            user = self._create_user('t_menu_pj_%s' % profile, profile)
            tree = self.env['ir.ui.menu'].sudo(user).load_menus(False)
            shown, todo = set(), list(tree['children'])
            while todo:
                node = todo.pop()
                if node['id'] in menus:
                    shown.add(menus[node['id']])
                todo.extend(node.get('children') or [])
            self.assertEqual(shown, wanted, profile)
