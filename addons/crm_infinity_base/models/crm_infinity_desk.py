from datetime import datetime

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import formatLang
from odoo.tools.safe_eval import safe_eval

class CrmInfinityDesk(models.AbstractModel):
    """MyDesk (B9): the figures of the tiles the providers describe
    (``crm.infinity.desk.provider``), computed in one RPC as the viewer.

    Each tile is rebuilt whenever MyDesk is opened or a tile is clicked, so relative dates
    ("oggi", "questa settimana", "scaduti") are resolved at that moment in the viewer's time
    zone, never frozen as in Odoo's ``board``; the figure is ``search_count(domain)`` (or a
    ``read_group``) as the viewer, so his record rules apply, and the click opens a window
    action on the same model with the same domain and context."""

    _name = 'crm.infinity.desk'
    _description = 'MyDesk'

    @api.model
    def crm_desk_load(self, scope='me'):
        """Everything MyDesk shows, in one call: the sections with their computed tiles, the
        scopes the viewer may switch between, and the time the figures refer to."""
        user = self._crm_desk_check()
        Provider = self.env['crm.infinity.desk.provider']
        scopes = self._crm_desk_scopes(user)
        if scope not in dict(scopes):
            scope = 'me'
        tiles = [self._crm_desk_compute(tile) for tile in self._crm_desk_tiles(user, scope)]
        sections = []
        for code, label, sequence in sorted(Provider._crm_desk_sections(), key=lambda s: s[2]):
            section_tiles = sorted((t for t in tiles if t['section'] == code),
                                   key=lambda t: (t.get('sequence', 10), t['key']))
            if section_tiles:
                sections.append({'code': code, 'name': label, 'tiles': section_tiles})
        now = datetime.utcnow()
        local = pytz.utc.localize(now).astimezone(Provider._crm_desk_tz(user))
        return {
            'user': user.name,
            'scope': scope,
            'scopes': [{'code': code, 'name': name} for code, name in scopes],
            'sections': sections,
            'date': fields.Datetime.to_string(now),
            'refreshed': _('updated at %s') % local.strftime('%H:%M'),
        }

    @api.model
    def crm_desk_open(self, key, scope='me', bar=None):
        """The window action of the tile ``key``: the same model, domain and context its figure
        was computed on (rebuilt now, so "oggi" is today); ``bar`` is the value of a bar of a
        chart tile (the records of that bar only)."""
        user = self._crm_desk_check()
        if scope not in dict(self._crm_desk_scopes(user)):
            scope = 'me'
        tile = next((t for t in self._crm_desk_tiles(user, scope) if t['key'] == key), None)
        if tile is None:
            raise UserError(_('This tile is no longer available: reload the page.'))
        return self._crm_desk_action(tile, bar=bar)

    # -- engine ---------------------------------------------------------------------------------

    @api.model
    def _crm_desk_check(self):
        user = self.env.user
        if not user.has_group('base.group_user'):
            raise AccessError(_('MyDesk is reserved to internal users.'))
        return user

    @api.model
    def _crm_desk_scopes(self, user):
        scopes = [('me', _('Me'))]
        if self.env['crm.infinity.desk.provider']._crm_desk_team_user_ids(user):
            scopes.append(('team', _('My team')))
        return scopes

    @api.model
    def _crm_desk_tiles(self, user, scope):
        """The tiles of the providers the viewer may see: their group, read access to their
        model."""
        tiles = []
        for tile in self.env['crm.infinity.desk.provider']._crm_desk_tiles(user, scope=scope):
            if tile.get('group') and not user.has_group(tile['group']):
                continue
            model = tile.get('res_model')
            if model and (model not in self.env or not self.env[model].check_access_rights(
                    'read', raise_exception=False)):
                continue
            tiles.append(tile)
        return tiles

    @api.model
    def _crm_desk_model(self, tile):
        return self.env[tile['res_model']].with_context(**(tile.get('context') or {}))

    @api.model
    def _crm_desk_compute(self, tile):
        """The tile dict for the client: its figure computed as the viewer."""
        kind = tile.get('kind', 'count')
        result = {key: tile.get(key, False) for key in (
            'key', 'section', 'sequence', 'name', 'kind', 'res_model', 'period', 'severity',
            'detail')}
        result['kind'] = kind
        result['opens'] = True
        if kind == 'count':
            value = self._crm_desk_model(tile).search_count(tile['domain'])
            result['value'] = value
            result['display'] = self._crm_desk_format(value, tile.get('format', 'integer'))
        elif kind == 'sum':
            rows = self._crm_desk_model(tile).read_group(tile['domain'], [tile['measure']], [])
            value = (rows[0].get(tile['measure']) if rows else 0) or 0
            result['value'] = value
            result['display'] = self._crm_desk_format(value, tile.get('format', 'float'))
        elif kind == 'chart':
            result['bars'] = self._crm_desk_bars(tile)
            result['value'] = sum(bar['value'] for bar in result['bars'])
            result['display'] = self._crm_desk_format(result['value'],
                                                      tile.get('format', 'integer'))
        elif kind == 'list':
            result['lines'] = tile.get('lines') or []
            result['value'] = len(result['lines'])
            result['opens'] = bool(tile.get('action'))
            result['display'] = self._crm_desk_format(result['value'], 'integer')
        else:  # 'value': a figure computed by its own engine, shown as it is
            result['value'] = tile.get('value')
            result['display'] = tile.get('value') or ''
        if not result.get('value'):
            result['severity'] = False
        # XML-RPC has no None
        return {key: False if value is None else value for key, value in result.items()}

    @api.model
    def _crm_desk_bars(self, tile):
        Model = self._crm_desk_model(tile)
        groupby, measure = tile['groupby'], tile.get('measure') or '__count'
        field = Model._fields[groupby]
        fields_ = [groupby] + ([measure] if measure != '__count' else [])
        rows = Model.read_group(tile['domain'], fields_, [groupby], lazy=True)
        labels = dict(field._description_selection(self.env)) if field.type == 'selection' else {}
        bars = []
        for row in rows:
            raw = row[groupby]
            if field.type == 'many2one':
                value, label = (raw[0], raw[1]) if raw else (False, _('None'))
            else:
                value, label = raw, labels.get(raw, raw or _('None'))
            figure = row.get('%s_count' % groupby, row.get('__count', 0)) \
                if measure == '__count' else (row.get(measure) or 0)
            bars.append({'value': figure or 0, 'label': label, 'bar': value,
                         'display': self._crm_desk_format(figure or 0,
                                                          tile.get('format', 'integer'))})
        return bars

    @api.model
    def _crm_desk_format(self, value, fmt):
        if fmt == 'integer':
            return formatLang(self.env, value or 0, digits=0, grouping=True)
        if fmt == 'monetary':
            return formatLang(self.env, value or 0.0, digits=0, grouping=True,
                              currency_obj=self.env.user.company_id.currency_id)
        return formatLang(self.env, value or 0.0, digits=1, grouping=True)

    @api.model
    def _crm_desk_action(self, tile, bar=None):
        if tile.get('kind') in ('value', 'list'):
            action = tile.get('action')
            if callable(action):  # built only when the tile is clicked
                action = action()
            if isinstance(action, str):
                action = self.env.ref(action).read()[0]
            if not action:
                raise UserError(_('This tile opens no list.'))
            return action
        domain = list(tile['domain'])
        if bar is not None and tile.get('kind') == 'chart':
            domain.append((tile['groupby'], '=', bar))
        context = dict(tile.get('context') or {})
        modes = ['tree' if mode.strip() == 'list' else mode.strip()
                 for mode in (tile.get('view_mode') or 'list,form').split(',')]
        views = [(False, mode) for mode in modes]
        base = tile.get('action')
        if base:
            values = self.env.ref(base).read()[0]
            base_views = values.get('views') or []
            if tile.get('view_mode'):  # the modes of the tile, with the views of the action
                by_mode = {mode: view_id for view_id, mode in reversed(base_views)}
                views = [(by_mode.get(mode, False), mode) for mode in modes]
            else:
                views = base_views or views
            try:
                base_context = safe_eval(values.get('context') or '{}',
                                         {'uid': self.env.uid, 'active_id': False,
                                          'active_ids': [], 'active_model': False})
            except Exception:  # an action context that needs its record: not for a tile
                base_context = {}
            # the filters a list opens with would narrow the records the tile counted
            context = dict({key: value for key, value in base_context.items()
                            if not key.startswith('search_default_')
                            and not key.startswith('group_by')}, **context)
            search_view = values.get('search_view_id')
        else:
            search_view = False
        views = [(view_id, 'tree' if mode == 'list' else mode) for view_id, mode in views]
        action = {
            'type': 'ir.actions.act_window',
            'name': tile['name'],
            'display_name': tile['name'],
            'res_model': tile['res_model'],
            'views': views,
            'view_mode': ','.join(mode for _id, mode in views),
            'view_type': 'form',
            'domain': domain,
            'context': context,
            'target': 'current',
        }
        if search_view:
            action['search_view_id'] = search_view
        return action


