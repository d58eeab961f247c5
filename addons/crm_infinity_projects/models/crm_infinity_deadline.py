from odoo import SUPERUSER_ID, _, api, fields, models


class CrmInfinityDeadlineProvider(models.AbstractModel):
    """The deadlines of the commesse (SPEC B8, Sicurweb table): the end, the documentation
    delivery and the contract expiry of an open commessa remind its manager; the planned end
    of an open activity reminds its assignees."""

    _inherit = 'crm.infinity.deadline.provider'

    @api.model
    def _crm_deadline_kinds(self):
        return super()._crm_deadline_kinds() + [
            ('commessa_end', _('Commessa end')),
            ('doc_delivery', _('Documentation delivery')),
            ('contract_expiry', _('Contract expiry')),
            ('activity_end', _('Activity end')),
        ]

    @api.model
    def _crm_deadlines(self, date_from, date_to, kinds=None):
        result = super()._crm_deadlines(date_from, date_to, kinds=kinds)
        date_from, date_to = self._crm_date_range(date_from, date_to)
        project_kinds = [(kind, field) for kind, field in (
            ('commessa_end', 'crm_date_planned_end'),
            ('doc_delivery', 'crm_date_doc_delivery'),
            ('contract_expiry', 'crm_date_contract_expiry')) if self._crm_wants(kind, kinds)]
        if project_kinds:
            result += self._crm_deadlines_commesse(date_from, date_to, project_kinds)
        if self._crm_wants('activity_end', kinds):
            result += self._crm_deadlines_activities(date_from, date_to)
        return result

    @api.model
    def _crm_deadlines_commesse(self, date_from, date_to, project_kinds):
        """One search for the three dates of the commesse still to do (draft or open)."""
        start, end = fields.Date.to_string(date_from), fields.Date.to_string(date_to)
        domain = [('crm_state', 'in', ('draft', 'open'))]
        # the assignee reads the commesse of his activities (their name), he does not manage
        # them: their dates are the managers' (the reminder cron, as superuser, sees all)
        scope = 'all' if self.env.uid == SUPERUSER_ID else self.env.user.crm_project_scope
        if scope == 'manager':
            domain.append(('user_id', '=', self.env.uid))
        elif scope != 'all':
            return []
        ranges = [['&', (field, '>=', start), (field, '<=', end)] for _kind, field in project_kinds]
        domain += ['|'] * (len(ranges) - 1) + [term for rng in ranges for term in rng]
        result = []
        for project in self.env['project.project'].search(domain):
            managers = project.user_id.ids
            for kind, field in project_kinds:
                value = project[field]
                if not value or not start <= value <= end:
                    continue
                result.append({
                    'kind': kind, 'date': fields.Date.from_string(value),
                    'name': project.name, 'res_model': 'project.project', 'res_id': project.id,
                    'user_ids': managers, 'partner_id': project.partner_id.id or False,
                    'roles': {'manager': managers},
                })
        return result

    @api.model
    def _crm_deadlines_activities(self, date_from, date_to):
        start, end = self._crm_datetime_bounds(fields.Date.to_string(date_from),
                                               fields.Date.to_string(date_to))
        tasks = self.env['project.task'].search([
            ('crm_planned_end', '>=', start), ('crm_planned_end', '<', end),
            ('crm_state', 'not in', ('done', 'cancelled'))])
        result = []
        for task in tasks:
            assignees = (task.crm_assignee_ids | task.user_id).ids
            name = task.name
            if task.project_id:
                name = '%s - %s' % (task.name, task.project_id.sudo().name)
            result.append({
                'kind': 'activity_end', 'date': fields.Datetime.from_string(task.crm_planned_end),
                'name': name, 'res_model': 'project.task', 'res_id': task.id,
                'user_ids': assignees, 'partner_id': task.partner_id.id or False,
                'roles': {'assignee': assignees, 'manager': task.sudo().project_id.user_id.ids},
            })
        return result
