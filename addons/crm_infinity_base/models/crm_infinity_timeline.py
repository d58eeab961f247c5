from datetime import date, datetime, time

import pytz

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext
from odoo.tools.safe_eval import safe_eval
from odoo.addons.base.res.res_lang import intersperse

from .crm_infinity_timeline_provider import INDEXING, TimelineMemo, page_memo

GAP_DAYS_PARAM = 'crm_infinity_base.timeline_gap_days'
DEFAULT_GAP_DAYS = 30
PAGE = 40
MAX_PAGE = 200
BODY_CHARS = 280


class CrmInfinityTimeline(models.AbstractModel):
    """The *Scheda riepilogo* (B10): one chronological timeline of a company or a contact,
    merged from every installed addon's ``crm.infinity.timeline.provider``.

    The roll-up is done here: a company's timeline asks the providers for the company and all
    its contacts (a contact's, for the contact and the people under it), and the providers
    match their records on any of them (a ticket's SLA events through the ticket). The
    providers describe their sources; the engine adds the viewer's record rules to each and
    runs them all as one query ordered on (date, source, id), a keyset: the first page costs
    one query however long the history, and only the page's records are read, as the
    viewer. What he may not read is simply not there."""

    _name = 'crm.infinity.timeline'
    _description = 'Summary card'

    @api.model_cr
    def init(self):
        # the newest notes of a partner without sorting all of them (the messages are the
        # longest history of a card): the planner walks it backwards when the partner's
        # messages are many, the (model, res_id) index when they are few
        self.env.cr.execute("""CREATE INDEX IF NOT EXISTS crm_infinity_partner_message_date_idx
                                   ON mail_message (date DESC, id DESC)
                                WHERE model = 'res.partner'""")

    @api.model
    def crm_timeline_load(self, partner_id, kinds=None, cursor=None, limit=PAGE):
        """A page of the timeline of ``partner_id``, newest first.

        ``kinds``: list of kind codes (the filters), ``None`` for all; ``cursor``: the
        ``next`` of the previous page (``None`` for the first); returns ``{'partner',
        'kinds', 'items', 'next', 'gap_days'}``, ``next`` being ``False`` on the last page.
        Items are the providers' dicts with the display values added, and ``gap`` markers
        where nothing happened for ``gap_days`` days."""
        # one memo for the page: the providers' shared subqueries and the viewer's rules
        self = self.with_context(crm_timeline_memo=TimelineMemo())
        partner = self._crm_timeline_partner(partner_id, check=False)
        partner_ids, name, is_company, company_id = self._crm_timeline_rollup(partner)
        if partner.id not in self._crm_timeline_readable_partners(partner_ids):
            partner.check_access_rule('read')  # raises Odoo's own access error
        all_kinds = self._crm_timeline_kind_labels()
        if kinds is not None and (not isinstance(kinds, (list, tuple)) or
                                  not all(isinstance(kind, str) for kind in kinds)):
            raise self._crm_timeline_invalid_page()
        if kinds is not None:
            known = {code for code, _label in all_kinds}
            kinds = [kind for kind in (kinds or []) if kind in known]
        cursor = self._crm_timeline_cursor(cursor)
        try:
            limit = min(max(int(limit or PAGE), 1), MAX_PAGE)
        except (TypeError, ValueError):
            raise self._crm_timeline_invalid_page()
        page, next_cursor = self._crm_timeline_fetch(partner_ids, kinds, cursor, limit,
                                                     company_id=company_id)
        self._crm_timeline_display(page, partner, dict(all_kinds))
        gap_days = self._crm_timeline_gap_days()
        return {
            'partner': {'id': partner.id, 'name': name, 'is_company': is_company},
            # the breadcrumb's title when the card is opened from its URL (no action name)
            'title': self._crm_timeline_title(name),
            'kinds': [{'code': code, 'name': label} for code, label in all_kinds],
            'items': self._crm_timeline_gaps(page, gap_days, first=not cursor,
                                             previous=cursor and cursor['date'][:19]),
            'next': next_cursor,
            'gap_days': gap_days,
        }

    @api.model
    def crm_timeline_action(self, partner_id):
        """The client action of the card of ``partner_id`` (button of the partner form)."""
        partner = self._crm_timeline_partner(partner_id)
        return {
            'type': 'ir.actions.client',
            'tag': 'crm_infinity_timeline',
            'name': self._crm_timeline_title(partner.display_name),
            'params': {'partner_id': partner.id},
            'context': {'active_id': partner.id, 'active_model': 'res.partner'},
        }

    # -- engine ---------------------------------------------------------------------------------

    @api.model
    def _crm_timeline_title(self, name):
        # its own method: crm_timeline_load has a local named "cursor", which _() would take
        # for the database cursor (and leave the text in English)
        return _('Summary card: %s') % name

    @api.model
    @tools.ormcache('self.env.lang')
    def _crm_timeline_kind_labels(self):
        """The providers' kinds in the language of the request (the one ``_()`` translates
        into), translated once per language (the cache is cleared with Odoo's when
        translations or modules change)."""
        return tuple(self.env['crm.infinity.timeline.provider']._crm_timeline_kinds())

    @api.model
    def _crm_timeline_partner(self, partner_id, check=True):
        """The partner of the card, for internal users only (a portal user reads his own
        partner, not the notes and documents of his company); ``check=False`` leaves the
        record rule to the caller (``crm_timeline_load`` checks it with the roll-up)."""
        if not self.env.user.has_group('base.group_user'):
            raise AccessError(_('The summary card is for internal users only.'))
        try:
            partner = self.env['res.partner'].browse(int(partner_id))
        except (TypeError, ValueError):
            raise UserError(_('Choose a company or a contact.'))
        if check and not partner.exists():  # else the roll-up finds it (one query less)
            raise self._crm_timeline_partner_gone()
        partner.check_access_rights('read')
        if check:
            partner.check_access_rule('read')
        return partner

    @api.model
    def _crm_timeline_partner_gone(self):
        return UserError(_('This company or contact no longer exists.'))

    @api.model
    def _crm_timeline_readable_partners(self, partner_ids):
        """The ids among ``partner_ids`` the viewer reads, searched once per page (the
        card's own check and the messages' source share it)."""
        Provider = self.env['crm.infinity.timeline.provider']
        return Provider._crm_timeline_memo(('res.partner', 'readable', tuple(partner_ids)),
                                           lambda: set(self.env['res.partner'].with_context(
                                               active_test=False).search(
                                               [('id', 'in', list(partner_ids))]).ids))

    @api.model
    def _crm_timeline_rollup(self, partner):
        """``(ids, name, is_company, company_id)`` of the card of ``partner``: the roll-up
        (a company with all its contacts, a contact with the people under it; ids only, found
        as superuser: each provider reads its records as the viewer), its name, whether it is
        a company (in SQL: the ORM would prefetch the whole record; the caller checks the
        viewer's access) and, for the card of a company, its id (read through the index)."""
        Partner = self.env['res.partner'].sudo().with_context(active_test=False)
        # the partner and, for a company, its contacts in one query
        self.env.cr.execute(
            'SELECT p.is_company, p.commercial_partner_id, p.display_name, '
            '       ARRAY(SELECT c.id FROM res_partner c WHERE c.commercial_partner_id = p.id) '
            '  FROM res_partner p WHERE p.id = %s', [partner.id])
        row = self.env.cr.fetchone()
        if not row:
            raise self._crm_timeline_partner_gone()
        is_company, commercial_id, name, contacts = row
        company = is_company or commercial_id == partner.id
        if company:
            ids = contacts
        else:
            ids = Partner.search([('id', 'child_of', partner.id)]).ids
        return (sorted(set(ids) | {partner.id}), name or '', bool(is_company),
                partner.id if company else False)

    @api.model
    def _crm_timeline_invalid_page(self):
        """The error of a page asked with a cursor, limit or filters the client cannot have
        sent (a local named ``cursor`` where ``_()`` runs would keep it untranslated)."""
        return UserError(_('The page of the summary card asked for is not valid: reload the '
                           'card.'))

    @api.model
    def _crm_timeline_cursor(self, position):
        """The cursor of a page (``next`` of the previous one), checked: it comes from the
        client, and it goes into SQL as parameters only."""
        if not position:
            return None
        try:
            if not isinstance(position, dict):
                raise TypeError(position)
            moment = fields.Datetime.from_string(str(position['date'])[:19])
            micro = str(position['date'])[20:26]
            return {'date': '%s.%06d' % (fields.Datetime.to_string(moment), int(micro or 0)),
                    'key': str(position['key']), 'id': int(position['id'])}
        except (KeyError, TypeError, ValueError):
            raise self._crm_timeline_invalid_page()

    @api.model
    def _crm_timeline_fetch(self, partner_ids, kinds, cursor, limit, company_id=None):
        """``(items, next cursor)``: the page of ``limit`` items of ``partner_ids`` after
        ``cursor``, rendered by their providers. The card of a company (``company_id``) is
        read through the index of its items when it can be; otherwise, and for a contact,
        from the sources themselves (``_crm_timeline_select_page``)."""
        Provider = self._crm_timeline_page_provider(partner_ids)
        self = self.with_context(crm_timeline_memo=page_memo(Provider.env))
        if kinds == []:
            return [], False
        selected = None
        if company_id:
            selected = self._crm_index_fetch(company_id, partner_ids, kinds, cursor, limit)
        if selected is None:
            selected = self._crm_timeline_select_page(Provider, partner_ids, kinds, cursor,
                                                      limit)
        sources, window, more = selected
        return self._crm_timeline_page(Provider, sources, window[:limit], more, partner_ids)

    @api.model
    def _crm_timeline_page_provider(self, partner_ids):
        """The providers, bound to this page's memo (a new one outside a page) and to the
        partners of its card."""
        memo = page_memo(self.env)
        if memo is None:  # an empty memo is falsy: test for None
            memo = TimelineMemo()
        return self.env['crm.infinity.timeline.provider'].with_context(
            crm_timeline_memo=memo, crm_timeline_partner_ids=list(partner_ids))

    @api.model
    def _crm_timeline_select_page(self, Provider, partner_ids, kinds, cursor, limit):
        """``(sources, rows, more)``: the sources of every provider, as the viewer, in one
        ``UNION ALL`` ordered on (date, source, id) — a keyset, so pages neither repeat nor
        skip —; ``rows`` the ``(key, id, date)`` of the page, ``more`` whether others follow."""
        memo = page_memo(Provider.env)
        sources = {}
        for source in Provider._crm_timeline_sources(partner_ids, kinds=kinds):
            if Provider._crm_timeline_can_read(source['model']):
                sources[source['key']] = source
        if not sources:
            return sources, [], False
        branches = [(key,) + self._crm_timeline_source_sql(Provider, source)
                    for key, source in sorted(sources.items())]
        hidden = set()  # (key, id) of candidates the viewer may not read (``verify``)
        while True:
            self.env.cr.execute(*self._crm_timeline_union(branches, cursor,
                                                          limit + 1 + len(hidden),
                                                          memo.get(('shared',), ())))
            rows = [row for row in self.env.cr.fetchall() if (row[0], row[1]) not in hidden]
            window = rows[:limit + 1]
            unreadable = self._crm_timeline_unreadable(sources, window)
            if not unreadable:
                break
            hidden |= unreadable
        return sources, window[:limit], len(window) > limit

    @api.model
    def _crm_timeline_page(self, Provider, sources, page, more, partner_ids):
        """``(items, next cursor)`` of the ``(key, id, date)`` rows of a page."""
        items, partner_set = [], set(partner_ids)
        by_key = {}
        for key, rid, _moment in page:
            by_key.setdefault(key, []).append(rid)
        # the page's records were selected under the viewer's rules (or verified): the
        # providers read them without checking the rules a second time
        Provider._crm_timeline_verified(
            (sources[key]['model'], ids) for key, ids in by_key.items()
            if not sources[key].get('sql'))
        rendered = {key: Provider._crm_timeline_render(key, ids) for key, ids in by_key.items()}
        for key, rid, moment in page:
            item = rendered[key].get(rid)
            if item is None:
                continue
            item = dict(item, date=moment)
            if item.get('partner_id') not in partner_set:
                item['partner_id'] = False
            items.append(self._crm_timeline_normalize(item))
        next_cursor = False
        if more and page:
            key, rid, moment = page[-1]
            next_cursor = {'date': str(moment), 'key': key, 'id': rid}
        return items, next_cursor

    @api.model
    def _crm_timeline_union(self, branches, cursor, fetch, shared=()):
        """``(sql, params)`` of the ``fetch`` newest rows of the union of ``branches`` (``(key,
        sql, params)`` of each source) after ``cursor``. Each branch is cut to ``fetch`` too,
        so that each uses its own index and sorts only its newest rows. ``shared``: the
        ``(alias, sql, params)`` of the subqueries the sources share, in the order they were
        made (one may use an earlier one), as materialized ``WITH``s. ``fetch=None``: all the
        rows, unordered (the index of a company is filled so). Keys are ordered bytewise (``COLLATE
        "C"``), as the cursor compares them in Python and as the index orders them."""
        union, params = [], []
        for key, inner, inner_params in branches:
            condition, condition_params = 's.date IS NOT NULL', []
            if cursor:
                if key < cursor['key']:
                    condition += ' AND s.date <= %s'
                    condition_params.append(cursor['date'])
                elif key == cursor['key']:
                    condition += ' AND (s.date < %s OR (s.date = %s AND s.id < %s))'
                    condition_params += [cursor['date'], cursor['date'], cursor['id']]
                else:
                    condition += ' AND s.date < %s'
                    condition_params.append(cursor['date'])
            if fetch is None:  # all the rows, in no order
                union.append('(SELECT %%s::varchar AS key, s.id, s.date FROM (%s) s WHERE %s)'
                             % (inner, condition))
                params += [key] + inner_params + condition_params
                continue
            union.append(
                '(SELECT %%s::varchar AS key, s.id, s.date FROM (%s) s WHERE %s '
                'ORDER BY s.date DESC, s.id DESC LIMIT %%s)' % (inner, condition))
            params += [key] + inner_params + condition_params + [fetch]
        sql = 'SELECT u.key, u.id, u.date FROM (%s) u' % ' UNION ALL '.join(union)
        if fetch is not None:
            sql += ' ORDER BY u.date DESC, u.key COLLATE "C" DESC, u.id DESC LIMIT %s'
            params.append(fetch)
        return self._crm_timeline_with_shared(sql, params, shared)

    @api.model
    def _crm_timeline_with_shared(self, sql, params, shared):
        """``(sql, params)`` preceded by the ``(alias, sql, params)`` subqueries the sources
        share, as materialized ``WITH``s (planned and run once)."""
        if not shared:
            return sql, params
        return ('WITH %s %s' % (', '.join('%s AS MATERIALIZED (%s)' % (alias, inner)
                                          for alias, inner, _params in shared), sql),
                [param for _alias, _inner, inner in shared for param in inner] + params)

    @api.model
    def _crm_timeline_source_sql(self, Provider, source):
        """``(sql, params)`` selecting ``id`` and ``date`` of a source, the viewer's record
        rules included."""
        if source.get('sql'):
            return source['sql'], list(source['params'])
        table = self.env[source['model']]._table
        column = '"%s"."%s"' % (table, source['date'])
        if source['is_date']:
            column = "(%s + time '12:00')" % column
        domain = source['domain']
        memo = page_memo(self.env)
        if memo is None:
            memo = page_memo(Provider.env)
        if source.get('due') and not (memo is not None and memo.get(INDEXING)):
            # an item on its date once that is past (the index holds it before: it is read
            # only when its date is near, and kept only if this condition holds then)
            domain = list(domain) + [(source['date'], '<', Provider._crm_timeline_now(
                source['is_date']))]
        return Provider._crm_timeline_select(source['model'], domain, source['where'],
                                             '"%s".id AS id, %s AS date' % (table, column))

    @api.model
    def _crm_timeline_unreadable(self, sources, rows):
        """``{(key, id)}`` of the rows of ``verify`` sources that an ORM search as the viewer
        does not return (``mail.message`` filters on the documents of the messages)."""
        unreadable = set()
        by_key = {}
        for key, rid, _moment in rows:
            if sources[key].get('verify'):
                by_key.setdefault(key, []).append(rid)
        for key, ids in by_key.items():
            Model = self.env[sources[key]['model']].with_context(active_test=False)
            readable = set(Model.search([('id', 'in', ids)]).ids)
            unreadable |= {(key, rid) for rid in ids if rid not in readable}
        return unreadable

    @api.model
    def _crm_timeline_gap_days(self):
        value = self.env['ir.config_parameter'].sudo().get_param(GAP_DAYS_PARAM)
        try:
            return max(int(value), 1) if value else DEFAULT_GAP_DAYS
        except ValueError:
            return DEFAULT_GAP_DAYS

    @api.model
    def _crm_timeline_normalize(self, item):
        item = {key: False if value is None else value for key, value in item.items()}
        moment = item.get('date')
        if isinstance(moment, datetime):
            moment = fields.Datetime.to_string(moment)
        elif isinstance(moment, date):
            moment = fields.Datetime.to_string(datetime.combine(moment, time(12)))
        elif isinstance(moment, str) and len(moment) == 10:
            moment = moment + ' 12:00:00'
        item['date'] = (moment or '')[:19]
        body = item.get('body') or ''
        if len(body) > BODY_CHARS:
            body = body[:BODY_CHARS - 1].rstrip() + '…'
        item['body'] = body
        return item

    @api.model
    def _crm_timeline_display(self, items, partner, kinds):
        """Add what the client shows: the kind label, the local date, who, and the roll-up
        ("via contatto X", "via ticket #12"). ``kinds``: ``{code: label}``."""
        user_ids = list({item['user_id'] for item in items if item.get('user_id')})
        partner_ids = list({item['partner_id'] for item in items
                            if item.get('partner_id') and item['partner_id'] != partner.id})
        # the names of the users and of the contacts of the card the items show (read in
        # SQL: as the ORM would read them as superuser, without loading the whole records)
        users, partners = {}, {}
        if user_ids:
            self.env.cr.execute('SELECT u.id, p.name FROM res_users u JOIN res_partner p '
                                'ON p.id = u.partner_id WHERE u.id = ANY(%s)', [user_ids])
            users = dict(self.env.cr.fetchall())
        if partner_ids:
            partners = self.env['crm.infinity.timeline.provider']._crm_timeline_partner_names(
                partner_ids)
        parents = {}
        for item in items:
            if item.get('parent_model') and item.get('parent_id'):
                parents.setdefault(item['parent_model'], set()).add(item['parent_id'])
        parent_names = {}
        for model, ids in parents.items():
            if not self.env['crm.infinity.timeline.provider']._crm_timeline_can_read(model):
                continue
            readable = self.env[model].with_context(active_test=False).search(
                [('id', 'in', list(ids))])
            parent_names.update({(model, rid): name for rid, name in readable.name_get()})
        tz, money = self._crm_timeline_viewer_formats()
        for item in items:
            local = pytz.utc.localize(datetime.fromisoformat(item['date'])).astimezone(tz)
            item['date_display'] = local.strftime('%d/%m/%Y %H:%M')
            item['kind_name'] = kinds.get(item['kind'], item['kind'])
            item['user_name'] = users.get(item.get('user_id')) or ''
            via = []
            if item.get('partner_id') in partners:
                via.append(partners[item['partner_id']])
            parent = parent_names.get((item.get('parent_model'), item.get('parent_id')))
            if parent:
                via.append(parent)
            item['via'] = ', '.join(via)
            if isinstance(item.get('amount'), (int, float)) and item.get('amount') is not False:
                item['amount_display'] = money(item['amount'])

    @api.model
    def _crm_timeline_viewer_formats(self):
        """``(tz, money)``: the viewer's time zone and a formatter of amounts in his company's
        currency and his language, as MyDesk shows them (read in one query: through the ORM,
        the user's and the company's whole records)."""
        self.env.cr.execute('SELECT p.tz, cur.symbol, cur.position FROM res_users u '
                            'JOIN res_partner p ON p.id = u.partner_id '
                            'JOIN res_company co ON co.id = u.company_id '
                            'JOIN res_currency cur ON cur.id = co.currency_id WHERE u.id = %s',
                            [self.env.uid])
        tz_name, symbol, position = self.env.cr.fetchone() or (None, '', 'after')
        tz = self.env['crm.infinity.desk.provider']._crm_desk_tz_named(tz_name)
        after = position == 'after'
        grouping, thousands = self._crm_timeline_lang_grouping(self.env.lang or 'en_US')

        def money(value):
            # the integer's digits grouped as res.lang.format groups them
            digits = '%.0f' % (value or 0.0)
            text = ('-' if digits.startswith('-') else '') + intersperse(
                digits.lstrip('-'), list(grouping), thousands)[0]
            if not symbol:
                return text
            return '%s %s' % (text, symbol) if after else '%s %s' % (symbol, text)
        return tz, money

    @api.model
    @tools.ormcache('code')
    def _crm_timeline_lang_grouping(self, code):
        """``(grouping, thousands separator)`` of the language ``code``, as ``res.lang.format``
        groups digits (cached: read once, the cache is cleared when languages change)."""
        lang = self.env['res.lang']._lang_get(code)
        if not lang:
            return (), ''
        grouping, thousands, _decimal = lang._data_get(monetary=False)
        return tuple(safe_eval(grouping)), thousands or ''

    @api.model
    def _crm_timeline_gaps(self, items, gap_days, first=True, previous=None):
        """The items with a ``gap`` marker wherever ``gap_days`` days or more passed without
        an item (also between now and the newest item, on the first page)."""
        result = []
        newer = fields.Datetime.now() if first else previous
        for item in items:
            if newer:
                # the dates are Odoo's 'YYYY-MM-DD HH:MM:SS' (fromisoformat: no strptime)
                days = (datetime.fromisoformat(newer) - datetime.fromisoformat(item['date'])).days
                if days >= gap_days:
                    result.append({'kind': 'gap', 'days': days,
                                   'title': _('%d days without events') % days})
            result.append(item)
            newer = item['date']
        return result


