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

    def _visible_menus(self, user):
        """The CRM Infinity menus the web client shows to the user."""
        root = self.env.ref(B + 'crm_infinity_root_menu')
        Menu = self.env['ir.ui.menu'].sudo(user)
        tree = Menu.load_menus(False)
        shown = [node for node in tree['children'] if node['id'] == root.id]
        menus = Menu.browse()
        while shown:
            node = shown.pop()
            menus |= Menu.browse(node['id'])
            shown.extend(node.get('children') or [])
        return menus

    def _profiles(self):
        for profile in PROFILES:
            groups = profile if isinstance(profile, tuple) else (profile,)
            profile = '+'.join(groups)
            yield profile, self._create_user('t_menu_%s' % profile, *groups)

    def test_routing_rules_in_one_menu(self):
        """Issue 13: routing rules were reachable from several menus; every profile that may
        configure them finds them in one place (Configurazione)."""
        for profile, user in self._profiles():
            menus = self._visible_menus(user).filtered(
                lambda menu: menu.action and menu.action._name == 'ir.actions.act_window'
                and menu.action.res_model == 'crm.infinity.routing.rule')
            self.assertLessEqual(len(menus), 1, '%s: %s' % (
                profile, ', '.join(menus.mapped('complete_name'))))
            if profile in ('group_crm_admin', 'group_crm_support_manager'):
                self.assertEqual(len(menus), 1, profile)

    def test_every_visible_menu_opens(self):
        failures = []
        for profile, user in self._profiles():
            for menu in self._visible_menus(user).filtered('action'):
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


# Odoo's applications a CRM Infinity profile keeps beside CRM Infinity: they duplicate nothing of
# it (Discuss, Calendar, Contacts) or are the accountant's (Invoicing, to who invoices)
KEPT_ODOO_APPS = ('mail.mail_channel_menu_root_chat', 'calendar.mail_menu_calendar',
                  'contacts.menu_contacts')
INVOICING_APP = 'account.menu_finance'
# Odoo's applications that duplicate CRM Infinity for its profiles (each addon hides its own)
DUPLICATE_ODOO_APPS = ('crm.crm_menu_root', 'sale.sale_menu_root', 'project.menu_main_pm',
                       'survey.menu_surveys', 'hr.menu_hr_root',
                       'website.menu_website_configuration', 'mass_mailing.mass_mailing_menu_root')
# what each profile works on, reachable from the menus it is shown (model of an action)
NEEDED_MODELS = {
    'group_crm_salesperson': ('crm.lead', 'sale.order', 'product.template', 'calendar.event',
                              'res.partner', 'crm.infinity.primanota'),
    'group_crm_support_operator': ('crm.infinity.ticket', 'crm.infinity.kb.article',
                                   'calendar.event', 'res.partner'),
    'group_crm_support_manager': ('crm.infinity.ticket', 'crm.infinity.sla.policy',
                                  'crm.infinity.kb.article', 'crm.infinity.routing.rule'),
    'group_crm_commessa_manager': ('project.project', 'project.task', 'account.analytic.line',
                                   'calendar.event'),
    'group_crm_assignee': ('project.task', 'account.analytic.line', 'calendar.event'),
    'group_crm_marketing_operator': ('utm.campaign', 'mail.mass_mailing', 'survey.survey',
                                     'survey.user_input_line', 'crm.infinity.nominativo'),
    'group_crm_admin': ('crm.lead', 'sale.order', 'product.template', 'project.project',
                        'project.task', 'survey.survey', 'account.invoice', 'crm.team',
                        'crm.lost.reason', 'crm.lead.tag', 'mail.activity.type',
                        'crm.infinity.causale', 'crm.infinity.ticket', 'calendar.event'),
    ('group_crm_salesperson', 'account.group_account_invoice'): ('crm.lead', 'account.invoice'),
}


class TestOneApplication(CrmInfinityCase):
    """Odoo's own applications beside CRM Infinity (a second CRM, Sales, Project, Surveys,
    Employees, Website) are hidden from the CRM Infinity profiles, who reach every record they
    work on under CRM Infinity; the system administrator keeps Odoo's applications."""

    _profiles = TestMenusPerProfile._profiles

    def _xmlids(self, xmlids):
        return {xmlid: menu for xmlid, menu in
                ((x, self.env.ref(x, raise_if_not_found=False)) for x in xmlids) if menu}

    def _roots(self, user):
        tree = self.env['ir.ui.menu'].sudo(user).load_menus(False)
        return {node['id'] for node in tree['children']}

    def _reachable_models(self, user):
        Menu = self.env['ir.ui.menu'].sudo(user)
        todo, models = list(Menu.load_menus(False)['children']), set()
        while todo:
            node = todo.pop()
            action = Menu.browse(node['id']).sudo().action
            if action and action._name == 'ir.actions.act_window':
                models.add(action.res_model)
            todo.extend(node.get('children') or [])
        return models

    def test_profiles_see_one_application(self):
        kept = self._xmlids(KEPT_ODOO_APPS + (B + 'crm_infinity_root_menu',))
        invoicing = self._xmlids([INVOICING_APP])
        root = self.env.ref(B + 'crm_infinity_root_menu')
        for profile, user in self._profiles():
            if profile == 'group_crm_system_admin':
                continue
            allowed = {menu.id for menu in kept.values()}
            if user.has_group('account.group_account_invoice'):
                allowed |= {menu.id for menu in invoicing.values()}
            shown = self._roots(user)
            self.assertIn(root.id, shown, profile)
            extra = self.env['ir.ui.menu'].browse(shown - allowed)
            self.assertFalse(extra, '%s sees %s' % (profile, ', '.join(extra.mapped('name'))))

    def test_profiles_reach_what_they_work_on(self):
        for profile, needed in NEEDED_MODELS.items():
            groups = profile if isinstance(profile, tuple) else (profile,)
            user = self._create_user('t_reach_%s' % '+'.join(groups), *groups)
            missing = {model for model in needed if model in self.env} - \
                self._reachable_models(user)
            self.assertFalse(missing, '%s cannot reach %s' % (profile, sorted(missing)))

    def test_system_administrator_keeps_odoo_apps(self):
        duplicates = self._xmlids(DUPLICATE_ODOO_APPS)
        self.assertIn('crm.crm_menu_root', duplicates)
        system_admin = self._create_user('t_menu_sysadmin', 'group_crm_system_admin')
        for user in (self.env.ref('base.user_root'), system_admin):
            shown = self._roots(user)
            missing = [xmlid for xmlid, menu in duplicates.items() if menu.id not in shown]
            self.assertFalse(missing, '%s misses %s' % (user.login, missing))
