from odoo.addons.crm_infinity_base.tests.common import CrmInfinityCase


class ProjectCostMixin:
    """People with rates (Mario's changes on 15 June), a commessa of a manager with an activity
    of Mario and Lucia, a customer. Mixed into SavepointCase classes."""

    @classmethod
    def _setup_costs(cls):
        env = cls.env
        mk = cls._create_user
        cls.cost_admin = mk('t_pc_admin', 'group_crm_admin')
        cls.manager = mk('t_pc_manager', 'group_crm_commessa_manager', tz='Europe/Rome')
        cls.other_manager = mk('t_pc_manager2', 'group_crm_commessa_manager')
        cls.mario = mk('t_pc_mario', 'group_crm_assignee', tz='Europe/Rome')
        cls.lucia = mk('t_pc_lucia', 'group_crm_assignee', tz='Europe/Rome')
        cls.salesperson = mk('t_pc_sales', 'group_crm_salesperson')
        Rate = env['crm.infinity.hourly.rate']
        cls.rate_mario_1 = Rate.create({'user_id': cls.mario.id, 'date_from': '2026-01-01',
                                        'date_to': '2026-06-14', 'cost_rate': 40.0,
                                        'sale_rate': 70.0})
        cls.rate_mario_2 = Rate.create({'user_id': cls.mario.id, 'date_from': '2026-06-15',
                                        'cost_rate': 50.0, 'sale_rate': 80.0})
        cls.rate_lucia = Rate.create({'user_id': cls.lucia.id, 'date_from': '2026-01-01',
                                      'cost_rate': 30.0, 'sale_rate': 60.0})
        if not getattr(cls, 'cost_customer', None):
            cls.cost_customer = env['res.partner'].create({'name': 'Rossi Impianti S.r.l.',
                                                           'is_company': True})
        cls.project = cls._project('DVR Rossi Impianti', budget=1000.0)
        cls.task = cls._task(cls.project, 'Sopralluogo', cls.mario, cls.lucia, planned_hours=10)

    @classmethod
    def _project(cls, name, budget=0.0, manager=None, **values):
        vals = {'name': name, 'partner_id': cls.cost_customer.id,
                'user_id': (manager or cls.manager).id, 'crm_budget_amount': budget}
        vals.update(values)
        return cls.env['project.project'].create(vals)

    @classmethod
    def _task(cls, project, name, user, *others, **values):
        vals = {'name': name, 'project_id': project.id, 'user_id': user.id}
        Task = cls.env['project.task']
        if 'crm_assignee_ids' in Task._fields:
            vals['crm_assignee_ids'] = [(6, 0, (user | cls.env['res.users'].concat(*others)).ids)]
        vals.update(values)
        return Task.create(vals)

    def _log(self, user, day, hours, task=None):
        """Time logged by ``user`` himself on his activity."""
        task = task or self.task
        return self.env['account.analytic.line'].sudo(user).create({
            'name': 'Lavoro del %s' % day, 'date': day, 'unit_amount': hours,
            'project_id': task.project_id.id, 'task_id': task.id, 'user_id': user.id}).sudo()


class ProjectCostCase(ProjectCostMixin, CrmInfinityCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_costs()
