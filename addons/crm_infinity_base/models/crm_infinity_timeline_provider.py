from odoo import api, fields, models
from odoo.addons.mail.models.mail_message import Message
from odoo.models import BaseModel


class TimelineMemo(dict):
    """What one page of the card computes once (``crm_timeline_memo`` in the context). A
    class of its own: a client's context is JSON and cannot hold one, so nothing a client
    sends is ever taken for the engine's memo (its subqueries go into SQL). Equal only to
    itself: Odoo reuses an environment whose context is *equal*, and a client's empty dict
    (or another page's memo) must not stand for this one."""

    __hash__ = object.__hash__

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other


# in the memo of the page: the sources are asked for the index of a company (as the superuser,
# "due" items before their date), never for a viewer's page
INDEXING = ('indexing',)


def page_memo(env):
    """The memo of the card's page being made, or ``None`` outside one."""
    memo = env.context.get('crm_timeline_memo')
    return memo if isinstance(memo, TimelineMemo) else None


# read() overrides that only check the rules the page's selection already applied
# (mail.message's calls check_access_rule, which the ORM's read does not)
ACCESS_ONLY_READS = (vars(BaseModel)['read'], vars(Message)['read'])


def plain_read(Model):
    """True when no addon overrides ``read()`` of ``Model`` beyond an access check: an
    override may show a viewer other values than the columns (calendar.event shows "Busy"
    for the private events of others), so such records are read through it, as the viewer."""
    return all(vars(cls)['read'] in ACCESS_ONLY_READS
               for cls in type(Model).__mro__ if 'read' in vars(cls))


# field types read in SQL for the card, with the value Odoo's read() gives for a column value
SQL_READABLE = {
    'char': lambda value: False if value is None else value,
    'text': lambda value: False if value is None else value,
    'html': lambda value: False if value is None else value,
    'selection': lambda value: False if value is None else value,
    'many2one': lambda value: value or False,
    'integer': lambda value: value or 0,
    'float': lambda value: value or 0.0,
    'monetary': lambda value: value or 0.0,
    'boolean': bool,
    # Odoo's cursor gives dates as text (a datetime may carry microseconds, read() drops them)
    'date': lambda value: str(value)[:10] if value else False,
    'datetime': lambda value: str(value)[:19] if value else False,
}


