"""Gantt of the commesse (SPEC C6): the data the web widget and the PDF draw, baselines, and the
drag-to-reschedule of an activity.

The scheduling itself (dependencies, critical path, rows, scale) is the framework-free engine
``engines/schedule.py``; this module reads the records as the current user (record rules
apply: an assignee sees the bars of his activities only), calls the engine and returns plain
JSON-able values.
"""
import datetime

import pytz

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..engines import schedule

DATE = fields.Date
DT = fields.Datetime


class CrmInfinityGanttBaseline(models.Model):
    """A snapshot of the plan of a commessa (planned start and end of each activity), to compare
    the current plan with: the Gantt draws it as a thin bar under each activity."""

    _name = 'crm.infinity.gantt.baseline'
    _description = 'Gantt baseline'
    _order = 'date desc, id desc'

    name = fields.Char('Name', required=True)
    project_id = fields.Many2one('project.project', string='Commessa', required=True,
                                 index=True, ondelete='cascade')
    date = fields.Datetime('Date', required=True, default=fields.Datetime.now, readonly=True)
    user_id = fields.Many2one('res.users', string='Saved by', required=True, readonly=True,
                              default=lambda self: self.env.uid)
    line_ids = fields.One2many('crm.infinity.gantt.baseline.line', 'baseline_id',
                               string='Activities', readonly=True)


class CrmInfinityGanttBaselineLine(models.Model):
    _name = 'crm.infinity.gantt.baseline.line'
    _description = 'Gantt baseline activity'

    baseline_id = fields.Many2one('crm.infinity.gantt.baseline', required=True, index=True,
                                  ondelete='cascade')
    task_id = fields.Many2one('project.task', string='Activity', required=True, index=True,
                              ondelete='cascade')
    planned_start = fields.Datetime('Planned start')
    planned_end = fields.Datetime('Planned end')


def _iso(day):
    return day.isoformat() if day else None


