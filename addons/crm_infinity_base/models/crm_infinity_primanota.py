import base64
import json
import logging
import os
import threading

from psycopg2.extras import execute_values

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError

from ..engines.chain import GENESIS, V2, Keyring, head_signature, line_hash, verify
from .ir_model import selection_keys_by_label

_logger = logging.getLogger(__name__)

CHANNELS = [
    ('phone', 'Phone'),
    ('email', 'E-mail'),
    ('visit', 'Visit'),
    ('sms', 'SMS'),
    ('letter', 'Letter'),
    ('portal', 'Portal'),
    ('system', 'System'),
    ('other', 'Other'),
]
# What a line's hash covers, in this order of columns (see _payload)
HASHED_COLUMNS = ['date', 'user_id', 'causale_id', 'res_model', 'res_id', 'channel', 'event_code',
                  'changes', 'note', 'input_date']
DATE_COLUMNS = ('date', 'input_date')
# the same columns as verification reads them: dates as the text that was hashed
HASHED_SELECT = ', '.join("to_char(%s, 'YYYY-MM-DD HH24:MI:SS')" % c if c in DATE_COLUMNS else c
                          for c in HASHED_COLUMNS)
# set by the engine only: an entry giving one of them is a programming error
FORBIDDEN_KEYS = frozenset(['user_id', 'date', 'hash', 'prev_hash', 'hash_version', 'key_id',
                            'create_uid', 'create_date'])

# -- the secret key (see README.rst, "Primanota: threat model") ----------------------------------
KEY_FILE_ENV = 'CRM_INFINITY_PRIMANOTA_KEY_FILE'
KEY_FILE_OPTION = 'crm_infinity_primanota_key_file'
_keyrings = {}
_keyring_lock = threading.Lock()


def key_file_path():
    """Where the key is: the environment variable, else the odoo.conf option, else
    ``<data_dir>/crm_infinity/primanota.key`` (next to the filestore, outside the database)."""
    return (os.environ.get(KEY_FILE_ENV) or tools.config.get(KEY_FILE_OPTION)
            or os.path.join(tools.config['data_dir'], 'crm_infinity', 'primanota.key'))


def _keyring(path=None):
    """The keyring of this server, created at first use, re-read when the file changes (a key
    rotated without restarting the workers). ``path``: another key file kept the same way (the
    marketing tracking key); by default the primanota's."""
    path = path or key_file_path()
    with _keyring_lock:
        try:
            stamp = os.stat(path).st_mtime_ns
        except FileNotFoundError:
            stamp = None
        cached = _keyrings.get(path)
        if cached is None or cached[0] != stamp or stamp is None:
            keyring = Keyring.load(path)
            status = os.stat(path)
            if status.st_mode & 0o077:
                _logger.warning('key file %s is readable by others than its owner: '
                                'chmod 600 it', path)
            _keyrings[path] = cached = (status.st_mtime_ns, keyring)
        return cached[1]


