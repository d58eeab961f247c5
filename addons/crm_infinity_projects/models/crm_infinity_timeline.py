from odoo import SUPERUSER_ID, _, api, fields, models

OPEN_TASK = ('done', 'cancelled')


class CrmInfinityTimelineProvider(models.AbstractModel):
    """The commesse on the card of their company (SPEC B10): commesse opened, closed and late,
    their activities (and the activities of the company) opened, closed and late, and the
    events of both. Read as the viewer, so the B2 rules decide: the manager sees his commesse,
    the assignee only the activities he is on (and the events of those), a salesperson
    nothing of the commesse."""

    _inherit = 'crm.infinity.timeline.provider'

    @api.model
    def _crm_timeline_kinds(self):
        return super()._crm_timeline_kinds() + [
            ('commessa', _('Commesse')),
            ('project_activity', _('Activities of the commesse')),
            ('project_event', _('Events of the commesse')),
        ]

    @api.model
    def _crm_timeline_items(self, partner_ids, date_from=None, date_to=None, kinds=None,
                            limit=None):
        items = super()._crm_timeline_items(partner_ids, date_from=date_from, date_to=date_to,
                                            kinds=kinds, limit=limit)
        if self._crm_timeline_wants('commessa', kinds) and self._crm_timeline_manages() and \
                self._crm_timeline_can_read('project.project'):
            items += self._crm_timeline_commesse(partner_ids, date_from, date_to, limit)
        if self._crm_timeline_wants('project_activity', kinds) and \
                self._crm_timeline_can_read('project.task'):
            items += self._crm_timeline_activities(partner_ids, date_from, date_to, limit)
        if self._crm_timeline_wants('project_event', kinds) and \
                self._crm_timeline_can_read('calendar.event'):
            items += self._crm_timeline_project_events(partner_ids, date_from, date_to, limit)
        return items

    @api.model
    def _crm_timeline_manages(self):
        """The commesse themselves are the managers' (and the administrators'): an assignee
        reads the name of the commessa of his activities, not its history."""
        return self.env.uid == SUPERUSER_ID or \
            self.env.user.crm_project_scope in ('all', 'manager')

    @api.model
    def _crm_timeline_today(self):
        return fields.Date.context_today(self)

    @api.model
    def _crm_timeline_commesse(self, partner_ids, date_from, date_to, limit):
        """Three queries on their own date (each the newest ``limit``): started, actually
        ended, planned end passed while still open."""
        today = self._crm_timeline_today()
        events = (
            ('crm_date_start', [], _('Commessa opened: %s')),
            ('crm_date_actual_end', [], _('Commessa closed: %s')),
            ('crm_date_planned_end', [('crm_state', 'in', ('draft', 'open')),
                                      ('crm_date_planned_end', '<', today)],
             _('Commessa late: %s (planned end passed)')),
        )
        Project = self.env['project.project']
        states = dict(Project._fields['crm_state']._description_selection(self.env))
        items = []
        for field, extra, title in events:
            rows = self._crm_timeline_read(
                'project.project', [('partner_id', 'in', partner_ids), (field, '!=', False)] +
                extra + self._crm_timeline_date_domain(field, date_from, date_to, is_date=True),
                [field, 'name', 'partner_id', 'user_id', 'crm_state'],
                '%s desc, id desc' % field, limit)
            items += [{
                'kind': 'commessa', 'date': row[field], 'title': title % row['name'],
                'body': '', 'res_model': 'project.project', 'res_id': row['id'],
                'partner_id': row['partner_id'], 'user_id': row['user_id'],
                'state': states.get(row['crm_state'], row['crm_state']),
            } for row in rows]
        return items

    @api.model
    def _crm_timeline_task_partner_domain(self, partner_ids):
        """Activities of the partners: their own, or of a commessa of theirs."""
        return ['|', ('partner_id', 'in', partner_ids),
                ('project_id.partner_id', 'in', partner_ids)]

    @api.model
    def _crm_timeline_activities(self, partner_ids, date_from, date_to, limit):
        now = fields.Datetime.now()
        events = (
            ('create_date', [], _('Activity opened: %s')),
            ('crm_date_closed', [], _('Activity closed: %s')),
            ('crm_planned_end', [('crm_state', 'not in', OPEN_TASK),
                                 ('crm_planned_end', '<', now)],
             _('Activity late: %s (planned end passed)')),
        )
        Task = self.env['project.task']
        states = dict(Task._fields['crm_state']._description_selection(self.env))
        partner_set = set(partner_ids)
        items = []
        for field, extra, title in events:
            rows = self._crm_timeline_read(
                'project.task', self._crm_timeline_task_partner_domain(partner_ids) +
                [(field, '!=', False)] + extra +
                self._crm_timeline_date_domain(field, date_from, date_to),
                [field, 'name', 'partner_id', 'user_id', 'crm_state', 'project_id'],
                '%s desc, id desc' % field, limit)
            for row in rows:
                name = row['name']
                if row['project_id']:
                    name = '%s (%s)' % (name, row['project_id_name'])
                partner = row['partner_id'] if row['partner_id'] in partner_set else False
                items.append({
                    'kind': 'project_activity', 'date': row[field], 'title': title % name,
                    'body': '', 'res_model': 'project.task', 'res_id': row['id'],
                    'partner_id': partner or self._crm_timeline_project_partner(
                        row['project_id'], partner_ids),
                    'user_id': row['user_id'],
                    'state': states.get(row['crm_state'], row['crm_state']),
                })
        return items

    @api.model
    def _crm_timeline_project_partner(self, project_id, partner_ids):
        """The company of a commessa the viewer reached through its activity (a partner of
        the card: the activity's own partner was not)."""
        if not project_id:
            return partner_ids[0] if partner_ids else False
        partner = self.env['project.project'].sudo().browse(project_id).partner_id.id
        return partner if partner in partner_ids else (partner_ids[0] if partner_ids else False)

    @api.model
    def _crm_timeline_project_events(self, partner_ids, date_from, date_to, limit):
        """The events of the commesse and activities of the partners the viewer reads (an
        event readable through the calendar but of a commessa he may not see stays out)."""
        project_ids = self.env['project.project'].with_context(active_test=False).search(
            [('partner_id', 'in', partner_ids)]).ids if self._crm_timeline_manages() else []
        task_ids = self.env['project.task'].with_context(active_test=False).search(
            self._crm_timeline_task_partner_domain(partner_ids)).ids
        if not project_ids and not task_ids:
            return []
        rows = self._crm_timeline_read(
            'calendar.event', ['|', ('crm_project_id', 'in', project_ids),
                               ('crm_task_id', 'in', task_ids)] +
            self._crm_timeline_date_domain('start', date_from, date_to),
            ['start', 'name', 'crm_project_id', 'crm_task_id', 'user_id', 'location'],
            'start desc, id desc', limit)
        items = []
        for row in rows:
            parent = ('project.task', row['crm_task_id']) if row['crm_task_id'] in task_ids \
                else ('project.project', row['crm_project_id'])
            items.append({
                'kind': 'project_event', 'date': row['start'],
                'title': _('Event: %s') % row['name'], 'body': row['location'] or '',
                'res_model': 'calendar.event', 'res_id': row['id'],
                'partner_id': self._crm_timeline_project_partner(
                    row['crm_project_id'] if row['crm_project_id'] in project_ids else False,
                    partner_ids) if parent[0] == 'project.project' else
                self._crm_timeline_task_partner(row['crm_task_id'], partner_ids),
                'user_id': row['user_id'], 'parent_model': parent[0], 'parent_id': parent[1],
            })
        return items

    @api.model
    def _crm_timeline_task_partner(self, task_id, partner_ids):
        task = self.env['project.task'].sudo().browse(task_id)
        for partner in (task.partner_id.id, task.project_id.partner_id.id):
            if partner in partner_ids:
                return partner
        return partner_ids[0] if partner_ids else False
