"""The index of the *Scheda riepilogo* of a company: its items in one table, kept by triggers.

The sources of the providers stay the one description of what a card shows. The index only
says *where to look*: for every company already opened, the ``(source, record, date)`` of all
its items as the superuser sees them (a superset of what any viewer sees). A page reads the
newest candidates of the index with one index scan, and keeps those that the viewer's own
sources return for those ids (his record rules, the sources' conditions, the same date): what
he may not read is dropped, and more candidates are read until the page is full.

The index is kept in the database: every addon names, in ``_crm_timeline_watches()``, the
tables whose changes move items and the partners they concern; a statement trigger on each
such table queues the companies concerned with the sources to redo (every company: one whose
first index another transaction is making must keep the change). A card, or the cron, redoes
the queued sources of an indexed company from the sources themselves, as superuser, before
reading; the cron forgets the queue of companies without an index after six hours. A change of the watches or of the providers' code
(an addon installed or upgraded) empties the index; it is rebuilt company by company.
"""
import hashlib
import inspect
import logging

import psycopg2

from odoo import api, models

from .crm_infinity_timeline_provider import INDEXING, TimelineMemo, page_memo

_logger = logging.getLogger(__name__)

ITEM = 'crm_infinity_timeline_item'
BUILT = 'crm_infinity_timeline_built'
DIRTY = 'crm_infinity_timeline_dirty'
ALL_KEYS = '*'
WATCH = 'crm_timeline_watch'
INSTALL_LOCK = 71_20_17  # advisory lock of the triggers' installation
REFRESH_LOCK = 71_20_18  # advisory locks (REFRESH_LOCK, company) of a company being redone
# a candidate batch grows this much each round; after MAX_ROUNDS the page is made without
# the index (a viewer who reads little of a large company)
GROWTH = 4
MAX_ROUNDS = 4
SLACK = 8  # at least; the first batch is half a page larger than the page
FORGET_AFTER = '6 hours'
# a "due" item (planned end passed) is a candidate once its date is this near: the sources
# compare with the viewer's today, the index with the server's clock
DUE_MARGIN = "interval '1 day'"


def drop_triggers(cr):
    """Drop the index's triggers on every table (their functions stay, remade with them)."""
    cr.execute("""SELECT t.tgname, c.relname FROM pg_trigger t
                    JOIN pg_class c ON c.oid = t.tgrelid
                   WHERE t.tgname LIKE %s AND NOT t.tgisinternal""", [WATCH + '\\_%'])
    for trigger, table in cr.fetchall():
        cr.execute('DROP TRIGGER IF EXISTS "%s" ON "%s"' % (trigger, table))


def drop_index(cr):
    """Remove the index: its triggers and their functions on every table, its tables (the
    module's uninstall: left there, the triggers would queue every change forever)."""
    drop_triggers(cr)
    cr.execute("SELECT proname FROM pg_proc WHERE proname LIKE %s", [WATCH + '\\_%'])
    for function, in cr.fetchall():
        cr.execute('DROP FUNCTION IF EXISTS "%s"()' % function)
    cr.execute('DROP TABLE IF EXISTS %s, %s, %s' % (ITEM, BUILT, DIRTY))


