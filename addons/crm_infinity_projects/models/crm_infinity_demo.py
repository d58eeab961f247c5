"""The commesse of the demo office (``..demo_plan``): each with its manager, team, dates and
budget, opened by the CRM administrator, its activities with their assignees, dependencies and
statuses; two activities of companies without commessa."""
import datetime

from odoo import api, fields, models

from .. import demo_plan

PEOPLE = {
    'paolo': 'crm_infinity_base.user_paolo_ricci_demo',
    'andrea': 'crm_infinity_base.user_andrea_greco_demo',
    'chiara': 'crm_infinity_base.user_chiara_moretti_demo',
}


class CrmInfinityDemo(models.AbstractModel):
    _inherit = 'crm.infinity.demo'

    @api.model
    def _demo_project_user(self, key):
        return self.env.ref(PEOPLE[key])

    @api.model
    def _demo_build_commesse(self):
        with self._demo_quiet():
            return self._demo_build_commesse_quietly()

    @api.model
    def _demo_build_commesse_quietly(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        Project = self.env['project.project'].with_context(mail_create_nolog=True,
                                                           tracking_disable=True)
        Task = self.env['project.task'].with_context(mail_create_nolog=True,
                                                     tracking_disable=True)
        user = self._demo_project_user
        for plan in demo_plan.COMMESSE:
            partner = self._demo_customer(plan.customer)
            order = self.env['sale.order'].search(
                [('partner_id', 'child_of', partner.id), ('state', 'in', ('sale', 'done'))],
                order='confirmation_date desc', limit=1)
            project = Project.create({
                'name': plan.name, 'partner_id': partner.id, 'user_id': user(plan.manager).id,
                'crm_sale_order_id': order.id or False,
                'crm_member_ids': [(6, 0, [user(k).id for k in plan.team])],
                'crm_date_start': demo_plan.day(today, plan.start),
                'crm_date_planned_end': demo_plan.day(today, plan.planned_end),
                'crm_date_doc_delivery': demo_plan.day(today, plan.doc_delivery),
                'crm_date_contract_expiry': demo_plan.day(today, plan.contract_expiry),
                'crm_budget_hours': plan.budget_hours, 'crm_budget_amount': plan.budget_amount,
                'privacy_visibility': 'employees', 'crm_state': 'draft',
            })
            self._demo_register('crm_infinity_projects', 'commessa_%s_demo' % plan.key, project)
            tasks = {}
            for sequence, act in enumerate(plan.activities):
                assignees = [user(k).id for k in act.assignees]
                task = Task.create({
                    'name': act.name, 'project_id': project.id, 'partner_id': partner.id,
                    'sequence': sequence, 'user_id': assignees[0],
                    'crm_assignee_ids': [(6, 0, assignees)],
                    'crm_owner_id': user(plan.manager).id,
                    'crm_planned_start': self._demo_utc(
                        datetime.datetime.combine(demo_plan.day(today, act.start),
                                                  datetime.time(9, 0))),
                    'crm_planned_end': self._demo_utc(
                        datetime.datetime.combine(demo_plan.day(today, act.start + act.days - 1),
                                                  datetime.time(18, 0))),
                    'planned_hours': act.hours, 'description': '<p>%s</p>' % act.description,
                    'crm_depends_on_ids': [(6, 0, [tasks[d].id for d in act.depends])],
                })
                tasks[act.key] = task
                self._demo_register('crm_infinity_projects',
                                    'activity_%s_%s_demo' % (plan.key, act.key), task)
            # the statuses in the order of the dependencies: waiting ones follow by themselves
            for act in plan.activities:
                if act.state in ('in_progress', 'done'):
                    tasks[act.key].write({'crm_state': act.state})
            if plan.state != 'draft':
                project.write({'crm_state': plan.state})
        for act in demo_plan.COMPANY_ACTIVITIES:
            partner = self._demo_customer(act.customer)
            assignees = [user(k).id for k in act.assignees]
            task = Task.create({
                'name': act.name, 'partner_id': partner.id, 'user_id': assignees[0],
                'crm_assignee_ids': [(6, 0, assignees)], 'crm_owner_id': user(act.owner).id,
                'crm_planned_start': self._demo_utc(demo_plan.day(today, act.start)),
                'crm_planned_end': self._demo_utc(demo_plan.day(today, act.start + act.days)),
                'planned_hours': act.hours,
            })
            if act.state != 'todo':
                task.write({'crm_state': act.state})
            self._demo_register('crm_infinity_projects', 'activity_%s_demo' % act.key, task)
        return True