def _no_none(value):
    """``value`` with False for every None, as Odoo's RPC answers (XML-RPC has no null)."""
    if isinstance(value, dict):
        return {k: _no_none(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_no_none(v) for v in value]
    return False if value is None else value


class ProjectProject(models.Model):
    _inherit = 'project.project'

    crm_gantt_baseline_ids = fields.One2many('crm.infinity.gantt.baseline', 'project_id',
                                             string='Baselines')

    # ------------------------------------------------------------------ actions

    @api.multi
    def action_crm_gantt_open(self):
        """The Gantt client action on these commesse (one: its activities by assignee)."""
        self.check_access_rights('read')
        self.check_access_rule('read')
        return {
            'type': 'ir.actions.client',
            'tag': 'crm_infinity_gantt',
            'name': _('Gantt') + (' - %s' % self.name if len(self) == 1 else ''),
            'params': {'project_ids': self.ids},
            'context': dict(self.env.context, active_ids=self.ids),
        }

    @api.multi
    def action_crm_gantt_baseline(self):
        """Save the current plan of the commessa as a baseline (manager and CRM admin only: the
        ones who may change the commessa)."""
        self.ensure_one()
        self.check_access_rights('write')
        self.check_access_rule('write')
        tasks = self.env['project.task'].search([('project_id', '=', self.id)])
        lines = [(0, 0, {'task_id': t['id'], 'planned_start': t['crm_planned_start'],
                         'planned_end': t['crm_planned_end']})
                 for t in tasks.read(['crm_planned_start', 'crm_planned_end'], load=None)]
        now = fields.Datetime.context_timestamp(self, datetime.datetime.now())
        return self.env['crm.infinity.gantt.baseline'].sudo().create({
            'name': _('Baseline of %s') % now.strftime('%d/%m/%Y %H:%M'),
            'project_id': self.id,
            'user_id': self.env.uid,
            'line_ids': lines,
        }).id

    @api.multi
    def crm_gantt_data(self, date_from=None, date_to=None, mode=None, working_days=False):
        """Gantt data of these commesse for the web client (see :meth:`_crm_gantt_data`).
        Read-only: whoever may read the commesse gets what his record rules let him see."""
        self.check_access_rights('read')
        self.check_access_rule('read')
        return _no_none(self._crm_gantt_data(date_from=date_from, date_to=date_to, mode=mode,
                                             working_days=working_days))

    # ------------------------------------------------------------------ data

    @api.model
    def _crm_gantt_tz(self):
        return pytz.timezone(self.env.context.get('tz') or self.env.user.tz or 'Europe/Rome')

    @api.multi
    def _crm_gantt_data(self, date_from=None, date_to=None, mode=None, working_days=False):
        """Rows, bars, links, markers and critical path of these commesse.

        ``mode``: ``activities`` (default for one commessa: its activities on one row per
        assignee, an activity with several people on each of their rows) or ``commesse`` (one
        row and one bar per commessa). ``date_from``/``date_to`` (ISO dates) bound the range;
        by default it spans the bars. Every date is a local date (ISO string) of the user's
        time zone; a bar's dates are both included.
        """
        mode = mode or ('activities' if len(self) == 1 else 'commesse')
        if mode not in ('activities', 'commesse'):
            raise UserError(_('Unknown Gantt mode: %s') % mode)
        tz = self._crm_gantt_tz()
        today = datetime.datetime.now(pytz.utc).astimezone(tz).date()
        if mode == 'commesse':
            data = self._crm_gantt_commesse(tz)
        else:
            data = self._crm_gantt_activities(tz, working_days=working_days)
        data['markers'] = self._crm_gantt_markers()
        data.update(mode=mode, today=_iso(today), project_ids=self.ids)
        self._crm_gantt_range(data, date_from, date_to, today)
        return data

    @api.model
    def _crm_gantt_range(self, data, date_from, date_to, today):
        """The date range: the one asked for, else from the first to the last date drawn."""
        days = []
        for bar in data['bars']:
            for key in ('start', 'end', 'actual_start', 'actual_end', 'baseline_start',
                        'baseline_end'):
                if bar.get(key):
                    days.append(bar[key])
        days += [m['date'] for m in data['markers']]
        first = min(days) if days else _iso(today)
        last = max(days) if days else _iso(today)
        data['date_from'] = date_from or first
        data['date_to'] = date_to or last
        if data['date_to'] < data['date_from']:
            raise UserError(_('The end date of the Gantt is before its start date.'))

    @api.multi
    def _crm_gantt_markers(self):
        markers = []
        labels = {'crm_date_doc_delivery': _('Documentation delivery'),
                  'crm_date_contract_expiry': _('Contract expiry')}
        kinds = {'crm_date_doc_delivery': 'doc_delivery',
                 'crm_date_contract_expiry': 'contract_expiry'}
        fnames = [f for f in labels if f in self._fields]
        for rec in self.read(fnames + ['name']):
            for fname in fnames:
                if rec[fname]:
                    markers.append({'date': rec[fname], 'kind': kinds[fname],
                                    'label': labels[fname], 'project_id': rec['id'],
                                    'name': '%s: %s' % (labels[fname], rec['name'])})
        markers.sort(key=lambda m: (m['date'], m['kind']))
        return markers

    @api.multi
    def _crm_gantt_commesse(self, tz):
        """One row per commessa: planned start to planned end, actual start (first time logged
        on any of its activities) to actual end, progress = average of its activities."""
        recs = self.read(['name', 'partner_id', 'user_id', 'crm_date_start',
                          'crm_date_planned_end', 'crm_date_actual_end', 'crm_state'])
        first_logged, progress = {}, {}
        if self.ids:
            groups = self.env['project.task'].read_group(
                [('project_id', 'in', self.ids)], ['project_id', 'crm_progress'], ['project_id'])
            progress = {g['project_id'][0]: g['crm_progress'] or 0.0 for g in groups}
            started = self.env['project.task'].search_read(
                [('project_id', 'in', self.ids), ('crm_actual_start', '!=', False)],
                ['project_id', 'crm_actual_start'])
            for task in started:
                pid = task['project_id'][0]
                if pid not in first_logged or task['crm_actual_start'] < first_logged[pid]:
                    first_logged[pid] = task['crm_actual_start']
        bars, rows = [], []
        for rec in recs:
            start = rec['crm_date_start']
            end = rec['crm_date_planned_end'] or start
            actual_start = first_logged.get(rec['id'])
            bar = {
                'id': rec['id'], 'res_model': 'project.project', 'name': rec['name'],
                'start': start, 'end': end,
                'actual_start': self._crm_gantt_local_day(actual_start, tz),
                'actual_end': rec['crm_date_actual_end'],
                'progress': round(progress.get(rec['id'], 0.0), 1),
                'state': rec['crm_state'], 'critical': False, 'slack': None,
                'can_move': False,
                'partner': rec['partner_id'] and rec['partner_id'][1] or '',
                'manager': rec['user_id'] and rec['user_id'][1] or '',
            }
            bars.append(bar)
            rows.append({'key': 'project-%s' % rec['id'], 'label': rec['name'],
                         'bar_ids': [rec['id']]})
        return {'rows': rows, 'bars': bars, 'links': [], 'critical_chains': [],
                'baseline': None, 'error': None}

    @api.model
    def _crm_gantt_day_converter(self, tz):
        """A memoised ``_crm_gantt_local_day`` for one time zone: the activities of a plan share
        few distinct datetimes, and 2,000 activities have up to 10,000 of them."""
        memo = {None: None, False: None}

        def local(value, _tz=None):
            try:
                return memo[value]
            except KeyError:
                v = value
                moment = datetime.datetime(int(v[0:4]), int(v[5:7]), int(v[8:10]),
                                           int(v[11:13] or 0), int(v[14:16] or 0))
                memo[value] = day = pytz.utc.localize(moment).astimezone(tz).date().isoformat()
                return day
        return local

    @api.model
    def _crm_gantt_local_day(self, value, tz):
        """Local date (ISO) of a UTC datetime string of the ORM."""
        if not value:
            return None
        moment = pytz.utc.localize(DT.from_string(value)).astimezone(tz)
        return moment.date().isoformat()

    @api.multi
    def _crm_gantt_activities(self, tz, working_days=False):
        Task = self.env['project.task']
        tasks = Task.search([('project_id', 'in', self.ids)],
                            order='crm_planned_start, crm_planned_end, id')
        fnames = ['name', 'project_id', 'crm_planned_start', 'crm_planned_end',
                  'crm_actual_start', 'crm_date_closed', 'crm_progress', 'crm_state',
                  'crm_assignee_ids', 'crm_depends_on_ids', 'user_id', 'planned_hours']
        records = tasks.read(fnames, load=None)
        movable = set(tasks._crm_gantt_movable_ids())
        user_ids = set()
        for rec in records:
            user_ids.update(rec['crm_assignee_ids'])
            if rec['user_id']:
                user_ids.add(rec['user_id'])
        names = dict(self.env['res.users'].browse(user_ids).sudo().name_get())
        baseline, base_lines = self._crm_gantt_baseline_lines()
        local = self._crm_gantt_day_converter(tz)
        bars, plan, acts = [], [], []
        visible = {rec['id'] for rec in records}
        links = []
        for rec in records:
            start = local(rec['crm_planned_start'], tz)
            end = local(rec['crm_planned_end'], tz) or start
            start = start or end
            base = base_lines.get(rec['id'], {})
            people = list(rec['crm_assignee_ids'])
            if rec['user_id'] and rec['user_id'] not in people:
                people.insert(0, rec['user_id'])
            bars.append({
                'id': rec['id'], 'res_model': 'project.task', 'name': rec['name'],
                'project_id': rec['project_id'],
                'start': start, 'end': end,
                'actual_start': local(rec['crm_actual_start'], tz),
                'actual_end': local(rec['crm_date_closed'], tz),
                'baseline_start': local(base.get('planned_start'), tz),
                'baseline_end': local(base.get('planned_end'), tz),
                'progress': round(rec['crm_progress'] or 0.0, 1),
                'state': rec['crm_state'], 'planned_hours': rec['planned_hours'],
                'critical': False, 'slack': None,
                'can_move': rec['id'] in movable,
                'assignees': [names.get(u, '') for u in people],
            })
            acts.append({'id': rec['id'], 'assignees': [(u, names.get(u, '')) for u in people]})
            deps = [d for d in rec['crm_depends_on_ids'] if d in visible]
            links.extend([d, rec['id']] for d in deps)
            if start:
                plan.append({'id': rec['id'], 'start': DATE.from_string(start),
                             'end': DATE.from_string(end), 'depends_on': deps})
        error, chains = None, []
        try:
            sched = schedule.critical_path(plan, working_days=working_days)
            chains = schedule.critical_chain(plan, sched)
        except schedule.ScheduleError as exc:
            sched = {}
            by_id = {b['id']: b['name'] for b in bars}
            error = _('The dependencies form a cycle: %s') % ' → '.join(
                by_id.get(i, str(i)) for i in exc.cycle)
        for bar in bars:
            s = sched.get(bar['id'])
            if s:
                bar.update(critical=s['critical'], slack=s['slack'],
                           early_start=_iso(s['early_start']),
                           early_finish=_iso(s['early_finish']),
                           late_start=_iso(s['late_start']),
                           late_finish=_iso(s['late_finish']))
        rows = [{'key': r['key'], 'label': r['label'], 'bar_ids': r['activity_ids']}
                for r in schedule.group_rows(acts, _('Not assigned'))]
        return {'rows': rows, 'bars': bars, 'links': links, 'critical_chains': chains,
                'error': error,
                'baseline': baseline and {'id': baseline.id, 'name': baseline.name,
                                          'date': baseline.date,
                                          'user': baseline.user_id.name}}

    @api.multi
    def _crm_gantt_baseline_lines(self):
        """The latest baseline of the commessa (one commessa only) and its lines by activity."""
        if len(self) != 1:
            return None, {}
        baseline = self.env['crm.infinity.gantt.baseline'].sudo().search(
            [('project_id', '=', self.id)], limit=1)
        if not baseline:
            return None, {}
        lines = baseline.line_ids.read(['task_id', 'planned_start', 'planned_end'], load=None)
        return baseline, {l['task_id']: l for l in lines}


class ProjectTask(models.Model):
    _inherit = 'project.task'

    @api.multi
    def _crm_gantt_movable_ids(self):
        """Ids of these activities whose planned dates the user may change, by the rules of
        the form (``_crm_has_full_access`` and the write record rules): the CRM administrator
        all, the commessa manager those of his commesse, the assignee none (he changes status,
        notes, attachments and time only)."""
        if not self:
            return []
        if self.env.uid == SUPERUSER_ID:
            return self.ids
        scope = self.env.user.crm_project_scope
        if scope not in ('all', 'manager'):
            return []
        if not self.check_access_rights('write', raise_exception=False):
            return []
        if scope == 'all':
            candidates = self
        else:
            # _crm_has_full_access of project_task.py for many activities at once (it reads
            # every field of each activity: 3 s for 2,000): the manager of its commessa, the
            # owner of an activity of a company
            self._cr.execute("""
                SELECT t.id FROM project_task t
                  LEFT JOIN project_project p ON p.id = t.project_id
                 WHERE t.id IN %s
                   AND ((t.project_id IS NOT NULL AND p.user_id = %s)
                        OR (t.project_id IS NULL AND t.crm_owner_id = %s))""",
                             (tuple(self.ids), self.env.uid, self.env.uid))
            candidates = self.browse([row[0] for row in self._cr.fetchall()])
        where, params, tables = self.env['ir.rule'].domain_get(self._name, 'write')
        if not where:
            return candidates.ids
        query = 'SELECT %s.id FROM %s WHERE %s.id IN %%s AND %s' % (
            self._table, ','.join(tables), self._table, ' AND '.join(where))
        allowed = []
        for sub_ids in self._cr.split_for_in_conditions(candidates.ids):
            self._cr.execute(query, [sub_ids] + params)
            allowed.extend(row[0] for row in self._cr.fetchall())
        return allowed

    @api.multi
    def crm_gantt_reschedule(self, date_start=None, date_end=None):
        """Move an activity dragged on the Gantt to ``date_start``..``date_end`` (local ISO
        dates, both included), keeping its times of day. Same rights as the form: refused to
        whoever may not change the planned dates there."""
        self.ensure_one()
        if self.id not in self._crm_gantt_movable_ids():
            raise AccessError(_('You cannot reschedule the activity "%s": only the commessa '
                                'manager or a CRM administrator may change its planned '
                                'dates.') % self.sudo().name)
        try:
            new_start = DATE.from_string(date_start)
            new_end = DATE.from_string(date_end)
        except (TypeError, ValueError):
            new_start = new_end = None
        if not new_start or not new_end:
            raise UserError(_('Invalid dates to reschedule: %s - %s')
                            % (date_start, date_end))
        if new_end < new_start:
            raise UserError(_('The planned end cannot be before the planned start.'))
        tz = self.env['project.project']._crm_gantt_tz()
        self.write({
            'crm_planned_start': self._crm_gantt_move(self.crm_planned_start, new_start, tz,
                                                      datetime.time(9, 0)),
            'crm_planned_end': self._crm_gantt_move(self.crm_planned_end, new_end, tz,
                                                    datetime.time(18, 0)),
        })
        return True

    @api.multi
    def crm_gantt_resize(self, date_end=None):
        """Change the planned end of an activity whose bar's right edge was dragged on the
        Gantt to ``date_end`` (local ISO date, included), keeping its start: the rights and
        checks of ``crm_gantt_reschedule``."""
        self.ensure_one()
        Project = self.env['project.project']
        start = Project._crm_gantt_local_day(self.crm_planned_start, Project._crm_gantt_tz())
        return self.crm_gantt_reschedule(start or date_end, date_end)

    @api.model
    def _crm_gantt_move(self, value, day, tz, default_time):
        """UTC datetime string for local ``day`` at the local time of ``value`` (or
        ``default_time`` when there is none)."""
        if value:
            local_time = pytz.utc.localize(DT.from_string(value)).astimezone(tz).time()
        else:
            local_time = default_time
        moment = tz.localize(datetime.datetime.combine(day, local_time))
        return DT.to_string(moment.astimezone(pytz.utc).replace(tzinfo=None))
