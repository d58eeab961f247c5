import datetime

import pytz

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..activities import dependencies, policy

OFFICE_TZ = 'Europe/Rome'
ACTIVITY_STATES = [
    ('todo', 'To do'),
    ('waiting', 'Waiting'),
    ('in_progress', 'In progress'),
    ('done', 'Done'),
    ('cancelled', 'Cancelled'),
]


class ProjectTask(models.Model):
    """Activities (SPEC C2) on Odoo's tasks: of a commessa (``project_id``) or of a company
    only (``partner_id``); assignees, planned dates and hours, status, finish-to-start
    dependencies with the waiting state; causali, primanota and system events of the core
    engines.

    * ``crm_assignee_ids`` always holds the main assignee ``user_id``;
    * an activity waits while one of its predecessors is unfinished (``activities/``), and
      cannot be started or closed meanwhile; dependencies never form a cycle;
    * the assignee (who is neither the manager of its commessa, nor the owner of an activity of
      a company, nor a CRM administrator) changes only the fields of
      ``activities.policy.ASSIGNEE_FIELDS``: checked in ``write``, whatever the client.
    """

    _name = 'project.task'
    _inherit = ['project.task', 'crm.infinity.causale.mixin']

    _primanota_tracked_fields = ['user_id', 'crm_assignee_ids', 'crm_state', 'crm_planned_start',
                                 'crm_planned_end', 'planned_hours', 'project_id']
    # notification rules "assignee" reach everyone on the activity
    _crm_assignee_field = 'crm_assignee_ids'
    _crm_manager_field = 'project_id.user_id'

    # Odoo's related field reads the commessa as the user: an assignee does not edit commesse
    manager_id = fields.Many2one(related='project_id.user_id', related_sudo=True)
    crm_owner_id = fields.Many2one('res.users', string='Owner', index=True,
                                   default=lambda self: self.env.uid,
                                   help='Who created the activity or is responsible for it.')
    crm_assignee_ids = fields.Many2many('res.users', 'crm_infinity_task_assignee_rel', 'task_id',
                                        'user_id', string='Assignees',
                                        help='Everyone who works on the activity, the main '
                                             'assignee included.')
    crm_planned_start = fields.Datetime('Planned start', index=True)
    crm_planned_end = fields.Datetime('Planned end', index=True)
    crm_state = fields.Selection(ACTIVITY_STATES, string='Status', required=True, index=True,
                                 default='todo', copy=False, track_visibility='onchange')
    crm_depends_on_ids = fields.Many2many('project.task', 'crm_infinity_task_dependency_rel',
                                          'task_id', 'depends_on_id', string='Depends on',
                                          help='Finish-to-start: this activity can start when '
                                               'these are done.')
    crm_dependent_ids = fields.Many2many('project.task', 'crm_infinity_task_dependency_rel',
                                         'depends_on_id', 'task_id', string='Blocks',
                                         readonly=True)
    crm_date_closed = fields.Datetime('Closed on', copy=False, readonly=True)
    crm_actual_start = fields.Datetime('Actual start', compute='_compute_crm_actual_start',
                                       store=True, help='The first time logged on it.')
    crm_progress = fields.Float('Progress (%)', compute='_compute_crm_progress', store=True,
                                group_operator='avg')
    crm_full_access = fields.Boolean('May edit everything', compute='_compute_crm_full_access',
                                     help='Technical: the form shows the assignee the fields '
                                          'he may change.')

    @api.depends('timesheet_ids.date')
    def _compute_crm_actual_start(self):
        """The start of the first day time was logged, in the time zone of who logged it (the
        office's when he has none), as Odoo's UTC datetime."""
        for task in self:
            lines = task.sudo().timesheet_ids.filtered('date').sorted(lambda l: (l.date, l.id))
            if not lines:
                task.crm_actual_start = False
                continue
            zone = pytz.timezone(lines[0].user_id.tz or OFFICE_TZ)
            day = fields.Date.from_string(lines[0].date)
            start = zone.localize(datetime.datetime.combine(day, datetime.time()))
            task.crm_actual_start = fields.Datetime.to_string(
                start.astimezone(pytz.utc).replace(tzinfo=None))

    @api.depends('crm_state', 'planned_hours', 'effective_hours')
    def _compute_crm_progress(self):
        for task in self:
            if task.crm_state == 'done':
                task.crm_progress = 100.0
            elif task.planned_hours:
                task.crm_progress = min(100.0, 100.0 * task.effective_hours / task.planned_hours)
            else:
                task.crm_progress = 0.0

    def _compute_crm_full_access(self):
        for task in self:
            task.crm_full_access = task._crm_has_full_access()

    # -- constraints ----------------------------------------------------------------------------

    @api.constrains('crm_depends_on_ids')
    def _check_crm_dependencies(self):
        """Dependencies never form a cycle (an activity that waits for itself would wait for
        ever): the graph reachable from these activities is walked one level per query."""
        graph = {}
        todo = set(self.ids)
        Task = self.sudo().with_context(active_test=False)
        while todo:
            rows = Task.browse(list(todo)).read(['crm_depends_on_ids'])
            todo = set()
            for row in rows:
                graph[row['id']] = row['crm_depends_on_ids']
                todo.update(pid for pid in row['crm_depends_on_ids'] if pid not in graph)
        cycle = dependencies.find_cycle(graph)
        if cycle:
            names = dict(Task.browse(cycle).name_get())
            raise ValidationError(_('The dependencies form a cycle: %s.')
                                  % ' → '.join(names.get(tid, str(tid)) for tid in cycle))

    @api.constrains('project_id', 'partner_id')
    def _check_crm_commessa_or_company(self):
        for task in self:
            if not task.project_id and not task.partner_id:
                raise ValidationError(_('The activity "%s" belongs to a commessa or to a '
                                        'company: give one of them.') % task.name)

    # -- CRUD -----------------------------------------------------------------------------------

    @api.model
    def create(self, vals):
        vals = self._crm_assignee_values(dict(vals))
        task = super().create(vals)
        task._crm_follow_assignees()
        if task.crm_depends_on_ids:
            task._crm_refresh_waiting()
        task._crm_emit('activity_created')
        return task

    @api.multi
    def write(self, vals):
        self._crm_check_assignee_write(vals)
        if vals.get('project_id') and self.env.uid != SUPERUSER_ID:
            # the rules are checked on the activities as they were: an activity moves only to
            # a commessa the user manages
            self.env['project.project'].browse(vals['project_id']).check_access_rule('write')
        if 'crm_state' in vals:
            self._crm_check_may_enter(vals['crm_state'])
        vals = self._crm_assignee_values(dict(vals))
        if vals.get('crm_state') == 'done':
            closing = self.filtered(lambda t: t.crm_state != 'done')
        else:
            closing = self.browse()
        res = super().write(vals)
        if 'crm_assignee_ids' in vals and 'user_id' not in vals:
            for task in self.sudo().filtered(lambda t: t.user_id not in t.crm_assignee_ids):
                task.user_id = task.crm_assignee_ids[:1]
        if 'crm_assignee_ids' in vals or 'user_id' in vals:
            self._crm_follow_assignees()
        if 'crm_state' in vals:
            reopened = self.filtered(lambda t: t.crm_state != 'done' and t.crm_date_closed)
            reopened.sudo().write({'crm_date_closed': False})
            if closing:
                closing.sudo().write({'crm_date_closed': fields.Datetime.now()})
        if 'crm_depends_on_ids' in vals or 'crm_state' in vals:
            (self.sudo() | self.sudo().mapped('crm_dependent_ids'))._crm_refresh_waiting()
        if closing:
            closing._crm_emit('activity_closed')
        return res

    @api.multi
    def _track_subtype(self, init_values):
        """No "Task opened" notice when an activity gets its assignee (Odoo's subtype, which
        has no Italian translation and says nothing the tracked values do not): the change is
        logged as a plain note with its tracked values."""
        subtype = super()._track_subtype(init_values)
        return False if subtype == 'project.mt_task_new' else subtype

    # -- actions --------------------------------------------------------------------------------

    @api.multi
    def action_crm_start(self):
        self.write({'crm_state': 'in_progress'})
        return True

    @api.multi
    def action_crm_done(self):
        """The assignee closes his activity (or the manager one of his commessa)."""
        self.write({'crm_state': 'done'})
        return True

    # -- business methods -----------------------------------------------------------------------

    @api.model
    def _crm_assignee_values(self, vals):
        """The main assignee is always one of the assignees; without one, the first assignee
        is the main one."""
        if 'user_id' not in vals and 'crm_assignee_ids' not in vals:
            return vals
        commands = vals.get('crm_assignee_ids')
        if vals.get('user_id'):
            vals['crm_assignee_ids'] = (commands or []) + [(4, vals['user_id'])]
        elif commands and not self and 'user_id' not in vals:
            ids = self._crm_command_ids(commands)
            if ids:
                vals['user_id'] = ids[0]
        return vals

    @api.model
    def _crm_command_ids(self, commands):
        ids = []
        for command in commands or []:
            if command[0] == 6:
                ids = list(command[2])
            elif command[0] == 4:
                ids.append(command[1])
            elif command[0] == 5:
                ids = []
            elif command[0] == 3:
                ids = [i for i in ids if i != command[1]]
        return ids

    @api.multi
    def _crm_follow_assignees(self):
        """The assignees follow the activity: they receive its messages."""
        for task in self.sudo():
            partners = (task.crm_assignee_ids | task.user_id).mapped('partner_id')
            missing = partners - task.message_partner_ids
            if missing:
                task.message_subscribe(partner_ids=missing.ids)

    @api.multi
    def _crm_has_full_access(self):
        """Whether the current user may change every field of the activity: the CRM
        administrator, the manager of its commessa, the owner of an activity of a company."""
        self.ensure_one()
        user = self.env.user
        if self.env.uid == SUPERUSER_ID:
            return True
        scope = user.crm_project_scope
        if scope == 'all':
            return True
        if scope != 'manager':
            return False
        task = self.sudo()
        if task.project_id:
            return task.project_id.user_id == user
        return task.crm_owner_id == user or not task.id

    @api.multi
    def _crm_check_assignee_write(self, vals):
        """SPEC C2: the assignee changes only the status, the notes, the attachments and the
        time of his activities, by RPC too."""
        if self.env.uid == SUPERUSER_ID:
            return
        for task in self:
            forbidden = policy.forbidden_fields(vals, task._crm_has_full_access())
            if forbidden:
                labels = [self._fields[f].get_description(self.env)['string']
                          for f in forbidden if f in self._fields] or forbidden
                raise AccessError(_('As assignee of the activity "%s" you can change only its '
                                    'status, notes, attachments and time, not: %s.')
                                  % (task.name, ', '.join(labels)))

    @api.multi
    def _crm_check_may_enter(self, new_state):
        for task in self.sudo():
            states = {p.id: p.crm_state for p in task.crm_depends_on_ids}
            if not dependencies.may_enter(new_state, states):
                waiting = task.crm_depends_on_ids.filtered(
                    lambda p: p.id in dependencies.blocking(states))
                raise UserError(_('The activity "%s" is waiting for: %s. It can start when '
                                  'they are done.')
                                % (task.name, ', '.join(waiting.mapped('name'))))

    @api.multi
    def _crm_refresh_waiting(self):
        """Put the open activities whose predecessors are unfinished in the waiting state, and
        those whose predecessors are all finished back to do (as the engine, not the user)."""
        for task in self.sudo():
            states = {p.id: p.crm_state for p in task.crm_depends_on_ids}
            new_state = dependencies.state_after(task.crm_state, states)
            if new_state != task.crm_state:
                task.write({'crm_state': new_state})

    @api.multi
    def action_crm_notify_wizard(self):
        """Button "Save and notify": the web client has saved the activity; ask whom to notify
        now (SPEC C5)."""
        self.ensure_one()
        self.check_access_rule('write')
        wizard = self.env['crm.infinity.task.notify'].create({'task_id': self.id})
        return {'type': 'ir.actions.act_window', 'name': _('Notify now?'),
                'res_model': 'crm.infinity.task.notify', 'res_id': wizard.id,
                'view_mode': 'form', 'views': [(False, 'form')], 'target': 'new'}