class CrmInfinityTimelineProvider(models.AbstractModel):
    """Extension point of the *Scheda riepilogo* (B10): one chronological timeline per customer.

    Every addon ``_inherit``s this model in its own ``models/crm_infinity_timeline.py`` and
    extends three methods with ``super()``::

        class CrmInfinityTimelineProvider(models.AbstractModel):
            _inherit = 'crm.infinity.timeline.provider'

            @api.model
            def _crm_timeline_kinds(self):
                return super()._crm_timeline_kinds() + [('ticket', _('Tickets'))]

            @api.model
            def _crm_timeline_sources(self, partner_ids, kinds=None):
                sources = super()._crm_timeline_sources(partner_ids, kinds=kinds)
                if self._crm_timeline_wants('ticket', kinds):
                    sources.append(self._crm_timeline_source(
                        'ticket_opened', 'ticket', 'crm.infinity.ticket',
                        [('partner_id', 'in', partner_ids)], 'create_date'))
                return sources

            @api.model
            def _crm_timeline_render(self, key, ids):
                if key != 'ticket_opened':
                    return super()._crm_timeline_render(key, ids)
                rows = self._crm_timeline_read_ids('crm.infinity.ticket', ids, ['name', ...])
                return {row['id']: {'kind': 'ticket', 'title': ..., ...} for row in rows}

    How a page is made (``crm.infinity.timeline``): the providers *describe* their sources
    (a model, a domain, a date column; or a SQL select of ``id`` and ``date``), the engine turns
    each into SQL **with the viewer's record rules** (``_where_calc`` + ``_apply_ir_rules``, as
    ``search`` does), runs them all as one ``UNION ALL`` ordered on the date with the page's
    limit, and only then asks the providers to render the few ids of the page
    (``_crm_timeline_render``, reading as the viewer). The first page costs one query however
    many kinds and items there are.

    Contract of a source (``_crm_timeline_source`` builds one):

    * ``key``: unique code of the source (``'ticket_opened'``); ``kind``: a code of
      ``_crm_timeline_kinds()`` (the filter it belongs to);
    * ``model`` and ``domain``: the records, searched **as the viewer** (his record rules are
      added by the engine); ``date``: the column the item is dated by (UTC datetime; a Date
      column with ``is_date=True`` is placed at 12:00 UTC of its day); ``where``: optional
      list of ``(sql, params)`` added with AND, e.g. ``"ticket_id" IN (subquery)`` where the
      subquery is ``_crm_timeline_ids_sql(model, domain)`` (the ids the viewer reads);
    * or ``sql`` / ``params``: a select of ``id`` and ``date`` (e.g. the tracking values of the
      deals the viewer reads); ``model`` is then the model whose read access gates the source;
    * ``verify``: the model filters its searches beyond record rules (``mail.message``): the
      engine keeps only the ids an ORM ``search`` as the viewer returns;
    * ``partner_ids`` is the roll-up (the company and all its contacts, the engine's job):
      sources match their records on *any* of them;
    * a source of a model the viewer cannot read at all is not asked for
      (``_crm_timeline_can_read``); kinds not asked are not returned
      (``_crm_timeline_wants(kind, kinds)``).

    ``_crm_timeline_render(key, ids)`` returns ``{id: item}`` for the ids of the page (an id it
    cannot show is left out), item being a dict with the keys:

      ``kind``      a code of ``_crm_timeline_kinds()``
      ``title``     short text, already translated (``_()``), e.g. "Offerta S00042 inviata"
      ``body``      plain text (no HTML) or ``''``; the engine shortens it
      ``res_model`` the source record, opened by the link of the item
      ``res_id``
      ``partner_id`` the ``res.partner`` id it belongs to (one of ``partner_ids``; drives the
                    "via contatto X" roll-up label)
      ``user_id``   ``res.users`` id of who did it / owns it, or ``False``

      optional: ``parent_model`` / ``parent_id`` (e.g. the ticket of an SLA event, shown as
      "via ticket #12"), ``amount`` (float, shown formatted), ``state`` (short translated text).
      The date is the source's (the engine sets it).
    """
    _name = 'crm.infinity.timeline.provider'
    _description = 'Summary card provider'

    @api.model
    def _crm_timeline_kinds(self):
        """Return the list of ``(code, label)`` of the kinds this addon contributes (labels
        translated, they are the filters of the card)."""
        return []

    @api.model
    def _crm_timeline_sources(self, partner_ids, kinds=None):
        """Return the sources of the items of ``partner_ids`` (see the class docstring)."""
        return []

    @api.model
    def _crm_timeline_render(self, key, ids):
        """Return ``{id: item}`` of the ids of source ``key`` (see the class docstring)."""
        return {}

    # Helpers for providers ------------------------------------------------------------------

    @api.model
    def _crm_timeline_wants(self, kind, kinds):
        return kinds is None or kind in kinds

    @api.model
    def _crm_timeline_can_read(self, model):
        """True when ``model`` is installed and the viewer has read access to it."""
        if model not in self.env:
            return False
        return self.env[model].check_access_rights('read', raise_exception=False)

    @api.model
    def _crm_timeline_source(self, key, kind, model, domain, date, is_date=False, where=(),
                             verify=False, due=False):
        """A source of records of ``model`` dated by the column ``date``; ``due``: an item
        only once its date is past (a planned end passed), the engine adds that condition."""
        return {'key': key, 'kind': kind, 'model': model, 'domain': domain, 'date': date,
                'is_date': is_date, 'where': list(where), 'verify': verify, 'due': due}

    @api.model
    def _crm_timeline_now(self, is_date):
        """What a ``due`` item's date is compared with: the viewer's today for a date, now
        for a datetime."""
        return fields.Date.context_today(self) if is_date else fields.Datetime.now()

    @api.model
    def _crm_timeline_watches(self):
        """The tables whose changes move items of the card, for its index (see
        ``crm_infinity_timeline_index``): a list of dicts

          ``table``    the table (its rows must have an ``id``)
          ``partners`` a select of the ids of the partners the changed rows concern, reading
                       the rows as ``{rows}`` (e.g. ``SELECT r.partner_id FROM {rows} r``);
                       it runs on the rows before and after the change
          ``keys``     the source keys to redo for those partners' companies (``None``: all)
          ``columns``  optional: an update concerns the card only when one of them changed
          ``events``   optional: the changes watched, among ``('insert', 'update', 'delete')``

        A table may be watched by several providers. Extra partners only cost a redo; a
        partner missed leaves an item off the card of an indexed company until its next
        redo: every source must be covered."""
        return []

    @api.model
    def _crm_timeline_sql_source(self, key, kind, model, sql, params):
        """A source given as a select of ``id`` and ``date`` (``model`` gates it)."""
        return {'key': key, 'kind': kind, 'model': model, 'sql': sql, 'params': list(params),
                'verify': False}

    @api.model
    def _crm_timeline_ids_sql(self, model, domain, where=()):
        """``(sql, params)`` of the ids of ``model`` matching ``domain`` (and ``where``) that
        the viewer reads (his record rules applied, archived records included): a subquery
        for the ``where`` of a source."""
        return self._crm_timeline_select(model, domain, where, '"%s".id' % self.env[model]._table)

    @api.model
    def _crm_timeline_select(self, model, domain, where, columns):
        """``(sql, params)`` of ``SELECT columns`` of ``model`` matching ``domain`` and the
        ``(sql, params)`` clauses of ``where``, the viewer's record rules applied as
        ``search`` applies them (``_where_calc`` and ``_apply_ir_rules``)."""
        Model = self.env[model].with_context(active_test=False)
        query = Model._where_calc(domain)
        Model._apply_ir_rules(query, 'read')
        from_clause, where_clause, params = query.get_sql()
        clauses, params = ([where_clause] if where_clause else []), list(params)
        for clause, clause_params in where:
            clauses.append('(%s)' % clause)
            params += list(clause_params)
        sql = 'SELECT %s FROM %s' % (columns, from_clause)
        if clauses:
            sql += ' WHERE ' + ' AND '.join(clauses)
        return sql, params

    @api.model
    def _crm_timeline_column(self, model, field):
        """``"table"."column"`` of ``field`` of ``model``, for ``where`` clauses."""
        return '"%s"."%s"' % (self.env[model]._table, self.env[model]._fields[field].name)

    @api.model
    def _crm_timeline_read_ids(self, model, ids, fields_):
        """``{id: row}`` of the records ``ids`` of ``model``, read as the viewer, only
        ``fields_``; many2one values as ids and, for the fields named ``<field>_name`` in
        ``fields_``, the name in ``<field>_name`` (as Odoo's ``read`` shows it: ``name_get``
        of the related record, whoever may read it). Records of the page (selected by the
        engine under the viewer's rules) are not checked against the rules again; any other
        record is read as the viewer (an error if he may not read it, never a leak)."""
        Model = self.env[model].with_context(active_test=False)
        names = [name[:-len('_name')] for name in fields_ if name.endswith('_name') and
                 name not in Model._fields]
        columns = [name for name in fields_ if name in Model._fields] + [
            name for name in names if name not in fields_]
        verified = self._crm_timeline_memo(('verified', self.env.uid, model), set)
        if ids and set(ids) <= verified and plain_read(Model):
            # the page's own records, selected under his rules: his field access still holds
            Model.check_field_access_rights('read', columns)
            rows = self._crm_timeline_read_sql(Model, ids, columns)
            if rows is None:
                rows = Model.sudo().browse(ids).read(columns, load='_classic_write')
        else:
            rows = Model.browse(ids).read(columns, load='_classic_write')
        for name in names:
            comodel = Model._fields[name].comodel_name
            related = {value for value in (row[name] for row in rows) if value}
            shown = dict(self.env[comodel].sudo().browse(list(related)).name_get())
            for row in rows:
                row[name + '_name'] = shown.get(row[name], '')
        return {row['id']: row for row in rows}

    @api.model
    def _crm_timeline_read_sql(self, Model, ids, columns):
        """The rows ``read(columns, load='_classic_write')`` would return, in one query,
        when every column is a plain column of the model's table (``None`` otherwise: the
        caller reads through the ORM). Only for records already checked."""
        fields_ = [Model._fields[name] for name in columns]
        if not all(field.store and field.column_type and not field.inherited and
                   field.type in SQL_READABLE and not getattr(field, 'translate', False) and
                   not field.company_dependent for field in fields_):
            return None
        self.env.cr.execute('SELECT id, %s FROM "%s" WHERE id = ANY(%%s)' % (
            ', '.join('"%s"' % field.name for field in fields_), Model._table), [list(ids)])
        rows = []
        for values in self.env.cr.fetchall():
            row = {'id': values[0]}
            for field, value in zip(fields_, values[1:]):
                row[field.name] = SQL_READABLE[field.type](value)
            rows.append(row)
        return rows

    @api.model
    def _crm_timeline_verified(self, records):
        """Note ``records`` (``(model, ids)`` pairs) as selected by the engine under the
        viewer's record rules for this page (a key a client's context cannot forge)."""
        for model, ids in records:
            self._crm_timeline_memo(('verified', self.env.uid, model), set).update(ids)

    @api.model
    def _crm_timeline_partner_names(self, partner_ids):
        """``{id: name}`` of partners an item shows (its author, its contact), in SQL: as the
        ORM reads many2one names, past the rules, without loading each whole record. In a
        page, the names of the card's own partners come with the first ask (the contacts the
        items come through are asked again by the display)."""
        wanted = set(partner_ids)
        if not wanted:
            return {}
        memo = page_memo(self.env)
        known = memo.setdefault(('partner_names',), {}) if memo is not None else {}
        missing = wanted - set(known)
        if missing:
            if memo is not None:
                missing |= set(self.env.context.get('crm_timeline_partner_ids') or ()) - set(known)
            self.env.cr.execute('SELECT id, name FROM res_partner WHERE id = ANY(%s)',
                                [sorted(missing)])
            known.update(self.env.cr.fetchall())
        return {pid: known[pid] for pid in wanted if pid in known}

    @api.model
    def _crm_timeline_labels(self, model, field):
        """``{value: label}`` of a selection field, in the viewer's language."""
        return dict(self.env[model]._fields[field]._description_selection(self.env))

    @api.model
    def _crm_timeline_shared_ids(self, name, compute):
        """``(sql, params)`` of a subquery of ids several sources share (the deals, tickets,
        nominativi, commesse the viewer reads): ``compute()`` once per page, run once in the
        page's query as a materialized ``WITH`` (planned and executed once, not once per
        source that uses it). Only for the sources' SQL (it names the page's ``WITH``)."""
        memo = page_memo(self.env)
        if memo is None:
            return compute()
        key = ('shared', name)
        if key not in memo:
            sql, params = compute()  # may register the subqueries it uses first
            ctes = memo.setdefault(('shared',), [])
            alias = 'crm_timeline_shared_%d' % len(ctes)
            ctes.append((alias, sql, list(params)))
            memo[key] = ('SELECT id FROM %s' % alias, [])
        return memo[key]

    @api.model
    def _crm_timeline_memo(self, key, compute):
        """``compute()`` once per page of the card: providers share what several of them
        need (e.g. the subquery of the deals of the partners)."""
        memo = page_memo(self.env)
        if memo is None:
            return compute()
        if key not in memo:
            memo[key] = compute()
        return memo[key]
