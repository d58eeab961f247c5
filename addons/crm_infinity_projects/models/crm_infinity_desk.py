from odoo import _, api, models

ASSIGNEE = 'crm_infinity_base.group_crm_assignee'
MANAGER = 'crm_infinity_base.group_crm_commessa_manager'
TASK_ACTION = 'crm_infinity_projects.project_task_action'
PROJECT_ACTION = 'crm_infinity_projects.project_project_action'
TIMESHEET_ACTION = 'crm_infinity_projects.account_analytic_line_action'
OPEN_TASK = [('crm_state', 'not in', ('done', 'cancelled'))]
OPEN_COMMESSA = [('crm_state', 'in', ('draft', 'open'))]


class CrmInfinityDeskProvider(models.AbstractModel):
    """The tiles of the commesse on MyDesk (SPEC B9): for the assignee his activities (to do,
    in progress, waiting, late) and the hours he logged this week; for the commessa manager his
    commesse open, late and over budget and their activities to close, and the switch to his
    team (the members of his commesse and the assignees of their activities)."""

    _inherit = 'crm.infinity.desk.provider'

    @api.model
    def _crm_desk_team_user_ids(self, user):
        team = super()._crm_desk_team_user_ids(user)
        if user.has_group(MANAGER):
            projects = self.env['project.project'].sudo().with_context(
                active_test=False).search([('user_id', '=', user.id)] + OPEN_COMMESSA)
            team |= set(projects.mapped('crm_member_ids').ids)
            tasks = self.env['project.task'].sudo().search(
                [('project_id', 'in', projects.ids)] + OPEN_TASK)
            team |= set(tasks.mapped('crm_assignee_ids').ids)
            team.discard(user.id)
        return team

    @api.model
    def _crm_desk_tiles(self, user, scope='me'):
        tiles = super()._crm_desk_tiles(user, scope=scope)
        if not user.has_group(ASSIGNEE):
            return tiles
        user_ids = self._crm_desk_user_ids(user, scope)
        team = scope == 'team'  # the team's records: the names must not say "my"
        now = self._crm_desk_now()
        mine = [('crm_assignee_ids', 'in', user_ids)]
        common = {'section': 'projects', 'kind': 'count', 'res_model': 'project.task',
                  'action': TASK_ACTION, 'view_mode': 'list,kanban,form'}
        for tile in ({
            'key': 'projects.tasks_todo', 'sequence': 10,
            'name': _('Team activities to do') if team else _('My activities to do'),
            'domain': mine + [('crm_state', '=', 'todo')],
        }, {
            'key': 'projects.tasks_in_progress', 'sequence': 20,
            'name': _('Team activities in progress') if team else _('My activities in progress'),
            'domain': mine + [('crm_state', '=', 'in_progress')],
        }, {
            'key': 'projects.tasks_waiting', 'sequence': 30,
            'name': _('Team activities waiting') if team else _('My activities waiting'),
            'domain': mine + [('crm_state', '=', 'waiting')],
        }, {
            'key': 'projects.tasks_late', 'sequence': 40, 'severity': 'danger',
            'name': _('Team activities late') if team else _('My activities late'),
            'domain': mine + OPEN_TASK + [('crm_planned_end', '<', now)],
        }):
            tiles.append(dict(common, **tile))
        Line = self.env['account.analytic.line']
        if Line.check_access_rights('read', raise_exception=False):
            first, last = self._crm_desk_period_dates(user, 'week')
            tiles.append({
                'key': 'projects.hours_week', 'section': 'projects', 'sequence': 50,
                'name': _('Hours logged'), 'period': _('this week'), 'kind': 'sum',
                'measure': 'unit_amount', 'format': 'float',
                'res_model': 'account.analytic.line', 'action': TIMESHEET_ACTION,
                'view_mode': 'list,pivot',
                'domain': [('user_id', 'in', user_ids), ('task_id', '!=', False),
                           ('date', '>=', str(first)), ('date', '<=', str(last))],
            })
        if user.has_group(MANAGER):
            tiles += self._crm_desk_commessa_tiles(user, user_ids, now, team)
        return tiles

    @api.model
    def _crm_desk_commessa_tiles(self, user, user_ids, now, team=False):
        today = str(self._crm_desk_today(user))
        managed = [('user_id', 'in', user_ids)]
        common = {'section': 'projects', 'kind': 'count', 'res_model': 'project.project',
                  'action': PROJECT_ACTION, 'view_mode': 'list,kanban,form'}
        tiles = [dict(common, **tile) for tile in ({
            'key': 'projects.commesse_open', 'sequence': 60,
            'name': _('Team commesse open') if team else _('My commesse open'),
            'domain': managed + [('crm_state', '=', 'open')],
        }, {
            'key': 'projects.commesse_late', 'sequence': 70, 'severity': 'danger',
            'name': _('Team commesse late') if team else _('My commesse late'),
            'domain': managed + OPEN_COMMESSA + [('crm_date_planned_end', '<', today)],
        }, {
            'key': 'projects.commesse_over_budget', 'sequence': 80, 'severity': 'warning',
            'name': (_('Team commesse over budget') if team
                     else _('My commesse over budget')),
            'domain': managed + OPEN_COMMESSA + [('crm_over_budget', '=', True)],
        })]
        tiles.append({
            'key': 'projects.tasks_to_close', 'section': 'projects', 'sequence': 90,
            'kind': 'count', 'severity': 'warning', 'res_model': 'project.task',
            'action': TASK_ACTION, 'view_mode': 'list,kanban,form',
            'name': (_('Activities of the team commesse to close') if team
                     else _('Activities of my commesse to close')),
            'detail': _('Still open after their planned end'),
            'domain': [('project_id.user_id', 'in', user_ids)] + OPEN_TASK +
            [('crm_planned_end', '<', now)],
        })
        return tiles
