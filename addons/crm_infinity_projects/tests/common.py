from odoo.addons.crm_infinity_base.tests.common import CrmInfinityCase


class ProjectsCase(CrmInfinityCase):
    """Two commesse of two managers, activities with their assignees, a salesperson and a CRM
    administrator: each test acts as one of them on records of the others."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mk = cls._create_user
        cls.admin = mk('t_pj_admin', 'group_crm_admin')
        cls.manager = mk('t_pj_manager', 'group_crm_commessa_manager')
        cls.manager2 = mk('t_pj_manager2', 'group_crm_commessa_manager')
        cls.assignee = mk('t_pj_assignee', 'group_crm_assignee')
        cls.assignee2 = mk('t_pj_assignee2', 'group_crm_assignee')
        cls.salesperson = mk('t_pj_sales', 'group_crm_salesperson')
        cls.customer = cls.env['res.partner'].create({
            'name': 'Officine Test S.p.A.', 'is_company': True, 'user_id': cls.salesperson.id})
        cls.customer2 = cls.env['res.partner'].create({
            'name': 'Studio Prova', 'is_company': True})
        Project = cls.env['project.project'].sudo(cls.admin)
        cls.commessa = Project.create({
            'name': 'DVR Officine Test', 'partner_id': cls.customer.id,
            'user_id': cls.manager.id, 'crm_state': 'draft',
            'crm_date_start': '2026-01-10', 'crm_date_planned_end': '2026-03-31',
            'crm_budget_hours': 40.0, 'crm_budget_amount': 3000.0}).sudo()
        cls.commessa2 = Project.create({
            'name': 'Audit ISO 9001 Studio Prova', 'partner_id': cls.customer2.id,
            'user_id': cls.manager2.id}).sudo()
        Task = cls.env['project.task'].sudo(cls.admin)
        cls.survey = Task.create({
            'name': 'Sopralluogo', 'project_id': cls.commessa.id, 'user_id': cls.assignee.id,
            'planned_hours': 8.0, 'crm_planned_start': '2026-01-12 08:00:00',
            'crm_planned_end': '2026-01-12 17:00:00'}).sudo()
        cls.report = Task.create({
            'name': 'Stesura DVR', 'project_id': cls.commessa.id, 'user_id': cls.assignee2.id,
            'crm_depends_on_ids': [(6, 0, cls.survey.ids)], 'planned_hours': 16.0}).sudo()
        cls.audit = Task.create({
            'name': 'Audit interno', 'project_id': cls.commessa2.id,
            'user_id': cls.assignee2.id}).sudo()