class CrmInfinityDeskProvider(models.AbstractModel):
    """The tiles of base: activities and appointments of the viewer (or of his team), for every
    profile."""

    _inherit = 'crm.infinity.desk.provider'

    @api.model
    def _crm_desk_tiles(self, user, scope='me'):
        tiles = super()._crm_desk_tiles(user, scope=scope)
        user_ids = self._crm_desk_user_ids(user, scope)
        today = fields.Date.to_string(self._crm_desk_today(user))
        week_first, week_last = self._crm_desk_period_dates(user, 'week')
        activity = [('user_id', 'in', user_ids)]
        tiles += [{
            'key': 'base.activities_today', 'section': 'activities', 'sequence': 10,
            'name': _('Activities due today'), 'period': _('today'), 'kind': 'count',
            'res_model': 'mail.activity', 'domain': activity + [('date_deadline', '=', today)],
        }, {
            'key': 'base.activities_overdue', 'section': 'activities', 'sequence': 20,
            'name': _('Overdue activities'), 'period': _('overdue'), 'kind': 'count',
            'severity': 'danger', 'res_model': 'mail.activity',
            'domain': activity + [('date_deadline', '<', today)],
        }, {
            'key': 'base.activities_week', 'section': 'activities', 'sequence': 30,
            'name': _('Activities of the week'), 'period': _('this week'),
            'kind': 'count', 'res_model': 'mail.activity',
            'domain': activity + [('date_deadline', '>=', fields.Date.to_string(week_first)),
                                  ('date_deadline', '<=', fields.Date.to_string(week_last))],
        }]
        if self.env['calendar.event'].check_access_rights('read', raise_exception=False):
            partner_ids = self.env['res.users'].sudo().browse(user_ids).mapped('partner_id').ids
            for key, sequence, name, period, (start, end) in (
                    ('base.appointments_today', 40, _('Today\'s appointments'), _('today'),
                     self._crm_desk_period(user, 'today')),
                    ('base.appointments_week', 50, _('Appointments of the week'),
                     _('this week'), self._crm_desk_period(user, 'week'))):
                tiles.append({
                    'key': key, 'section': 'activities', 'sequence': sequence, 'name': name,
                    'period': period, 'kind': 'count', 'res_model': 'calendar.event',
                    'domain': [('partner_ids', 'in', partner_ids), ('start', '<', end),
                               ('stop', '>=', start)],
                    'action': 'calendar.action_calendar_event', 'view_mode': 'list,form',
                })
        if 'crm.infinity.deadline.provider' in self.env:
            tiles += self._crm_desk_deadline_tiles(user, user_ids)
        return tiles

    @api.model
    def _crm_desk_deadline_tiles(self, user, user_ids, days=7):
        """The deadlines of today and the next ``days`` days concerning the users of the scope,
        from the one deadline engine (``crm.infinity.deadline.provider``, as the viewer)."""
        Deadline = self.env['crm.infinity.deadline.provider']
        first = self._crm_desk_today(user)
        last = self._crm_desk_period_dates(user, 'next_days', days=days)[1]
        kinds = dict(Deadline._crm_deadline_kinds())
        tz = self._crm_desk_tz(user)
        wanted = set(user_ids)
        lines = []
        for deadline in Deadline._crm_deadlines(fields.Date.to_string(first),
                                                fields.Date.to_string(last)):
            if not wanted & set(deadline.get('user_ids') or []):
                continue
            moment = deadline['date']
            if isinstance(moment, datetime):
                moment = pytz.utc.localize(moment).astimezone(tz)
            lines.append({
                'sort': fields.Date.to_string(moment), 'date': moment.strftime('%d/%m'),
                'name': '%s: %s' % (kinds.get(deadline['kind'], deadline['kind']),
                                    deadline.get('name') or ''),
                'res_model': deadline['res_model'], 'res_id': deadline['res_id'],
            })
        lines.sort(key=lambda line: (line['sort'], line['name']))
        return [{
            'key': 'base.deadlines_next_days', 'section': 'deadlines', 'sequence': 10,
            'name': _('Deadlines of the next %d days') % days, 'period': _('from today'),
            'kind': 'list', 'lines': lines,
        }]