class CrmInfinityTimelineProvider(models.AbstractModel):
    """The items of base on the card: the chatter messages of the company and its contacts
    (and the e-mails they sent on any document), the communications (calls, SMS, e-mails)
    logged with them, and the primanota lines of their records."""

    _inherit = 'crm.infinity.timeline.provider'

    @api.model
    def _crm_timeline_kinds(self):
        return super()._crm_timeline_kinds() + [
            ('message', _('Messages')),
            ('communication', _('Communications')),
            ('primanota', _('Primanota')),
        ]

    @api.model
    def _crm_timeline_sources(self, partner_ids, kinds=None):
        sources = super()._crm_timeline_sources(partner_ids, kinds=kinds)
        if self._crm_timeline_wants('message', kinds):
            # the notes and e-mails on the partners he reads; the e-mails they sent on other
            # documents, kept only where he reads the document (mail.message's own search)
            # (the partners he reads as a list: a subquery would keep the planner from
            # walking the index of the partners' messages by date)
            readable = sorted(self.env['crm.infinity.timeline']._crm_timeline_readable_partners(
                partner_ids))
            sources += [
                self._crm_timeline_source(
                    'message', 'message', 'mail.message',
                    [('model', '=', 'res.partner'), ('res_id', 'in', readable or [0]),
                     ('message_type', 'in', ('comment', 'email'))], 'date'),
                self._crm_timeline_source(
                    'message_sent', 'message', 'mail.message',
                    [('author_id', 'in', partner_ids), ('message_type', '=', 'email'),
                     ('model', '!=', 'res.partner')], 'date', verify=True),
            ]
        if self._crm_timeline_wants('communication', kinds):
            sources.append(self._crm_timeline_source(
                'communication', 'communication', 'crm.infinity.communication',
                [('partner_id', 'in', partner_ids)], 'date'))
        if self._crm_timeline_wants('primanota', kinds):
            records = self._crm_timeline_primanota_records(partner_ids)
            clauses, params = [], []
            for model, (sql, sql_params) in sorted(records.items()):
                clauses.append('("crm_infinity_primanota"."res_model" = %%s AND '
                               '"crm_infinity_primanota"."res_id" IN (%s))' % sql)
                params += [model] + list(sql_params)
            if clauses:
                sources.append(self._crm_timeline_source(
                    'primanota', 'primanota', 'crm.infinity.primanota', [], 'date',
                    where=[(' OR '.join(clauses), params)]))
        return sources

    @api.model
    def _crm_timeline_watches(self):
        return super()._crm_timeline_watches() + [
            # a contact moved to another company: both cards change (all their sources)
            {'table': 'res_partner', 'keys': None, 'events': ('update', 'delete'),
             'columns': ['commercial_partner_id'],
             'partners': 'SELECT r.commercial_partner_id FROM {rows} r'},
            {'table': 'mail_message', 'keys': ['message', 'message_sent'],
             'columns': ['model', 'res_id', 'author_id', 'message_type', 'date'],
             'partners': "SELECT r.res_id FROM {rows} r WHERE r.model = 'res.partner' "
                         "UNION ALL SELECT r.author_id FROM {rows} r "
                         "WHERE r.message_type = 'email'"},
            {'table': 'crm_infinity_communication', 'keys': ['communication'],
             'columns': ['partner_id', 'date'],
             'partners': 'SELECT r.partner_id FROM {rows} r'},
        ] + [self._crm_timeline_primanota_watch(model, table, column) for model, table, column in
             self._crm_timeline_primanota_tables()]

    @api.model
    def _crm_timeline_primanota_tables(self):
        """``(model, table, partner column)`` of the records whose primanota lines show on
        the card (as ``_crm_timeline_primanota_records``), for the index's watches; the
        addon that adds a model there adds it here, and watches the partner column of its
        table itself."""
        return [('res.partner', 'res_partner', 'id')]

    @api.model
    def _crm_timeline_primanota_watch(self, model, table, column):
        return {'table': 'crm_infinity_primanota', 'keys': ['primanota'],
                'partners': 'SELECT t."%s" FROM {rows} r JOIN "%s" t ON t.id = r.res_id '
                            "WHERE r.res_model = '%s'" % (column, table, model)}

    @api.model
    def _crm_timeline_primanota_records(self, partner_ids):
        """``{model: (sql, params)}``: subqueries of the ids of the records whose primanota
        lines show on the card; addons add theirs (deals, tickets) with ``super()``, as
        ``_crm_timeline_ids_sql`` of what the viewer reads."""
        return {'res.partner': ('SELECT unnest(%s::int[])', [list(partner_ids)])}

    @api.model
    def _crm_timeline_render(self, key, ids):
        if key in ('message', 'message_sent'):
            return self._crm_timeline_messages(ids)
        if key == 'communication':
            return self._crm_timeline_communications(ids)
        if key == 'primanota':
            return self._crm_timeline_primanota(ids)
        return super()._crm_timeline_render(key, ids)

    @api.model
    def _crm_timeline_messages(self, ids):
        rows = self._crm_timeline_read_ids(
            'mail.message', ids, ['subject', 'message_type', 'body', 'model', 'res_id',
                                  'author_id'])
        authors = self._crm_timeline_partner_names(
            [row['author_id'] for row in rows.values() if row['author_id']])
        email, note = _('E-mail'), _('Note')
        items = {}
        for rid, row in rows.items():
            on_partner = row['model'] == 'res.partner'
            items[rid] = {
                'kind': 'message',
                'title': row['subject'] or (email if row['message_type'] == 'email' else note),
                'body': html2plaintext(row['body'] or '').strip(),
                'res_model': row['model'] or 'res.partner',
                'res_id': row['res_id'] or row['author_id'],
                'partner_id': row['res_id'] if on_partner else row['author_id'],
                'user_id': False, 'author': authors.get(row['author_id'], ''),
            }
        return items

    @api.model
    def _crm_timeline_communications(self, ids):
        kinds = self._crm_timeline_labels('crm.infinity.communication', 'kind')
        rows = self._crm_timeline_read_ids(
            'crm.infinity.communication', ids,
            ['kind', 'subject', 'note', 'partner_id', 'user_id'])
        return {rid: {
            'kind': 'communication',
            'title': '%s: %s' % (kinds.get(row['kind'], row['kind']), row['subject']),
            'body': row['note'] or '', 'res_model': 'crm.infinity.communication',
            'res_id': rid, 'partner_id': row['partner_id'], 'user_id': row['user_id'],
        } for rid, row in rows.items()}

    @api.model
    def _crm_timeline_primanota(self, ids):
        rows = self._crm_timeline_read_ids(
            'crm.infinity.primanota', ids,
            ['event_code', 'res_name', 'note', 'res_model', 'res_id', 'user_id'])
        # the operations' names as the line's event_label gives them (its plain columns are
        # read in one query, the names of these codes in another)
        codes = sorted({row['event_code'] for row in rows.values() if row['event_code']})
        labels = self.env['crm.infinity.primanota'].with_context(
            crm_event_codes=codes)._operation_labels() if codes else {}
        return {rid: {
            'kind': 'primanota',
            'title': '%s: %s' % (labels.get(row['event_code'], row['event_code']) or '',
                                 row['res_name'] or ''),
            'body': row['note'] or '', 'res_model': 'crm.infinity.primanota', 'res_id': rid,
            'partner_id': row['res_id'] if row['res_model'] == 'res.partner' else False,
            'user_id': row['user_id'],
        } for rid, row in rows.items()}
