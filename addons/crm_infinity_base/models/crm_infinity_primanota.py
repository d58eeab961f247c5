import base64
import json

from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..engines.chain import GENESIS, first_broken, line_hash
from .ir_model import selection_keys_by_label

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

    @api.model_cr
    def init(self):
        # the chain is read per record in id order: verification walks this index
        self.env.cr.execute("""CREATE INDEX IF NOT EXISTS crm_infinity_primanota_chain_index
                               ON crm_infinity_primanota (res_model, res_id, id)""")

    @api.depends('res_model')
    def _compute_model_description(self):
        names = self.env['ir.model']._crm_names(self.mapped('res_model'))
        for line in self:
            line.model_description = names.get(line.res_model, line.res_model)

    @api.depends('event_code')
    def _compute_event_label(self):
        labels = self._operation_labels()
        for line in self:
            line.event_label = labels.get(line.event_code, line.event_code) \
                if line.event_code else False

    @api.model
    def _operation_labels(self):
        """{event_code: label in the reader's language}: the system events and the operations
        the addons log (like the event types of the base data, the vocabulary of all addons);
        an addon may add its own (``super()``)."""
        labels = {event.code: event.name
                  for event in self.env['crm.infinity.event.type'].sudo().search([])}
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
        """Lines are created by the engine only (``_log``), which computes the hash chain."""
        vals = dict(vals)
        lines = self._log([vals])
        return lines

    @api.multi
    def write(self, vals):
        raise UserError(_('Primanota lines cannot be modified.'))

    @api.multi
    def unlink(self):
        raise UserError(_('Primanota lines cannot be deleted.'))

    # -- engine -------------------------------------------------------------------------------

    @api.model
    def _log(self, entries):
        """Insert log lines in one statement, chaining each to the last line of its record.

        ``entries``: dicts with res_model, res_id and optionally res_name, causale_id, channel,
        event_code, changes (dict), note, input_date, user_id, date.
        """
        if not entries:
            return self.browse()
        cr = self.env.cr
        now = fields.Datetime.now()
        keys = list({(e['res_model'], e['res_id']) for e in entries})
        # serialise writers of the same records: the chain needs the true last line
        cr.execute('SELECT pg_advisory_xact_lock(hashtext(%s))', ('crm_infinity_primanota',))
        cr.execute("""
            SELECT DISTINCT ON (res_model, res_id) res_model, res_id, hash
              FROM crm_infinity_primanota
             WHERE (res_model, res_id) IN %s
          ORDER BY res_model, res_id, id DESC""", (tuple(keys),))
        last = {(m, r): h for m, r, h in cr.fetchall()}
        rows = []
        for entry in entries:
            changes = entry.get('changes') or {}
            row = {
                'date': entry.get('date') or now,
                'user_id': entry.get('user_id') or self.env.uid,
                'causale_id': entry.get('causale_id') or None,
                'res_model': entry['res_model'],
                'res_id': entry['res_id'],
                'channel': entry.get('channel') or None,
                'event_code': entry.get('event_code') or None,
                'changes': json.dumps(changes, sort_keys=True, default=str, ensure_ascii=False),
                'note': entry.get('note') or None,
                'input_date': entry.get('input_date') or None,
            }
            key = (row['res_model'], row['res_id'])
            prev = last.get(key) or GENESIS
            digest = line_hash(prev, self._payload(row))
            last[key] = digest
            rows.append(tuple(row[c] for c in HASHED_COLUMNS) + (
                entry.get('res_name'), entry.get('owner_id') or None, prev, digest,
                self.env.uid, now, self.env.uid, now))
        ids = execute_values(cr, """
            INSERT INTO crm_infinity_primanota (%s, res_name, owner_id, prev_hash, hash,
                        create_uid, create_date, write_uid, write_date)
            VALUES %%s RETURNING id""" % ', '.join(HASHED_COLUMNS), rows, fetch=True, page_size=1000)
        return self.browse([i for i, in ids])

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

    @api.model
    def verify_chain(self, res_model, res_id):
        """Return None if the record's chain holds, else the first broken line."""
        cr = self.env.cr
        cr.execute("""
            SELECT id, prev_hash, hash, %s
              FROM crm_infinity_primanota
             WHERE res_model = %%s AND res_id = %%s
          ORDER BY id""" % HASHED_SELECT, (res_model, res_id))
        rows = cr.fetchall()
        broken = first_broken((r[1], r[2], list(r[3:])) for r in rows)
        return None if broken is None else self.browse(rows[broken][0])

    @api.model
    def verify_all(self):
        """Verify every record's chain; return {(res_model, res_id): first broken line id}.

        Streams the lines (named cursor) so that memory stays flat on large logs."""
        model_at, res_at = 3 + HASHED_COLUMNS.index('res_model'), 3 + HASHED_COLUMNS.index('res_id')
        broken, current, expected_prev, failed = {}, None, GENESIS, False
        # a server-side cursor on the transaction's own connection: sees its uncommitted lines
        named = self.env.cr._cnx.cursor('crm_infinity_primanota_verify')
        named.itersize = 20000
        try:
            named.execute("""
                SELECT id, prev_hash, hash, %s
                  FROM crm_infinity_primanota
              ORDER BY res_model, res_id, id""" % HASHED_SELECT)
            for row in named:
                key = (row[model_at], row[res_at])
                if key != current:
                    current, expected_prev, failed = key, GENESIS, False
                if failed:
                    continue
                if row[1] != expected_prev or line_hash(row[1], row[3:]) != row[2]:
                    broken[key] = row[0]
                    failed = True
                expected_prev = row[2]
        finally:
            named.close()
        return broken

    @api.multi
    def action_verify(self):
        """Verify the chains of the records these lines belong to, and say what was found."""
        keys = {(line.res_model, line.res_id) for line in self}
        broken = {key: self.verify_chain(*key) for key in keys}
        broken = {key: line for key, line in broken.items() if line}
        if broken:
            lines = '\n'.join(_('%s (ID %s): line %s of %s by %s is the first altered one') % (
                line.res_name or key[0], key[1], line.id, line.date, line.user_id.name)
                for key, line in broken.items())
            raise UserError(_('The primanota has been tampered with:\n%s') % lines)
        return self._notify(_('Primanota intact: %d chains verified.') % len(keys))

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
        return {'type': 'ir.actions.act_url', 'target': 'self',
                'url': '/web/content/%d?download=true' % attachment.id}



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