class CrmInfinityPrimanota(models.Model):
    """The operation log (SPEC B5): immutable, tamper-evident lines written by causali and by
    tracked changes. Lines are inserted only through ``_log`` and never written or deleted."""

    _name = 'crm.infinity.primanota'
    _description = 'Primanota line'
    _order = 'date desc, id desc'
    _rec_name = 'res_name'

    date = fields.Datetime(required=True, readonly=True, index=True)
    user_id = fields.Many2one('res.users', readonly=True, index=True, ondelete='restrict')
    causale_id = fields.Many2one('crm.infinity.causale', readonly=True, index=True,
                                 ondelete='restrict')
    res_model = fields.Char('Model', required=True, readonly=True, index=True)
    model_description = fields.Char('Document type', compute='_compute_model_description',
                                    search='_search_model_description')
    res_id = fields.Integer('Record ID', required=True, readonly=True, index=True)
    res_name = fields.Char('Record', readonly=True)
    # Who owns the record (not hashed: an access-control index the engine keeps current when
    # the record changes hands, so the new owner sees its whole history)
    owner_id = fields.Many2one('res.users', 'Record owner', readonly=True, index=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    event_code = fields.Char('Operation code', readonly=True, index=True,
                             help='causale, create, write or the code of a system event')
    event_label = fields.Char('Operation', compute='_compute_event_label')
    # raw values: selection keys, [id, name] of related records (see _compute_changes_display)
    changes = fields.Text('Changes (JSON)', readonly=True)
    changes_display = fields.Text('Changes', compute='_compute_changes_display')
    note = fields.Text(readonly=True)
    input_date = fields.Datetime('Date given', readonly=True)
    prev_hash = fields.Char('Previous hash', readonly=True)
    hash = fields.Char('Hash', readonly=True, index=True)
    # 1 (or empty): SHA-256, before keys; 2: HMAC-SHA256 with the key named by key_id
    hash_version = fields.Integer('Hash version', readonly=True)
    key_id = fields.Char('Key ID', readonly=True)

    @api.model_cr
    def init(self):
        cr = self.env.cr
        # the chain is read per record in id order: verification walks this index
        cr.execute("""CREATE INDEX IF NOT EXISTS crm_infinity_primanota_chain_index
                      ON crm_infinity_primanota (res_model, res_id, id)""")
        # one head per chain (count and last hash, signed with the key): written by _log in the
        # transaction of the lines, not an Odoo model (no ORM or RPC access at all)
        cr.execute("""CREATE TABLE IF NOT EXISTS crm_infinity_primanota_head (
                          res_model varchar NOT NULL,
                          res_id integer NOT NULL,
                          line_count integer NOT NULL,
                          last_hash varchar NOT NULL,
                          key_id varchar,
                          signature varchar,
                          PRIMARY KEY (res_model, res_id))""")

    @api.depends('res_model')
    def _compute_model_description(self):
        names = self.env['ir.model']._crm_names(self.mapped('res_model'))
        for line in self:
            line.model_description = names.get(line.res_model, line.res_model)

    @api.depends('event_code')
    def _compute_event_label(self):
        # only the event types of these lines (each name is read with its translation)
        labels = self.with_context(
            crm_event_codes=list(set(self.mapped('event_code')) - {False}))._operation_labels()
        for line in self:
            line.event_label = labels.get(line.event_code, line.event_code) \
                if line.event_code else False

    @api.model
    def _operation_labels(self):
        """{event_code: label in the reader's language}: the system events and the operations
        the addons log (like the event types of the base data, the vocabulary of all addons);
        an addon may add its own (``super()``)."""
        codes = self.env.context.get('crm_event_codes')
        domain = [('code', 'in', codes)] if codes is not None else []
        labels = {event.code: event.name
                  for event in self.env['crm.infinity.event.type'].sudo().search(domain)}
        labels.update({
            'create': _('Creation'),
            'write': _('Change'),
            'causale': _('Causale'),
            'routing': _('Assignment by rule'),
            'quote': _('Quotation created'),
            'offer_generated': _('Offer generated'),
            'consultation': _('Consultation sent'),
            'auto_rule': _('Automatic rule'),
            'split': _('Ticket split'),
        })
        return labels

    @api.model
    def _search_model_description(self, operator, value):
        """Search by the document type's name in the reader's language."""
        models_ = self.env['ir.model'].sudo().search([('name', operator, value)])
        return [('res_model', 'in', models_.mapped('model'))]

    @api.depends('changes', 'res_model')
    def _compute_changes_display(self):
        """The changes in the reader's language, whatever the language of who made them: the
        lines keep raw values (selection keys, ids); older lines that logged labels are read
        back to their key when the label is one of the field's, else shown as they are."""
        parsed = [(line, json.loads(line.changes or '{}')) for line in self]
        names = self._current_names(parsed)
        for line, changes in parsed:
            model = self.env[line.res_model] if line.res_model in self.env else None
            rows = []
            for name, (old, new) in sorted(changes.items()):
                field = model._fields.get(name) if model is not None else None
                label = field.get_description(self.env)['string'] if field else name
                rows.append('%s: %s → %s' % (label, self._display(old, field, names),
                                             self._display(new, field, names)))
            line.changes_display = '\n'.join(rows)

    @api.model
    def _current_names(self, parsed):
        """{(model, id): name in the reader's language} of the related records named in the
        changes whose name is translatable (statuses, stages, price lists...) and that the
        reader may read; other names are shown as logged (the name at the time)."""
        wanted = {}
        for line, changes in parsed:
            model = self.env[line.res_model] if line.res_model in self.env else None
            for name, values in changes.items():
                field = model._fields.get(name) if model is not None else None
                if field is None or field.type not in ('many2one', 'many2many', 'one2many'):
                    continue
                comodel = self.env[field.comodel_name]
                if not getattr(comodel._fields.get(comodel._rec_name), 'translate', False):
                    continue
                for value in values:
                    for pair in _pairs(value):
                        wanted.setdefault(field.comodel_name, set()).add(pair[0])
        names = {}
        for model_name, ids in wanted.items():
            Model = self.env[model_name]
            if not Model.check_access_rights('read', raise_exception=False):
                continue
            records = Model.browse(ids).exists()
            try:
                pairs = records.name_get()
            except AccessError:  # some of them are not his to read: name those he may read
                pairs = []
                for record in records:
                    try:
                        pairs += record.name_get()
                    except AccessError:
                        continue
            names.update(((model_name, rid), name) for rid, name in pairs)
        return names

    def _display(self, value, field=None, names=None):
        names = names or {}
        if value is True:
            return _('Yes')
        if value in (None, False, '') or value == []:
            return '—' if value is not False else _('No')
        kind = field.type if field is not None else None
        if kind == 'selection' and isinstance(value, str):
            # a key since lines keep raw values; older lines logged the author's label
            labels = dict(field._description_selection(self.env))
            if value not in labels:
                value = selection_keys_by_label(self.env, field).get(value, value)
            return labels.get(value, value)
        if kind in ('many2one', 'many2many', 'one2many') and _pairs(value):
            return ', '.join(names.get((field.comodel_name, rid), name)
                             for rid, name in _pairs(value))
        if kind in ('date', 'datetime') and isinstance(value, str):
            return self._display_date(value, kind)
        if kind in ('float', 'monetary') and isinstance(value, (int, float)):
            lang = self.env['res.lang']._lang_get(self.env.lang or 'en_US')
            return lang.format('%.2f', value, grouping=True) if lang else '%.2f' % value
        if isinstance(value, list) and len(value) == 2 and isinstance(value[0], int):
            return value[1]
        if isinstance(value, list):
            return ', '.join(map(str, value))
        return str(value)

    def _display_date(self, value, kind):
        lang = self.env['res.lang']._lang_get(self.env.lang or 'en_US')
        try:
            if kind == 'date':
                return fields.Date.from_string(value).strftime(lang.date_format if lang else '%Y-%m-%d')
            moment = fields.Datetime.context_timestamp(self, fields.Datetime.from_string(value))
            return moment.strftime('%s %s' % (lang.date_format, lang.time_format) if lang
                                   else '%Y-%m-%d %H:%M:%S')
        except ValueError:
            return value

    # -- immutability ------------------------------------------------------------------------

    @api.model
    def create(self, vals):
        """Refused to everybody, superuser included: lines are written by the engine only
        (``_log``), with the real author and date and the hash chain."""
        raise AccessError(_('Primanota lines are written by CRM Infinity only: '
                            'they cannot be created by hand.'))

    @api.multi
    def write(self, vals):
        raise UserError(_('Primanota lines cannot be modified.'))

    @api.multi
    def unlink(self):
        raise UserError(_('Primanota lines cannot be deleted.'))

    # -- engine -------------------------------------------------------------------------------

    @api.model
    def _log(self, entries, author_id=None):
        """Insert log lines in one statement, chaining each to the last line of its record.

        ``entries``: dicts with res_model, res_id and optionally res_name, owner_id, causale_id,
        channel, event_code, changes (dict), note, input_date. The author is ``author_id`` (the
        user who acted, given by ``_primanota_log`` before its ``sudo()``), else the current
        user; the date is now. Neither can come from an entry.

        Concurrency: each record's chain head (a row of ``crm_infinity_primanota_head``) is
        updated in this transaction. A concurrent transaction logging on the same record waits
        for this one, then fails with a serialization error (REPEATABLE READ) that Odoo retries
        (RPC and HTTP requests); transactions on other records do not wait.
        """
        if not entries:
            return self.browse()
        cr = self.env.cr
        now = fields.Datetime.now()
        author = author_id or self.env.uid
        rows = [self._log_row(entry, now, author) for entry in entries]
        keyring = _keyring()
        heads = self._lock_heads(sorted({(r['res_model'], r['res_id']) for r in rows}))
        values = []
        for row, entry in zip(rows, entries):
            key = (row['res_model'], row['res_id'])
            count, prev = heads[key]
            digest = line_hash(prev, self._payload(row), keyring.current)
            heads[key] = (count + 1, digest)
            values.append(tuple(row[c] for c in HASHED_COLUMNS) + (
                entry.get('res_name'), entry.get('owner_id') or None, prev, digest, V2,
                keyring.current_id, self.env.uid, now, self.env.uid, now))
        ids = execute_values(cr, """
            INSERT INTO crm_infinity_primanota (%s, res_name, owner_id, prev_hash, hash,
                        hash_version, key_id, create_uid, create_date, write_uid, write_date)
            VALUES %%s RETURNING id""" % ', '.join(HASHED_COLUMNS), values, fetch=True,
            page_size=len(values))
        execute_values(cr, """
            UPDATE crm_infinity_primanota_head h
               SET line_count = v.line_count, last_hash = v.last_hash, key_id = v.key_id,
                   signature = v.signature
              FROM (VALUES %s) AS v(res_model, res_id, line_count, last_hash, key_id, signature)
             WHERE h.res_model = v.res_model AND h.res_id = v.res_id""",
            [(m, r, count, last, keyring.current_id,
              head_signature(keyring.current, m, r, count, last))
             for (m, r), (count, last) in heads.items()], page_size=max(len(heads), 1))
        return self.browse([i for i, in ids])

    @api.model
    def _log_row(self, entry, now, author):
        """The hashed values of one entry, checked: bad values are refused, not stored."""
        forged = FORBIDDEN_KEYS.intersection(entry)
        if forged:
            raise ValueError('primanota entries cannot set %s: the engine does'
                             % ', '.join(sorted(forged)))
        if not entry.get('res_model') or not isinstance(entry.get('res_id'), int):
            raise ValueError('primanota entries need res_model and an integer res_id')
        channel, input_date = self._check_values(entry.get('channel'), entry.get('input_date'))
        return {
            'date': now,
            'user_id': author,
            'causale_id': entry.get('causale_id') or None,
            'res_model': entry['res_model'],
            'res_id': entry['res_id'],
            'channel': channel,
            'event_code': entry.get('event_code') or None,
            'changes': json.dumps(entry.get('changes') or {}, sort_keys=True, default=str,
                                  ensure_ascii=False),
            'note': entry.get('note') or None,
            'input_date': input_date,
        }

    @api.model
    def _check_values(self, channel=None, input_date=None):
        """(channel, input_date) as stored, or a clear error for values given by a caller (a
        causale applied by RPC) that are not valid."""
        channel = channel or None
        if channel and channel not in dict(CHANNELS):
            raise UserError(_('"%s" is not a valid channel: use one of %s.') % (
                channel, ', '.join(code for code, _label in CHANNELS)))
        input_date = input_date or None
        if input_date and not isinstance(input_date, str):
            input_date = fields.Datetime.to_string(input_date)  # a datetime given by code
        if input_date:
            try:
                input_date = fields.Datetime.to_string(fields.Datetime.from_string(input_date))
            except (TypeError, ValueError, AttributeError):
                raise UserError(_('"%s" is not a valid date: use YYYY-MM-DD HH:MM:SS.')
                                % (input_date,))
        return channel, input_date

    @api.model
    def _lock_heads(self, keys):
        """{(res_model, res_id): (line count, last hash)} of these records' chains, each head
        row locked until commit (created if needed). The upsert, unlike a plain read, cannot see
        a stale head: under REPEATABLE READ it fails if another transaction changed the row
        after this one's snapshot (a serialization error, retried by Odoo)."""
        cr = self.env.cr
        found = execute_values(cr, """
            INSERT INTO crm_infinity_primanota_head AS h (res_model, res_id, line_count, last_hash)
            VALUES %s
            ON CONFLICT (res_model, res_id) DO UPDATE SET line_count = h.line_count
            RETURNING res_model, res_id, line_count, last_hash, (xmax = 0) AS inserted""",
            [(m, r, 0, GENESIS) for m, r in keys], fetch=True, page_size=max(len(keys), 1))
        heads = {(m, r): (count, last) for m, r, count, last, _new in found}
        new = [(m, r) for m, r, _count, _last, inserted in found if inserted]
        if new:
            # lines without a head: written before heads existed and not migrated, or a head
            # deleted by hand. The chain goes on from its last line (no fork).
            cr.execute("""
                SELECT res_model, res_id, count(*), (array_agg(hash ORDER BY id DESC))[1]
                  FROM crm_infinity_primanota
                 WHERE (res_model, res_id) IN %s
              GROUP BY res_model, res_id""", (tuple(new),))
            for m, r, count, last in cr.fetchall():
                _logger.warning('primanota: %s,%s had %d lines and no chain head; '
                                'chain head re-created', m, r, count)
                heads[(m, r)] = (count, last)
        return heads

    @api.model
    def _set_owner(self, res_model, owner_by_res_id):
        """Keep ``owner_id`` of a record's lines current (see the field)."""
        for res_id, owner_id in owner_by_res_id.items():
            self.env.cr.execute('UPDATE crm_infinity_primanota SET owner_id = %s '
                                'WHERE res_model = %s AND res_id = %s',
                                (owner_id or None, res_model, res_id))
        self.invalidate_cache(['owner_id'])

    @staticmethod
    def _payload(row):
        """The hashed content of a line: its values in HASHED_COLUMNS order, dates as
        'YYYY-MM-DD HH:MM:SS' text (what to_char gives back when verifying)."""
        values = []
        for column in HASHED_COLUMNS:
            value = row[column]
            if column in DATE_COLUMNS and value and not isinstance(value, str):
                value = fields.Datetime.to_string(value)
            values.append(value or None)
        return values

    # -- verification -------------------------------------------------------------------------

    @api.model
    def _check_chains(self, keys=None):
        """{(res_model, res_id): chain.Problem} of the chains that do not hold, among ``keys``
        (every chain when None). Lines are streamed (named cursor): memory stays flat on large
        logs. No access check: callers check first."""
        cr = self.env.cr
        where, params = '', ()
        if keys is not None:
            if not keys:
                return {}
            where, params = 'WHERE (res_model, res_id) IN %s', (tuple(keys),)
        cr.execute('SELECT res_model, res_id, line_count, last_hash, key_id, signature '
                   'FROM crm_infinity_primanota_head ' + where, params)
        heads = {(m, r): rest for m, r, *rest in cr.fetchall()}
        keyring = _keyring()
        problems, seen = {}, set()

        def check(key, lines):
            seen.add(key)
            problem = verify(lines, keyring, heads.get(key), *key)
            if problem is not None:
                if problem.index is not None:
                    problem = problem._replace(index=lines[problem.index][5])
                problems[key] = problem

        # a server-side cursor on the transaction's own connection: sees its uncommitted lines
        named = cr._cnx.cursor('crm_infinity_primanota_verify')
        named.itersize = 20000
        try:
            named.execute("""
                SELECT prev_hash, hash, hash_version, key_id, id, %s
                  FROM crm_infinity_primanota %s
              ORDER BY res_model, res_id, id""" % (HASHED_SELECT, where), params)
            current, lines = None, []
            model_at = 5 + HASHED_COLUMNS.index('res_model')
            res_at = 5 + HASHED_COLUMNS.index('res_id')
            for row in named:
                key = (row[model_at], row[res_at])
                if key != current:
                    if lines:
                        check(current, lines)
                    current, lines = key, []
                # (prev_hash, hash, payload, version, key_id, id): what chain.verify reads
                lines.append((row[0], row[1], row[5:], row[2], row[3], row[4]))
            if lines:
                check(current, lines)
        finally:
            named.close()
        for key in set(heads) - seen:  # every line of a record deleted
            check(key, [])
        return problems

    def _problem_dict(self, problem):
        return {'line_id': problem.index or False, 'missing': problem.missing,
                'reason': problem.reason}

    @api.model
    def verify_chain(self, res_model, res_id):
        """False if the record's chain holds, else {'line_id': first bad line or False,
        'missing': lines deleted at the end, 'reason': code (see engines/chain.py)}.
        For whoever may read the record (CRM administrators for records of no model or
        deleted ones)."""
        self._check_record_readable(res_model, res_id)
        problem = self.sudo()._check_chains([(res_model, int(res_id))]).get((res_model, int(res_id)))
        return False if problem is None else self._problem_dict(problem)

    @api.model
    def verify_all(self):
        """Verify every chain: {(res_model, res_id): problem as in verify_chain}. For CRM
        administrators."""
        if not (self.env.user._is_superuser() or
                self.env.user.has_group('crm_infinity_base.group_crm_admin')):
            raise AccessError(_('Only CRM administrators may verify the whole primanota.'))
        return {key: self._problem_dict(p) for key, p in self.sudo()._check_chains().items()}

    @api.model
    def _check_record_readable(self, res_model, res_id):
        record = self.env[res_model].browse(int(res_id)) \
            if res_model in self.env and not self.env[res_model]._abstract else None
        if record is not None and record.exists():
            record.check_access_rights('read')
            record.check_access_rule('read')
        elif not (self.env.user._is_superuser() or
                  self.env.user.has_group('crm_infinity_base.group_crm_admin')):
            raise AccessError(_('Only CRM administrators may verify this chain.'))

    @api.multi
    def action_verify(self):
        """Verify the chains of the records these lines belong to, and say what was found."""
        self.check_access_rights('read')
        self.check_access_rule('read')
        keys = {(line.res_model, line.res_id) for line in self}
        problems = self.sudo()._check_chains(sorted(keys))
        if problems:
            names = {(l.res_model, l.res_id): l.res_name for l in self}
            raise UserError(_('The primanota has been tampered with:\n%s') % '\n'.join(
                self._describe_problem(names.get(key) or key[0], key[1], problem)
                for key, problem in sorted(problems.items())))
        return self._notify(_('Primanota intact: %d chains verified.') % len(keys))

    @api.model
    def _describe_problem(self, record, res_id, problem):
        if problem.reason == 'missing_tail':
            return _('%s (ID %s): the last %d lines have been deleted') % (
                record, res_id, problem.missing)
        if problem.reason == 'unknown_key':
            return _('%s (ID %s): signed with a key this server does not have (is the primanota '
                     'key file the right one?)') % (record, res_id)
        if problem.index is None:
            return _('%s (ID %s): the signed head of the chain does not match its lines '
                     '(lines rewritten or removed)') % (record, res_id)
        line = self.sudo().browse(problem.index)
        return _('%s (ID %s): line %s of %s by %s is the first altered one') % (
            record, res_id, line.id, line.date, line.user_id.name)

    @api.model
    def _notify(self, message):
        """Odoo 11 has no notification client action: show the result in a dialog."""
        wizard = self.env['crm.infinity.message.wizard'].create({'message': message})
        return {
            'type': 'ir.actions.act_window', 'res_model': 'crm.infinity.message.wizard',
            'res_id': wizard.id, 'view_mode': 'form', 'target': 'new', 'name': _('Primanota'),
        }

    @api.multi
    def action_open_record(self):
        self.ensure_one()
        return {'type': 'ir.actions.act_window', 'res_model': self.res_model,
                'res_id': self.res_id, 'view_mode': 'form'}

    @api.model
    def action_export_xlsx(self, domain=None):
        """Export the lines matching ``domain`` (those the user may read) to an XLSX download."""
        from ..report.primanota_xlsx import build_xlsx
        lines = self.search(domain or [])
        channels = dict(self._fields['channel']._description_selection(self.env))
        rows = [(fields.Datetime.context_timestamp(self, fields.Datetime.from_string(l.date)),
                 l.user_id.name or '', l.causale_id.name or '', l.model_description or '',
                 l.res_name or '', channels.get(l.channel, '') if l.channel else '',
                 l.event_label or '', l.changes_display or '', l.note or '', l.hash)
                for l in lines]
        headers = [_('Date'), _('User'), _('Causale'), _('Document type'), _('Record'),
                   _('Channel'), _('Operation'), _('Changes'), _('Note'), _('Hash')]
        data = build_xlsx(_('Primanota'), headers, rows)
        attachment = self.env['ir.attachment'].create({
            'name': 'primanota.xlsx', 'datas_fname': 'primanota.xlsx', 'type': 'binary',
            'datas': base64.b64encode(data), 'res_model': self._name,
            'mimetype': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'})
        # the shared download action: Odoo's act_url left the screen frozen after the download
        return {'type': 'ir.actions.client', 'tag': 'crm_infinity_download',
                'params': {'url': '/web/content/%d?download=true' % attachment.id}}



def anchor_existing_chains(cr):
    """Give every chain without a head (lines written before heads and keys existed, version 1)
    a signed head: from now on, deleting its last lines or rewriting it is detected. Run once,
    by the migration to 11.0.1.1.0 (never on every update: that would re-sign a head an
    attacker deleted)."""
    keyring = _keyring()
    cr.execute('UPDATE crm_infinity_primanota SET hash_version = 1 WHERE hash_version IS NULL')
    cr.execute("""
        SELECT p.res_model, p.res_id, count(*), (array_agg(p.hash ORDER BY p.id DESC))[1]
          FROM crm_infinity_primanota p
     LEFT JOIN crm_infinity_primanota_head h ON h.res_model = p.res_model AND h.res_id = p.res_id
         WHERE h.res_id IS NULL
      GROUP BY p.res_model, p.res_id""")
    heads = [(m, r, count, last, keyring.current_id,
              head_signature(keyring.current, m, r, count, last))
             for m, r, count, last in cr.fetchall()]
    execute_values(cr, 'INSERT INTO crm_infinity_primanota_head (res_model, res_id, line_count, '
                       'last_hash, key_id, signature) VALUES %s', heads, page_size=10000)
    _logger.info('primanota: %d chains anchored with a signed head', len(heads))


def _pairs(value):
    """The [id, name] pairs of a logged relational value: [id, name] of a many2one or a list of
    them for x2many fields (older lines logged x2many values as bare names: none)."""
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], int) \
            and isinstance(value[1], str):
        return [value]
    if isinstance(value, list) and value and all(
            isinstance(v, list) and len(v) == 2 and isinstance(v[0], int) for v in value):
        return value
    return []
