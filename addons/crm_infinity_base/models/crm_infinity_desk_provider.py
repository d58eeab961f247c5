from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models


class CrmInfinityDeskProvider(models.AbstractModel):
    """Extension point of MyDesk (B9), the home page of every CRM Infinity user.

    Every addon ``_inherit``s this model in its own ``models/crm_infinity_desk.py`` and extends
    ``_crm_desk_tiles`` (and, when it adds a section or a team, ``_crm_desk_sections`` /
    ``_crm_desk_team_user_ids``) with ``super()``::

        class CrmInfinityDeskProvider(models.AbstractModel):
            _inherit = 'crm.infinity.desk.provider'

            @api.model
            def _crm_desk_tiles(self, user, scope='me'):
                tiles = super()._crm_desk_tiles(user, scope=scope)
                if not user.has_group('crm_infinity_base.group_crm_salesperson'):
                    return tiles
                user_ids = self._crm_desk_user_ids(user, scope)
                start, end = self._crm_desk_period(user, 'today')
                tiles.append({
                    'key': 'sales.deals_open', 'section': 'sales', 'sequence': 10,
                    'name': _('Open deals'), 'kind': 'count', 'res_model': 'crm.lead',
                    'domain': [('user_id', 'in', user_ids), ('type', '=', 'opportunity')],
                })
                return tiles

    ``user`` is the viewer (``self.env.user``: his profile decides which tiles he gets);
    ``scope`` is ``'me'`` (his own records) or ``'team'`` (those of the people he manages,
    himself included: ``_crm_desk_user_ids``). Providers run as the viewer and only *describe*
    tiles: the engine (``crm.infinity.desk``) computes every figure as the viewer, in one RPC,
    and the tile opens exactly the records it counted (same model, same domain, same user).

    A tile is a dict with the keys:

    ``key``        unique, stable code, prefixed by the addon (``'sales.deals_open'``)
    ``section``    a code of ``_crm_desk_sections()`` (``activities``, ``sales``, ``support``,
                   ``deadlines``, ``kpi``, ...)
    ``sequence``   int, order inside the section
    ``name``       label, translated (``_()``)
    ``kind``       ``'count'``  number of records: ``search_count(domain)``;
                   ``'sum'``    sum of the field ``measure`` over ``domain`` (``read_group``);
                   ``'chart'``  small bar chart: ``read_group(domain, [measure], [groupby])``,
                                each bar opens ``domain + [(groupby, '=', value)]``;
                   ``'value'``  a figure computed elsewhere and reused as is (the sales
                                dashboard tiles, the support KPIs): the provider gives
                                ``value`` (display string), ``detail`` and ``action``;
                   ``'list'``   a few lines shown in the tile (the deadlines of the next
                                days): the provider gives ``lines``, a list of dicts
                                ``{'date' (display string), 'name', 'res_model', 'res_id'}``,
                                each opening its record; the figure is their number
    ``res_model``  the model counted and opened (not needed for ``'value'``)
    ``domain``     list, **fully resolved**: relative dates already turned into UTC datetimes /
                   dates of the viewer's time zone with ``_crm_desk_period`` (never
                   ``context_today`` strings, never ``uid``), the tile is rebuilt each time
                   MyDesk is opened so "oggi" is always today
    ``context``    optional dict for the action (no ``search_default_*`` that would narrow the
                   records: the action must show exactly ``domain``)
    ``view_mode``  optional, default ``'list,form'`` (e.g. ``'list,kanban,form'``)
    ``action``     optional xmlid of a window action whose views and search view the list
                   uses (its ``search_default_*`` are dropped: the list shows ``domain``)
    ``measure``    ``'sum'``: the summed field; ``'chart'``: the field aggregated, or
                   ``'__count'`` (default)
    ``groupby``    ``'chart'``: the field of the bars (many2one or selection)
    ``format``     optional: ``'integer'`` (default for count), ``'monetary'``, ``'float'``
    ``period``     optional translated label of the relative period ("oggi", "scaduti")
    ``severity``   optional ``'danger'`` / ``'warning'`` when the value is not zero (overdue)
    ``group``      optional xmlid of a group: the engine drops the tile for a viewer outside it
                   (providers may as well not return it)
    ``value``, ``detail`` (``'value'``): the display string and a short explanation;
                   ``action`` is then an action dict or xmlid opened by the click, or a
                   callable returning it (called only when the tile is clicked)

    The engine adds to each tile: ``count``/``amount``/``bars`` as computed, ``display`` and the
    time the figures refer to.
    """
    _name = 'crm.infinity.desk.provider'
    _description = 'MyDesk provider'

    @api.model
    def _crm_desk_sections(self):
        """Return the list of ``(code, label, sequence)`` of the MyDesk sections."""
        return [
            ('activities', _('Activities and appointments'), 10),
            ('deadlines', _('Deadlines of the next days'), 20),
            ('sales', _('Deals'), 30),
            ('support', _('Tickets'), 40),
            ('marketing', _('Marketing'), 50),
            ('projects', _('Commesse'), 60),
            ('kpi', _('Indicators'), 90),
        ]

    @api.model
    def _crm_desk_tiles(self, user, scope='me'):
        """Return the list of tile dicts of ``user`` (the viewer) for ``scope`` (see the class
        docstring)."""
        return []

    @api.model
    def _crm_desk_team_user_ids(self, user):
        """Return the set of ``res.users`` ids ``user`` manages (himself excluded): base gives
        his sales-force subordinates; support and projects add their teams."""
        return set(user.sudo().crm_visible_user_ids.ids)

    # Helpers for providers ------------------------------------------------------------------

    @api.model
    def _crm_desk_user_ids(self, user, scope='me'):
        """The ``res.users`` ids whose records the tiles of ``scope`` count."""
        if scope == 'team':
            return sorted(self._crm_desk_team_user_ids(user) | {user.id})
        return [user.id]

    @api.model
    def _crm_desk_tz(self, user):
        """``user``'s time zone (read in SQL: loading ``res.users.tz`` through the ORM
        validates it against pytz's whole list, a quarter of a second)."""
        self.env.cr.execute('SELECT p.tz FROM res_users u JOIN res_partner p '
                            'ON p.id = u.partner_id WHERE u.id = %s', [user.id])
        row = self.env.cr.fetchone()
        return self._crm_desk_tz_named(row and row[0])

    @api.model
    def _crm_desk_tz_named(self, name):
        """The time zone ``name`` (a user's, possibly empty or unknown): the request's, else
        Italy's."""
        try:
            return pytz.timezone(name or self.env.context.get('tz') or 'Europe/Rome')
        except pytz.UnknownTimeZoneError:
            return pytz.timezone('Europe/Rome')

    @api.model
    def _crm_desk_now(self):
        """Now, as a UTC datetime string (for domains on a moment: "SLA at risk")."""
        return fields.Datetime.to_string(self.env.context.get('crm_desk_now') or
                                         datetime.utcnow())

    @api.model
    def _crm_desk_today(self, user):
        """Today's date in ``user``'s time zone."""
        now = self.env.context.get('crm_desk_now') or datetime.utcnow()
        return pytz.utc.localize(now).astimezone(self._crm_desk_tz(user)).date()

    @api.model
    def _crm_desk_period(self, user, period, days=7):
        """Return ``(start, end)`` UTC datetime strings of a relative period in ``user``'s time
        zone, ``start`` inclusive and ``end`` exclusive (domain: ``>= start``, ``< end``):
        ``'today'``, ``'week'`` (monday to sunday), ``'month'``, ``'next_days'`` (tomorrow
        and the ``days`` following), ``'overdue'`` (``(False, start of today)``).
        For Date fields use ``_crm_desk_period_dates``."""
        tz = self._crm_desk_tz(user)
        first, last = self._crm_desk_period_dates(user, period, days=days)

        def utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return fields.Datetime.to_string(local.astimezone(pytz.utc).replace(tzinfo=None))

        return (utc(first) if first else False), utc(last + timedelta(days=1))

    @api.model
    def _crm_desk_period_dates(self, user, period, days=7):
        """Return ``(first, last)`` ``date`` objects (both inclusive) of a relative period in
        ``user``'s time zone; ``first`` is ``False`` for ``'overdue'`` (before today)."""
        today = self._crm_desk_today(user)
        if period == 'today':
            return today, today
        if period == 'week':
            first = today - timedelta(days=today.weekday())
            return first, first + timedelta(days=6)
        if period == 'month':
            first = today.replace(day=1)
            following = (first + timedelta(days=32)).replace(day=1)
            return first, following - timedelta(days=1)
        if period == 'next_days':
            return today + timedelta(days=1), today + timedelta(days=days)
        if period == 'overdue':
            return False, today - timedelta(days=1)
        raise ValueError(period)
