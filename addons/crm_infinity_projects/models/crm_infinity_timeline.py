from odoo import SUPERUSER_ID, _, api, models

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
    def _crm_timeline_sources(self, partner_ids, kinds=None):
        sources = super()._crm_timeline_sources(partner_ids, kinds=kinds)
        if self._crm_timeline_wants('commessa', kinds) and self._crm_timeline_manages():
            # started, actually ended, planned end passed while still open
            domain = [('partner_id', 'in', partner_ids)]
            # late: its planned end passed (a due source: the engine compares the date)
            late = [('crm_state', 'in', ('draft', 'open'))]
            sources += [
                self._crm_timeline_source('commessa_start', 'commessa', 'project.project',
                                          domain, 'crm_date_start', is_date=True),
                self._crm_timeline_source('commessa_end', 'commessa', 'project.project',
                                          domain, 'crm_date_actual_end', is_date=True),
                self._crm_timeline_source('commessa_late', 'commessa', 'project.project',
                                          domain + late, 'crm_date_planned_end', is_date=True,
                                          due=True),
            ]
        if self._crm_timeline_wants('project_activity', kinds):
            domain, where = self._crm_timeline_task_partner_filter(partner_ids)
            late = [('crm_state', 'not in', OPEN_TASK)]
            sources += [
                self._crm_timeline_source('activity_open', 'project_activity', 'project.task',
                                          domain, 'create_date', where=where),
                self._crm_timeline_source('activity_closed', 'project_activity', 'project.task',
                                          domain, 'crm_date_closed', where=where),
                self._crm_timeline_source('activity_late', 'project_activity', 'project.task',
                                          domain + late, 'crm_planned_end', where=where,
                                          due=True),
            ]
        if self._crm_timeline_wants('project_event', kinds) and \
                self._crm_timeline_can_read('project.task'):
            # the events of the commesse and activities of the partners the viewer reads (an
            # event readable through the calendar but of a commessa he may not see stays out)
            tasks, params = self._crm_timeline_tasks_sql(partner_ids)
            clause = '"calendar_event"."crm_task_id" IN (%s)' % tasks
            if self._crm_timeline_manages() and self._crm_timeline_can_read('project.project'):
                projects, project_params = self._crm_timeline_projects_sql(partner_ids)
                clause = '(%s OR "calendar_event"."crm_project_id" IN (%s))' % (clause, projects)
                params = list(params) + list(project_params)
            sources.append(self._crm_timeline_source(
                'project_event', 'project_event', 'calendar.event', [], 'start',
                where=[(clause, params)]))
        return sources

    @api.model
    def _crm_timeline_manages(self):
        """The commesse themselves are the managers' (and the administrators'): an assignee
        reads the name of the commessa of his activities, not its history."""
        return self.env.uid == SUPERUSER_ID or \
            self.env.user.crm_project_scope in ('all', 'manager')

    @api.model
    def _crm_timeline_projects_sql(self, partner_ids):
        """Subquery of the commesse of the partners the viewer reads (once per page)."""
        return self._crm_timeline_shared_ids('project.project', lambda: self._crm_timeline_ids_sql(
            'project.project', [('partner_id', 'in', partner_ids)]))

    @api.model
    def _crm_timeline_task_partner_filter(self, partner_ids):
        """``(domain, where)`` of the activities of the partners: their own, or of a
        commessa of theirs that the viewer reads."""
        projects, params = self._crm_timeline_projects_sql(partner_ids)
        return [], [('("project_task"."partner_id" = ANY(%%s) OR '
                     '"project_task"."project_id" IN (%s))' % projects,
                     [list(partner_ids)] + list(params))]

    @api.model
    def _crm_timeline_tasks_sql(self, partner_ids):
        """Subquery of the activities of the partners the viewer reads (once per page)."""
        def compute():
            domain, where = self._crm_timeline_task_partner_filter(partner_ids)
            return self._crm_timeline_ids_sql('project.task', domain, where)
        return self._crm_timeline_shared_ids('project.task', compute)

    @api.model
    def _crm_timeline_watches(self):
        commessa = ['commessa_start', 'commessa_end', 'commessa_late']
        activity = ['activity_open', 'activity_closed', 'activity_late']
        # a commessa's partner is its analytic account's (project.project _inherits it)
        project_partner = ('JOIN project_project p ON p.id = %s '
                           'JOIN account_analytic_account a ON a.id = p.analytic_account_id')
        task_partners = ('SELECT t.partner_id FROM {rows} r JOIN project_task t ON t.id = r.%s '
                         'UNION ALL SELECT a.partner_id FROM {rows} r JOIN project_task t '
                         'ON t.id = r.%s ' + project_partner % 't.project_id')
        return super()._crm_timeline_watches() + [
            {'table': 'account_analytic_account', 'keys': commessa + activity + ['project_event'],
             'columns': ['partner_id'], 'partners': 'SELECT r.partner_id FROM {rows} r'},
            {'table': 'project_project', 'keys': commessa + activity + ['project_event'],
             'columns': ['analytic_account_id', 'crm_date_start', 'crm_date_actual_end',
                         'crm_date_planned_end', 'crm_state'],
             'partners': 'SELECT a.partner_id FROM {rows} r '
                         'JOIN account_analytic_account a ON a.id = r.analytic_account_id'},
            {'table': 'project_task', 'keys': activity + ['project_event'],
             'columns': ['partner_id', 'project_id', 'create_date', 'crm_date_closed',
                         'crm_planned_end', 'crm_state'],
             'partners': 'SELECT r.partner_id FROM {rows} r UNION ALL SELECT a.partner_id '
                         'FROM {rows} r ' + project_partner % 'r.project_id'},
            {'table': 'calendar_event', 'keys': ['project_event'],
             'columns': ['crm_task_id', 'crm_project_id', 'start'],
             'partners': (task_partners % ('crm_task_id', 'crm_task_id')) +
                         ' UNION ALL SELECT a.partner_id FROM {rows} r ' +
                         project_partner % 'r.crm_project_id'},
        ]

    @api.model
    def _crm_timeline_render(self, key, ids):
        # only the title of the key asked for is translated (each _() inspects the stack)
        if key == 'commessa_start':
            return self._crm_timeline_commesse(ids, _('Commessa opened: %s'))
        if key == 'commessa_end':
            return self._crm_timeline_commesse(ids, _('Commessa closed: %s'))
        if key == 'commessa_late':
            return self._crm_timeline_commesse(ids, _('Commessa late: %s (planned end passed)'))
        if key == 'activity_open':
            return self._crm_timeline_activities(ids, _('Activity opened: %s'))
        if key == 'activity_closed':
            return self._crm_timeline_activities(ids, _('Activity closed: %s'))
        if key == 'activity_late':
            return self._crm_timeline_activities(ids,
                                                 _('Activity late: %s (planned end passed)'))
        if key == 'project_event':
            return self._crm_timeline_project_events(ids)
        return super()._crm_timeline_render(key, ids)

    @api.model
    def _crm_timeline_commesse(self, ids, title):
        states = self._crm_timeline_labels('project.project', 'crm_state')
        rows = self._crm_timeline_read_ids(
            'project.project', ids, ['name', 'partner_id', 'user_id', 'crm_state'])
        return {rid: {
            'kind': 'commessa', 'title': title % row['name'], 'body': '',
            'res_model': 'project.project', 'res_id': rid, 'partner_id': row['partner_id'],
            'user_id': row['user_id'], 'state': states.get(row['crm_state'], row['crm_state']),
        } for rid, row in rows.items()}

    @api.model
    def _crm_timeline_activities(self, ids, title):
        states = self._crm_timeline_labels('project.task', 'crm_state')
        rows = self._crm_timeline_read_ids(
            'project.task', ids, ['name', 'partner_id', 'user_id', 'crm_state', 'project_id',
                                  'project_id_name'])
        partners = self._crm_timeline_task_partners(ids)
        items = {}
        for rid, row in rows.items():
            name = row['name']
            if row['project_id']:
                name = '%s (%s)' % (name, row['project_id_name'])
            items[rid] = {
                'kind': 'project_activity', 'title': title % name, 'body': '',
                'res_model': 'project.task', 'res_id': rid, 'partner_id': partners.get(rid),
                'user_id': row['user_id'],
                'state': states.get(row['crm_state'], row['crm_state']),
            }
        return items

    @api.model
    def _crm_timeline_task_partners(self, task_ids):
        """``{task id: partner}``: the partner of the card an activity the viewer reached
        belongs to, its own or its commessa's (read past the rules: the name shown is the
        card's partner, not the commessa)."""
        tasks = self.env['project.task'].sudo().with_context(active_test=False).browse(task_ids)
        partners = set(self.env.context.get('crm_timeline_partner_ids') or ())
        return {task.id: task.partner_id.id if task.partner_id.id in partners else
                task.project_id.partner_id.id for task in tasks}

    @api.model
    def _crm_timeline_project_events(self, ids):
        events = self.env['calendar.event'].sudo().with_context(active_test=False).browse(ids)
        links = {event.id: (event.crm_task_id.id, event.crm_project_id.id,
                            event.crm_project_id.partner_id.id) for event in events}
        task_partners = self._crm_timeline_task_partners(
            [task for task, _project, _partner in links.values() if task])
        rows = self._crm_timeline_read_ids('calendar.event', ids, ['name', 'user_id',
                                                                   'location'])
        items = {}
        for rid, row in rows.items():
            task, project, partner = links[rid]
            parent = ('project.task', task) if task else ('project.project', project)
            items[rid] = {
                'kind': 'project_event', 'title': _('Event: %s') % row['name'],
                'body': row['location'] or '', 'res_model': 'calendar.event', 'res_id': rid,
                'partner_id': task_partners.get(task) if task else partner,
                'user_id': row['user_id'], 'parent_model': parent[0], 'parent_id': parent[1],
            }
        return items
