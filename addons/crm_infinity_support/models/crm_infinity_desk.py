from odoo import _, api, models

OPERATOR = 'crm_infinity_base.group_crm_support_operator'
MANAGER = 'crm_infinity_base.group_crm_support_manager'
TICKET_ACTION = 'crm_infinity_support.crm_infinity_ticket_action'
OPEN = [('state', 'not in', ('solved', 'closed'))]
# the KPI figures of the support dashboard shown on a manager's MyDesk: (kpi, field, label)
KPIS = (
    ('backlog', 'kpi_backlog', 'integer'),
    ('first_response', 'kpi_first_response_hours', 'hours'),
    ('satisfaction', 'kpi_satisfaction', 'percent'),
)


class CrmInfinityDeskProvider(models.AbstractModel):
    """The tiles of the help desk on MyDesk: own tickets in progress and waiting, tickets to
    take in charge, of one's groups, to assign (managers), SLA at risk, and the KPIs of the
    service centers a manager runs (the figures of the support dashboard, not recomputed)."""

    _inherit = 'crm.infinity.desk.provider'

    @api.model
    def _crm_desk_team_user_ids(self, user):
        """A support manager's team: the operators of the service centers he manages and of
        their operator groups."""
        team = super()._crm_desk_team_user_ids(user)
        if user.has_group(MANAGER):
            centers = self.env['crm.infinity.service.center'].sudo().search(
                [('manager_id', '=', user.id)])
            team |= set(centers.mapped('operator_ids').ids)
            team |= set(centers.mapped('operator_group_ids.user_ids').ids)
            team.discard(user.id)
        return team

    @api.model
    def _crm_desk_tiles(self, user, scope='me'):
        tiles = super()._crm_desk_tiles(user, scope=scope)
        if not user.has_group(OPERATOR):
            return tiles
        user_ids = self._crm_desk_user_ids(user, scope)
        team = scope == 'team'  # the team's records: the names must not say "my"
        common = {'section': 'support', 'kind': 'count', 'res_model': 'crm.infinity.ticket',
                  'action': TICKET_ACTION, 'view_mode': 'list,kanban,form'}
        ticket_tiles = [{
            'key': 'support.tickets_in_progress', 'sequence': 10,
            'name': _('Team tickets in progress') if team else _('My tickets in progress'),
            'domain': [('user_id', 'in', user_ids)] + OPEN,
        }, {
            'key': 'support.tickets_waiting', 'sequence': 20,
            'name': _('Waiting for the customer'),
            'domain': [('user_id', 'in', user_ids), ('state', '=', 'waiting')],
        }, {
            'key': 'support.tickets_to_take', 'sequence': 30, 'severity': 'warning',
            'name': _('To take in charge'),
            'domain': [('user_id', '=', False)] + OPEN + [
                '|', '|', ('center_id.operator_ids', 'in', user_ids),
                ('operator_group_id.user_ids', 'in', user_ids),
                ('center_id.manager_id', 'in', user_ids)],
        }, {
            'key': 'support.tickets_my_groups', 'sequence': 40,
            'name': _('Open in the team groups') if team else _('Open in my groups'),
            'domain': [('operator_group_id.user_ids', 'in', user_ids)] + OPEN,
        }]
        if user.has_group(MANAGER):
            ticket_tiles.append({
                'key': 'support.tickets_to_assign', 'sequence': 50, 'severity': 'warning',
                'name': _('To assign'),
                'domain': [('user_id', '=', False)] + OPEN + [
                    '|', ('operator_group_id', '=', False),
                    ('operator_group_id.assignment', '=', 'manual')],
            })
        for tile in ticket_tiles:
            tiles.append(dict(common, **tile))
        tiles.append({
            'key': 'support.sla_at_risk', 'section': 'support', 'sequence': 60,
            'name': _('SLA at risk or breached'), 'kind': 'count', 'severity': 'danger',
            'res_model': 'crm.infinity.ticket.sla',
            'action': 'crm_infinity_support.crm_infinity_ticket_sla_action',
            'view_mode': 'list,form',
            'domain': [('user_id', 'in', user_ids), ('status', '=', 'running'),
                       ('warn_at', '<=', self._crm_desk_now())],
        })
        if user.has_group(MANAGER):
            tiles += self._crm_desk_support_kpis(user)
        return tiles

    @api.model
    def _crm_desk_support_kpis(self, user):
        """The KPIs of the support dashboard (``crm.infinity.service.center`` ``kpi_*``) of
        the centers the manager runs, each opening the report behind it."""
        tiles = []
        Desk = self.env['crm.infinity.desk']
        centers = self.env['crm.infinity.service.center'].search([('manager_id', '=', user.id)])
        for center in centers:
            for sequence, (kpi, field, fmt) in enumerate(KPIS):
                value = center[field]
                if fmt == 'integer':
                    display = Desk._crm_desk_format(value, 'integer')
                elif fmt == 'hours':
                    display = '%s %s' % (Desk._crm_desk_format(value, 'float'), _('h'))
                else:
                    display = '%s%%' % Desk._crm_desk_format(value, 'float')
                tiles.append({
                    'key': 'support.kpi_%s_%s' % (kpi, center.id), 'section': 'kpi',
                    'sequence': 200 + 10 * center.id + sequence, 'kind': 'value',
                    'name': '%s: %s' % (center.name, center._fields[field].get_description(
                        self.env)['string']),
                    'value': display,
                    'action': center.with_context(kpi=kpi).action_open_kpi,
                })
        return tiles