class CrmInfinityTimeline(models.AbstractModel):
    _inherit = 'crm.infinity.timeline'

    @api.model_cr
    def init(self):
        super().init()
        cr = self.env.cr
        cr.execute("""CREATE TABLE IF NOT EXISTS %s (
                          commercial_id integer NOT NULL,
                          key varchar COLLATE "C" NOT NULL,
                          res_id integer NOT NULL,
                          date timestamp NOT NULL,
                          kind varchar NOT NULL,
                          due boolean NOT NULL DEFAULT false)""" % ITEM)
        # walked backwards: ascending, so that the cursor's row comparison is an index bound
        cr.execute("""CREATE INDEX IF NOT EXISTS %s_page_idx
                          ON %s (commercial_id, date, key, res_id)""" % (ITEM, ITEM))
        cr.execute("""CREATE TABLE IF NOT EXISTS %s (
                          commercial_id integer PRIMARY KEY,
                          date timestamp NOT NULL)""" % BUILT)
        cr.execute("""CREATE TABLE IF NOT EXISTS %s (
                          id bigserial PRIMARY KEY,
                          commercial_id integer NOT NULL,
                          key varchar NOT NULL,
                          created timestamp NOT NULL
                              DEFAULT (clock_timestamp() at time zone 'utc'))""" % DIRTY)
        cr.execute('CREATE INDEX IF NOT EXISTS %s_commercial_idx ON %s (commercial_id)'
                   % (DIRTY, DIRTY))
        # the modules are being installed or upgraded: their tables may change under the
        # triggers, which are made again (and the index emptied) once all are loaded
        self._crm_index_drop_triggers()

    # -- the watches: triggers made from the providers' declarations ---------------------------

    @api.model_cr
    def _register_hook(self):
        super()._register_hook()
        self._crm_index_install()

    @api.model
    def _crm_index_install(self):
        """Create the triggers of the providers' watches when they (or the providers' code)
        changed since the index was filled, or were dropped by an upgrade, and empty the index
        then. Done once per change: the signature is kept as the comment of the index table."""
        cr = self.env.cr
        cr.execute("SELECT to_regclass(%s) IS NOT NULL", [ITEM])
        if not cr.fetchone()[0]:
            return  # the module's tables are not made yet (first install)
        Provider = self.env['crm.infinity.timeline.provider'].sudo()
        watches = Provider._crm_timeline_watches()
        ddl = self._crm_index_ddl(watches)
        signature = self._crm_index_signature(Provider, ddl)
        cr.execute("""SELECT obj_description(%s::regclass),
                             (SELECT count(*) FROM pg_trigger WHERE tgname LIKE %s)""",
                   [ITEM, WATCH + '%'])
        current, triggers = cr.fetchone()
        if current == signature and triggers == sum(1 for statement in ddl
                                                     if statement.startswith('CREATE TRIGGER')):
            return
        try:
            with cr.savepoint():
                cr.execute('SELECT pg_advisory_xact_lock(%s)', [INSTALL_LOCK])
                self._crm_index_drop_triggers()
                for statement in ddl:
                    cr.execute(statement)
                cr.execute('TRUNCATE %s, %s, %s' % (ITEM, BUILT, DIRTY))
                cr.execute("COMMENT ON TABLE %s IS '%s'" % (ITEM, signature))
        except psycopg2.Error:
            # another process is doing it; this one reads the cards without the index (its
            # triggers may be missing: nothing would queue the changes) until its registry is
            # loaded again
            self.pool.crm_timeline_index_off = True
            _logger.warning('Scheda riepilogo: the index triggers could not be installed now',
                            exc_info=True)

    @api.model
    def _crm_index_signature(self, Provider, ddl):
        """A digest of the triggers and of the code of every provider method: a new version of
        a source invalidates what the index holds."""
        digest = hashlib.sha256()
        for statement in ddl:
            digest.update(statement.encode())
        for cls in type(Provider).__mro__:
            for name, member in sorted(vars(cls).items()):
                if name.startswith('_crm_timeline') and callable(member):
                    try:
                        digest.update(inspect.getsource(member).encode())
                    except (OSError, TypeError):
                        digest.update(name.encode())
        return digest.hexdigest()

    @api.model
    def _crm_index_drop_triggers(self):
        drop_triggers(self.env.cr)

    @api.model
    def _crm_index_ddl(self, watches):
        """The statements creating one function and three statement triggers (insert, update,
        delete) per watched table. Each queues ``(company, source key)`` for the companies
        whose partners the changed rows (before and after) concern — whether their index is
        made or not: a company whose index another transaction is making right now is not
        "made" in this one's snapshot, yet that index misses this change (REPEATABLE READ),
        which the queue keeps for its next read. The cron forgets the changes of companies
        without an index after a while."""
        by_table = {}
        for watch in watches:
            by_table.setdefault(watch['table'], []).append(watch)
        statements = []
        for table in sorted(by_table):
            for event, row_sets in (('insert', ['new']), ('update', ['new', 'old']),
                                    ('delete', ['old'])):
                parts = []
                for watch in by_table[table]:
                    if event not in watch.get('events', ('insert', 'update', 'delete')):
                        continue
                    keys = ', '.join("'%s'" % key for key in (watch['keys'] or [ALL_KEYS]))
                    for row_set in row_sets:
                        rows = self._crm_index_rows(event, row_set, watch.get('columns'))
                        parts.append(
                            'SELECT s.partner_id, k.key FROM (%s) s(partner_id) '
                            'CROSS JOIN unnest(ARRAY[%s]::varchar[]) k(key)'
                            % (watch['partners'].format(rows=rows), keys))
                if not parts:
                    continue
                function = '%s_%s_%s' % (WATCH, table, event)
                statements.append("""
                    CREATE OR REPLACE FUNCTION %(function)s() RETURNS trigger
                    LANGUAGE plpgsql AS $body$
                    BEGIN
                        INSERT INTO %(dirty)s (commercial_id, key)
                        SELECT DISTINCT p.commercial_partner_id, w.key
                          FROM (%(parts)s) w
                          JOIN res_partner p ON p.id = w.partner_id
                         WHERE p.commercial_partner_id IS NOT NULL;
                        RETURN NULL;
                    END $body$""" % {'function': function, 'dirty': DIRTY,
                                     'parts': ' UNION ALL '.join(parts)})
                transition = {'insert': 'NEW TABLE AS new_rows',
                              'update': 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
                              'delete': 'OLD TABLE AS old_rows'}[event]
                statements.append(
                    'CREATE TRIGGER %s_%s AFTER %s ON "%s" REFERENCING %s FOR EACH STATEMENT '
                    'EXECUTE FUNCTION %s()' % (WATCH, event, event.upper(), table, transition,
                                               function))
        return statements

    @api.model
    def _crm_index_rows(self, event, row_set, columns):
        """The rows a watch reads: the new or old rows of the statement; for an update with
        ``columns``, only the rows where one of them changed."""
        rows = '%s_rows' % row_set
        if event != 'update' or not columns:
            return rows
        new = ', '.join('n."%s"' % column for column in columns)
        old = ', '.join('o."%s"' % column for column in columns)
        return ('(SELECT %s.* FROM new_rows n JOIN old_rows o ON o.id = n.id '
                'WHERE (%s, NULL) IS DISTINCT FROM (%s, NULL))'
                % (row_set[0], new, old))

    # -- keeping a company's items --------------------------------------------------------------

    @api.model
    def _crm_index_refresh(self, commercial_id):
        """Make the index of ``commercial_id`` current (its queued sources redone, or all of
        them the first time). False when another transaction is doing it at the same moment:
        the caller makes the page without the index."""
        cr = self.env.cr
        cr.execute("""SELECT EXISTS(SELECT 1 FROM %s WHERE commercial_id = %%s),
                             ARRAY(SELECT id FROM %s WHERE commercial_id = %%s),
                             ARRAY(SELECT DISTINCT key FROM %s WHERE commercial_id = %%s)"""
                   % (BUILT, DIRTY, DIRTY), [commercial_id] * 3)
        built, queued, keys = cr.fetchone()
        if built and not queued:
            return True
        keys = None if not built or ALL_KEYS in keys else keys
        # one transaction redoes a company at a time; the others make their page from the
        # sources at once instead of waiting for its commit (the cron redoes many companies
        # in one transaction)
        cr.execute('SELECT pg_try_advisory_xact_lock(%s, %s)', [REFRESH_LOCK, commercial_id])
        if not cr.fetchone()[0]:
            return False
        try:
            with cr.savepoint():
                if queued:
                    cr.execute('DELETE FROM %s WHERE id = ANY(%%s)' % DIRTY, [queued],
                               log_exceptions=False)
                self._crm_index_build(commercial_id, keys)
                if built:
                    cr.execute("UPDATE %s SET date = now() at time zone 'utc' "
                               "WHERE commercial_id = %%s" % BUILT, [commercial_id],
                               log_exceptions=False)
                else:
                    cr.execute("INSERT INTO %s (commercial_id, date) "
                               "VALUES (%%s, now() at time zone 'utc')" % BUILT,
                               [commercial_id], log_exceptions=False)
        except (psycopg2.OperationalError, psycopg2.IntegrityError):
            return False  # another card or the cron is redoing it
        return True

    @api.model
    def _crm_index_build(self, commercial_id, keys=None):
        """Redo the items of ``commercial_id`` (of the source ``keys``, all when ``None``):
        every source of every provider, as the superuser, on the company and its contacts."""
        cr = self.env.cr
        Partner = self.env['res.partner'].sudo().with_context(active_test=False)
        partner_ids = sorted(set(Partner.search([('commercial_partner_id', '=', commercial_id)])
                                 .ids) | {commercial_id})
        memo = TimelineMemo()
        memo[INDEXING] = True  # the engine's own object: a client's context cannot say it
        Provider = self.env['crm.infinity.timeline.provider'].sudo().with_context(
            crm_timeline_memo=memo, crm_timeline_partner_ids=partner_ids)
        Timeline = self.sudo().with_context(crm_timeline_memo=memo)
        sources = {source['key']: source
                   for source in Provider._crm_timeline_sources(partner_ids)
                   if keys is None or source['key'] in keys}
        if keys is None:
            cr.execute('DELETE FROM %s WHERE commercial_id = %%s' % ITEM, [commercial_id],
                       log_exceptions=False)
        else:
            cr.execute('DELETE FROM %s WHERE commercial_id = %%s AND key = ANY(%%s)' % ITEM,
                       [commercial_id, list(keys)], log_exceptions=False)
        if not sources:
            return
        branches = [(key,) + Timeline._crm_timeline_source_sql(Provider, source)
                    for key, source in sorted(sources.items())]
        union, params = Timeline._crm_timeline_union(branches, None, None,
                                                     memo.get(('shared',), ()))
        described = sorted(sources)
        cr.execute("""INSERT INTO %s (commercial_id, key, res_id, date, kind, due)
                      SELECT %%s, u.key, u.id, u.date, d.kind, d.due
                        FROM (%s) u
                        JOIN unnest(%%s::varchar[], %%s::varchar[], %%s::boolean[])
                             d(key, kind, due) ON d.key = u.key""" % (ITEM, union),
                   [commercial_id] + params + [
                       described, [sources[key]['kind'] for key in described],
                       [bool(sources[key].get('due')) for key in described]],
                   log_exceptions=False)

    @api.model
    def _crm_index_cron(self, limit=50):
        """Redo the queued sources of the companies changed since their card was read, so that
        the next card reads a current index (the cron of the Scheda riepilogo)."""
        cr = self.env.cr
        # the index of partners deleted, merged or no longer companies is dropped
        cr.execute("""SELECT b.commercial_id FROM %s b WHERE NOT EXISTS (
                          SELECT 1 FROM res_partner p
                           WHERE p.id = b.commercial_id AND p.commercial_partner_id = p.id)"""
                   % BUILT)
        gone = [row[0] for row in cr.fetchall()]
        if gone:
            for table in (ITEM, DIRTY, BUILT):
                cr.execute('DELETE FROM %s WHERE commercial_id = ANY(%%s)' % table, [gone])
        # the changes of companies without an index, once no transaction that started before
        # them can still be making one (any request or cron ends long before)
        try:
            with cr.savepoint():  # a card making one of those indexes now: next time
                cr.execute("""DELETE FROM %s d
                               WHERE d.created < (now() at time zone 'utc') - interval '%s'
                                 AND NOT EXISTS (SELECT 1 FROM %s b
                                                  WHERE b.commercial_id = d.commercial_id)"""
                           % (DIRTY, FORGET_AFTER, BUILT), log_exceptions=False)
        except (psycopg2.OperationalError, psycopg2.IntegrityError):
            pass
        cr.execute('SELECT DISTINCT d.commercial_id FROM %s d JOIN %s b '
                   'ON b.commercial_id = d.commercial_id LIMIT %%s' % (DIRTY, BUILT), [limit])
        for commercial_id, in cr.fetchall():
            self._crm_index_refresh(commercial_id)

    # -- reading a page --------------------------------------------------------------------------

    @api.model
    def _crm_index_fetch(self, commercial_id, partner_ids, kinds, cursor, limit):
        """``(sources, rows, more)`` of a page of the company ``commercial_id`` read through the
        index, as ``_crm_timeline_select_page`` returns them; ``None`` when the index cannot
        make it (being redone by another transaction, or a viewer who reads too little of the
        candidates, its triggers not installed): the caller makes the page from the sources."""
        if getattr(self.pool, 'crm_timeline_index_off', False):
            return None
        Provider = self._crm_timeline_page_provider(partner_ids)
        memo = page_memo(Provider.env)
        sources, asked = {}, set()
        found, position, size = [], cursor, limit + 1 + max(SLACK, limit // 2)
        for round_ in range(MAX_ROUNDS):
            fresh, batch = self._crm_index_candidates(commercial_id, kinds, position, size,
                                                      check=not round_)
            if not fresh:
                if not self._crm_index_refresh(commercial_id):
                    return None
                batch = self._crm_index_candidates(commercial_id, kinds, position, size)[1]
            wanted = {kind for _key, _rid, _date, kind in batch} - asked
            if wanted:
                asked |= wanted
                for source in Provider._crm_timeline_sources(partner_ids, kinds=sorted(wanted)):
                    if Provider._crm_timeline_can_read(source['model']):
                        sources[source['key']] = source
            found += self._crm_index_verify(Provider, sources, batch, memo)
            if len(found) > limit or len(batch) < size:
                return sources, found[:limit + 1], len(found) > limit
            key, rid, moment, _kind = batch[-1]
            position = {'date': moment, 'key': key, 'id': rid}
            size *= GROWTH
        return None

    @api.model
    def _crm_index_candidates(self, commercial_id, kinds, position, size, check=False):
        """``(fresh, rows)``: the ``size`` newest ``(key, id, date, kind)`` of the index of the
        company after ``position`` (a cursor), of the ``kinds`` (all when ``None``); with
        ``check``, in the same query, whether the company's index is current (``fresh`` is
        True without it)."""
        clauses = ['commercial_id = %s',
                   "(NOT due OR date < (now() at time zone 'utc') + %s)" % DUE_MARGIN]
        params = [commercial_id]
        if kinds is not None:
            clauses.append('kind = ANY(%s)')
            params.append(list(kinds))
        if position:
            clauses.append('(date, key, res_id) < (%s::timestamp, %s, %s)')
            params += [position['date'], position['key'], position['id']]
        query = ('SELECT key, res_id, date, kind FROM %s WHERE %s '
                 'ORDER BY date DESC, key DESC, res_id DESC LIMIT %%s'
                 % (ITEM, ' AND '.join(clauses)))
        params.append(size)
        if not check:
            self.env.cr.execute(query, params)
            return True, self.env.cr.fetchall()
        # one round trip: whether the index is current, and the candidates it has
        self.env.cr.execute(
            """SELECT f.fresh, c.key, c.res_id, c.date, c.kind FROM (
                   SELECT EXISTS(SELECT 1 FROM %s WHERE commercial_id = %%s)
                          AND NOT EXISTS(SELECT 1 FROM %s WHERE commercial_id = %%s) AS fresh
               ) f LEFT JOIN LATERAL (%s) c ON true""" % (BUILT, DIRTY, query),
            [commercial_id, commercial_id] + params)
        rows = self.env.cr.fetchall()
        return rows[0][0], [row[1:] for row in rows if row[1] is not None]

    @api.model
    def _crm_index_verify(self, Provider, sources, batch, memo):
        """The ``(key, id, date)`` of ``batch`` that the viewer's sources return for those ids
        with the same date, in the order of the batch."""
        by_key = {}
        for key, rid, _moment, _kind in batch:
            if key in sources:
                by_key.setdefault(key, []).append(rid)
        if not by_key:
            return []
        union, params = [], []
        for key in sorted(by_key):
            inner, inner_params = self._crm_timeline_source_sql(Provider, sources[key])
            union.append('(SELECT %%s::varchar AS key, s.id, s.date FROM (%s) s '
                         'WHERE s.id = ANY(%%s))' % inner)
            params += [key] + list(inner_params) + [by_key[key]]
        self.env.cr.execute(*self._crm_timeline_with_shared(
            ' UNION ALL '.join(union), params, memo.get(('shared',), ())))
        readable = {(key, rid): moment for key, rid, moment in self.env.cr.fetchall()}
        rows = [(key, rid, moment) for key, rid, moment, _kind in batch
                if readable.get((key, rid)) == moment]
        hidden = self._crm_timeline_unreadable(sources, rows)
        return [row for row in rows if (row[0], row[1]) not in hidden]
