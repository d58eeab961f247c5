import base64
import json
import logging

from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..engines import importer
from ..models.crm_infinity_nominativo import LAWFUL_BASES

_logger = logging.getLogger(__name__)

NOMINATIVO = 'crm.infinity.nominativo'
BATCH = 5000
TARGET_SELECTION = [(key, label) for key, (label, _words) in importer.TARGETS.items()]
ACTIONS = [('create', 'Create'), ('update', 'Update'), ('skip', 'Skip'), ('error', 'Error')]
# columns written for a new nominativo, from the engine's values
VALUE_COLUMNS = ['name', 'is_company', 'company_name', 'function', 'email', 'email_normalized',
                 'phone', 'phone_normalized', 'mobile', 'mobile_normalized', 'fax', 'website',
                 'street', 'street2', 'zip', 'city', 'state_id', 'country_id', 'vat',
                 'fiscal_code', 'source_id', 'note']
# columns an update may complete (or overwrite); a normalised column follows its source
UPDATE_COLUMNS = [('company_name', None), ('function', None), ('email', 'email_normalized'),
                  ('phone', 'phone_normalized'), ('mobile', 'mobile_normalized'),
                  ('fax', None), ('website', None), ('street', None), ('street2', None),
                  ('zip', None), ('city', None), ('state_id', None), ('vat', None),
                  ('fiscal_code', None), ('source_id', None), ('note', None)]
INT_COLUMNS = {'state_id', 'country_id', 'source_id'}


class CrmInfinityNominativoImport(models.TransientModel):
    """Import nominativi from a CSV, XLS or XLSX file (SPEC M1, issue 15): upload, column
    mapping (remembered per file shape), dry run per row, then an all-or-nothing import.

    The rows are planned by ``engines/importer.py`` against every nominativo, contact and
    company loaded once; the import writes with a few bulk SQL statements in batches (100,000
    rows take seconds), in the request's transaction: a row in error stops it before anything
    is written, and any failure rolls everything back. Progress goes to a side table through a
    separate connection, so that another request (the wizard's poll) sees it while the import
    runs."""

    _name = 'crm.infinity.nominativo.import'
    _description = 'Import nominativi'

    state = fields.Selection([('upload', 'Upload'), ('map', 'Mapping'), ('preview', 'Dry run'),
                              ('done', 'Imported')], default='upload', required=True)
    file = fields.Binary('File', attachment=False)
    filename = fields.Char('File name')
    encoding = fields.Char(readonly=True)
    shape_key = fields.Char('File shape', readonly=True)
    mapping_recalled = fields.Boolean('Mapping remembered', readonly=True)
    column_ids = fields.One2many('crm.infinity.nominativo.import.column', 'import_id',
                                 string='Columns')
    line_ids = fields.One2many('crm.infinity.nominativo.import.line', 'import_id',
                               string='Rows')
    problem_line_ids = fields.One2many('crm.infinity.nominativo.import.line', 'import_id',
                                       string='Rows to check',
                                       domain=[('action', '!=', 'create')])
    overwrite = fields.Boolean('Overwrite existing values',
                               help='Values of the file replace those of the nominativi found; '
                                    'otherwise only their empty fields are completed.')
    skip_contacts = fields.Boolean('Skip existing contacts and companies', default=True,
                                   help='Rows that are already a contact or a company (same '
                                        'e-mail, VAT number, fiscal code or phone) are not '
                                        'imported as nominativi.')
    user_id = fields.Many2one('res.users', string='Assign to')
    source_id = fields.Many2one('utm.source', string='Source',
                                help='Source of the rows that do not give one.')
    campaign_id = fields.Many2one('utm.campaign', string='Add to campaign')
    lawful_basis = fields.Selection(LAWFUL_BASES, string='Lawful basis')
    row_count = fields.Integer('Rows', readonly=True)
    count_create = fields.Integer('To create', readonly=True)
    count_update = fields.Integer('To update', readonly=True)
    count_skip = fields.Integer('To skip', readonly=True)
    count_error = fields.Integer('Errors', readonly=True)
    cluster_count = fields.Integer('Duplicate clusters', readonly=True)
    progress = fields.Integer('Progress (%)', compute='_compute_progress')
    progress_phase = fields.Char('Phase', compute='_compute_progress')

    @api.model_cr
    def init(self):
        self.env.cr.execute("""
            CREATE TABLE IF NOT EXISTS crm_infinity_import_progress (
                import_id integer PRIMARY KEY,
                done integer NOT NULL DEFAULT 0,
                total integer NOT NULL DEFAULT 0,
                phase varchar,
                write_date timestamp without time zone DEFAULT (now() at time zone 'UTC'))""")
        self.env.cr.execute("""
            CREATE TABLE IF NOT EXISTS crm_infinity_import_lock (
                id integer PRIMARY KEY, last_import timestamp without time zone);
            INSERT INTO crm_infinity_import_lock (id) VALUES (1) ON CONFLICT DO NOTHING""")

    def _compute_progress(self):
        self.env.cr.execute("SELECT import_id, done, total, phase FROM crm_infinity_import_progress"
                            " WHERE import_id = ANY(%s)", (self.ids,))
        found = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for wizard in self:
            done, total, phase = found.get(wizard.id, (0, 0, None))
            wizard.progress = int(100 * done / total) if total else (100 if wizard.state == 'done' else 0)
            wizard.progress_phase = phase

    # -- steps ------------------------------------------------------------------------------------

    @api.multi
    def action_read_file(self):
        """Read the file, propose the mapping (remembered for this shape, else guessed)."""
        self.ensure_one()
        self._crm_check_rights()
        table = self._crm_table()
        recalled = self.env['crm.infinity.import.mapping']._crm_recall(table.headers)
        mapping = recalled or importer.guess_mapping(table.headers)
        samples = [[] for _h in table.headers]
        for row in table.rows[:3]:
            for index, cell in enumerate(row.cells[:len(samples)]):
                if cell:
                    samples[index].append(cell)
        self.column_ids.unlink()
        self.write({
            'state': 'map', 'encoding': table.encoding, 'row_count': len(table.rows),
            'shape_key': importer.shape_key(table.headers), 'mapping_recalled': bool(recalled),
            'column_ids': [(0, 0, {'sequence': index, 'header': header, 'target': target,
                                   'sample': ' | '.join(samples[index])[:200]})
                           for index, (header, target) in enumerate(zip(table.headers, mapping))],
        })
        return self._crm_reopen()

    @api.multi
    def action_dry_run(self):
        """Plan every row and show what the import will do, without writing a nominativo."""
        self.ensure_one()
        self._crm_check_rights()
        table, mapping = self._crm_table(), self._crm_mapping()
        self.env['crm.infinity.import.mapping']._crm_remember(table.headers, mapping,
                                                             self.filename)
        plan = self._crm_plan(table, mapping)
        self._crm_store_lines(plan)
        self.write({'state': 'preview', 'row_count': len(plan.rows),
                    'count_create': plan.counts['create'], 'count_update': plan.counts['update'],
                    'count_skip': plan.counts['skip'], 'count_error': plan.counts['error'],
                    'cluster_count': plan.clusters})
        return self._crm_reopen()

    @api.multi
    def action_back(self):
        self.ensure_one()
        self._crm_check_rights()
        self.state = 'map'
        return self._crm_reopen()

    @api.multi
    def action_import(self):
        """All or nothing: plan again (the data may have changed since the dry run), refuse if
        a row is in error, else write every row."""
        self.ensure_one()
        self._crm_check_rights()
        self._crm_lock()
        table, mapping = self._crm_table(), self._crm_mapping()
        plan = self._crm_plan(table, mapping)
        if plan.errors:
            first = plan.errors[0]
            raise UserError(_('Nothing was imported: row %(row)s has an error (%(reason)s). '
                              'Rows in error: %(rows)s.') % {
                'row': first.number,
                'reason': ' '.join(importer.render_reasons(first, self._crm_translate)),
                'rows': ', '.join(str(r.number) for r in plan.errors[:20])
                + (', ...' if len(plan.errors) > 20 else '')})
        created, updated = self._crm_write(plan)
        self._crm_store_lines(plan)
        self.write({'state': 'done', 'count_create': len(created), 'count_update': len(updated),
                    'count_skip': plan.counts['skip'], 'count_error': 0,
                    'cluster_count': plan.clusters})
        self._crm_progress(len(plan.rows), len(plan.rows), 'done')
        return self._crm_reopen()

    @api.multi
    def action_open_lines(self):
        self.ensure_one()
        self._crm_check_rights()
        action = self.env.ref('crm_infinity_marketing.crm_infinity_nominativo_import_line_action'
                              ).read()[0]
        action['domain'] = [('import_id', '=', self.id)]
        return action

    @api.multi
    def action_open_nominativi(self):
        self.ensure_one()
        self._crm_check_rights()
        ids = self.line_ids.filtered(lambda l: l.action in ('create', 'update')).mapped(
            'nominativo_id').ids
        action = self.env.ref('crm_infinity_marketing.crm_infinity_nominativo_action').read()[0]
        action['domain'] = [('id', 'in', ids)]
        return action

    # -- helpers ----------------------------------------------------------------------------------

    def _crm_lock(self):
        """One import writes at a time. Two imports of the same people at once would each plan
        against a snapshot without the other's rows and create them twice: the second waits
        here, then fails with a serialization error (REPEATABLE READ: the row changed after its
        snapshot), which Odoo retries as a new transaction that sees the first import's rows
        (they become updates)."""
        self.env.cr.execute("UPDATE crm_infinity_import_lock SET last_import = now() at time "
                            "zone 'UTC' WHERE id = 1")

    def _crm_translate(self, text):
        """A message of the engine in the user's language (the engine's ``_`` only marks it)."""
        lang = self.env.lang
        if not lang or lang == 'en_US':
            return text
        return self.env['ir.translation']._get_source(None, ('code',), lang, text) or text

    def _crm_reopen(self):
        return {'type': 'ir.actions.act_window', 'res_model': self._name, 'res_id': self.id,
                'view_mode': 'form', 'target': 'new', 'name': _('Import nominativi'),
                'context': self.env.context}

    def _crm_check_rights(self):
        Nominativo = self.env[NOMINATIVO]
        Nominativo.check_access_rights('create')
        Nominativo.check_access_rights('write')
        if not self.env.user.has_group('crm_infinity_base.group_crm_marketing_operator'):
            raise UserError(_('Only marketing operators import nominativi.'))

    def _crm_table(self):
        if not self.file:
            raise UserError(_('Choose a file to import.'))
        try:
            return importer.read_file(base64.b64decode(self.file), self.filename or '')
        except importer.ImportFileError as error:
            raise UserError(error.render(self._crm_translate))

    def _crm_mapping(self):
        columns = self.column_ids.sorted('sequence')
        return [c.target or None for c in columns]

    def _crm_lookups(self):
        cr = self.env.cr
        cr.execute('SELECT id, country_id, code, name FROM res_country_state')
        states = cr.fetchall()
        countries = [(c.id, c.code, c.name) for c in self.env['res.country'].search([])]
        cr.execute('SELECT id, name FROM utm_source')
        sources = cr.fetchall()
        italy = self.env.ref('base.it', raise_if_not_found=False)
        return importer.make_lookups(states, countries, sources, italy.id if italy else None)

    def _crm_index(self):
        """Every active nominativo, contact and company, by key: a few queries, whatever the
        user may open (duplicates are found against all, and shown by name only)."""
        cr = self.env.cr
        index = importer.Index()
        cr.execute("""SELECT id, name, email_normalized, vat, fiscal_code, phone_normalized,
                             mobile_normalized FROM crm_infinity_nominativo WHERE active""")
        for rid, name, email, vat, fiscal, phone, mobile in cr.fetchall():
            index.add(NOMINATIVO, rid, name, emails=[email], vats=[vat], fiscal_codes=[fiscal],
                      phones=[phone, mobile], names=[name])
        fiscal_column = ', fiscalcode' if 'fiscalcode' in self.env['res.partner']._fields else \
            ', NULL'
        cr.execute("""SELECT id, name, email, vat, phone_e164, mobile_e164%s
                        FROM res_partner WHERE active""" % fiscal_column)
        for rid, name, email, vat, phone, mobile, fiscal in cr.fetchall():
            index.add('res.partner', rid, name, emails=[email], vats=[vat],
                      fiscal_codes=[fiscal], phones=[phone, mobile], names=[name])
        return index

    def _crm_plan(self, table, mapping):
        self._crm_progress(0, len(table.rows), 'plan')
        try:
            return importer.plan(table, mapping, self._crm_index(), self._crm_lookups(),
                                 overwrite=self.overwrite, skip_contacts=self.skip_contacts)
        except importer.ImportFileError as error:
            raise UserError(error.render(self._crm_translate))

    def _crm_progress(self, done, total, phase):
        """Publish the progress through a connection of its own (committed at once), so that
        another request sees it while this transaction runs; the main transaction never writes
        that table (no lock between the two)."""
        if not self.id:
            return
        with self.pool.cursor() as cr:
            cr.execute("""
                INSERT INTO crm_infinity_import_progress (import_id, done, total, phase)
                VALUES (%s, %s, %s, %s)
                ON CONFLICT (import_id) DO UPDATE
                   SET done = EXCLUDED.done, total = EXCLUDED.total, phase = EXCLUDED.phase,
                       write_date = now() at time zone 'UTC'""", (self.id, done, total, phase))

    def _crm_store_lines(self, plan):
        cr = self.env.cr
        cr.execute('DELETE FROM crm_infinity_nominativo_import_line WHERE import_id = %s',
                   (self.id,))
        uid = self.env.uid
        translate = self._crm_translate
        rows = []
        for result in plan.rows:
            values = result.values or {}
            matches = '; '.join('%s (%s)' % (self._crm_ref_name(ref, plan), ', '.join(
                translate(importer.KEY_LABELS[k]) for k in kinds))
                for ref, kinds in sorted(result.matches.items())[:10])
            rows.append((self.id, result.number, result.action, values.get('name'),
                         values.get('email'), '\n'.join(importer.render_reasons(result, translate)),
                         result.cluster, matches or None,
                         result.target_id or values.get('_id'), uid, uid))
        for start in range(0, len(rows), BATCH):
            execute_values(cr, """
                INSERT INTO crm_infinity_nominativo_import_line
                       (import_id, row_number, action, name, email, reasons, cluster, matches,
                        nominativo_id, create_uid, write_uid, create_date, write_date)
                VALUES %s""", rows[start:start + BATCH],
                template="(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, now() at time zone 'UTC',"
                         " now() at time zone 'UTC')", page_size=BATCH)
        self.invalidate_cache(['line_ids', 'problem_line_ids'], self.ids)

    def _crm_ref_name(self, ref, plan):
        label = _('Nominativo') if ref[0] == NOMINATIVO else _('Contact')
        return '%s %s' % (label, plan.names.get(ref) or '#%s' % ref[1])

    def _crm_write(self, plan):
        """Write the plan with bulk statements; returns (created ids, updated ids)."""
        cr = self.env.cr
        total = len(plan.rows)
        uid = self.env.uid
        sources = self._crm_create_sources(plan)
        creates = [r for r in plan.rows if r.action == 'create']
        updates = [r for r in plan.rows if r.action == 'update']
        created = []
        columns = VALUE_COLUMNS + ['user_id', 'lawful_basis', 'active', 'create_uid',
                                   'write_uid']
        for start in range(0, len(creates), BATCH):
            batch = creates[start:start + BATCH]
            rows = [tuple(self._crm_value(r.values, c, sources) for c in VALUE_COLUMNS)
                    + (self.user_id.id or None, self.lawful_basis or None, True, uid, uid)
                    for r in batch]
            ids = execute_values(cr, """
                INSERT INTO crm_infinity_nominativo (%s, create_date, write_date)
                VALUES %%s RETURNING id""" % ', '.join(columns), rows,
                template='(%s, now() at time zone \'UTC\', now() at time zone \'UTC\')'
                % ', '.join(['%s'] * len(columns)), page_size=BATCH, fetch=True)
            for result, (rid,) in zip(batch, ids):
                result.values['_id'] = rid
                created.append(rid)
            self._crm_progress(start + len(batch), total, 'create')
        updated = []
        for start in range(0, len(updates), BATCH):
            batch = updates[start:start + BATCH]
            self._crm_update(batch, sources)
            updated.extend(r.target_id for r in batch)
            self._crm_progress(len(creates) + start + len(batch), total, 'update')
        touched = [(r, r.values.get('_id') or r.target_id) for r in creates + updates]
        if self.campaign_id and touched:
            execute_values(cr, """
                INSERT INTO crm_infinity_nominativo_campaign_rel (nominativo_id, campaign_id)
                VALUES %s ON CONFLICT DO NOTHING""",
                [(rid, self.campaign_id.id) for _r, rid in touched], page_size=BATCH)
        self._crm_consents(touched)
        self.env[NOMINATIVO].invalidate_cache()
        _logger.info('import %s: %d nominativi created, %d updated by uid %s', self.filename,
                     len(created), len(updated), uid)
        return created, updated

    def _crm_create_sources(self, plan):
        names = {}
        for result in plan.rows:
            if result.action in ('create', 'update') and result.values.get('source_name'):
                names.setdefault(importer.normalize_header(result.values['source_name']),
                                 result.values['source_name'])
        Source = self.env['utm.source'].sudo()  # marketing operators add sources by importing
        return {key: Source.create({'name': name}).id for key, name in names.items()}

    def _crm_value(self, values, column, sources):
        if column == 'source_id':
            if values.get('source_id'):
                return values['source_id']
            if values.get('source_name'):
                return sources[importer.normalize_header(values['source_name'])]
            return self.source_id.id or None
        value = values.get(column)
        if column == 'is_company':
            return bool(value)
        return value if value not in ('', False) else None

    def _crm_update(self, batch, sources):
        columns = [c for c, _n in UPDATE_COLUMNS] + [n for _c, n in UPDATE_COLUMNS if n]
        rows = []
        for result in batch:
            values = dict(result.values)
            values['source_id'] = self._crm_value(values, 'source_id', sources) \
                if (values.get('source_id') or values.get('source_name')) else None
            rows.append((result.target_id, values.get('name'))
                        + tuple(self._crm_value(values, c, sources) if c != 'source_id'
                                else values['source_id'] for c in columns))
        sets = []
        for column, normalized in UPDATE_COLUMNS:
            if self.overwrite:
                condition = 'v.%s IS NOT NULL' % column
            else:
                condition = "v.%s IS NOT NULL AND COALESCE(n.%s::text, '') = ''" % (column, column)
            sets.append('%s = CASE WHEN %s THEN v.%s ELSE n.%s END' % (column, condition, column,
                                                                       column))
            if normalized:
                sets.append('%s = CASE WHEN %s THEN v.%s ELSE n.%s END' % (
                    normalized, condition, normalized, normalized))
        if self.overwrite:
            sets.append('name = COALESCE(v.name, n.name)')
        sets.append("write_uid = %d, write_date = now() at time zone 'UTC'" % self.env.uid)
        casts = ['%s::int', '%s::varchar'] + ['%%s::%s' % ('int' if c in INT_COLUMNS else
                                                           'varchar') for c in columns]
        execute_values(self.env.cr, """
            UPDATE crm_infinity_nominativo n SET %s
              FROM (VALUES %%s) AS v(id, name, %s)
             WHERE n.id = v.id""" % (', '.join(sets), ', '.join(columns)), rows,
            template='(%s)' % ', '.join(casts), page_size=BATCH)

    def _crm_consents(self, touched):
        rows = []
        uid = self.env.uid
        for result, rid in touched:
            state = result.values.get('consent')
            if not state:
                continue
            moment = result.values.get('consent_date')
            proof = _('File %(file)s, row %(row)s') % {'file': self.filename or '',
                                                       'row': result.number}
            rows.append((rid, state, fields.Datetime.to_string(moment) if moment else None,
                         proof, uid, uid, uid))
        if rows:
            execute_values(self.env.cr, """
                INSERT INTO crm_infinity_consent (nominativo_id, purpose, channel, state, date,
                       origin, proof, user_id, create_uid, write_uid, create_date, write_date)
                VALUES %s""", rows,
                template="(%s, 'marketing', 'email', %s, COALESCE(%s::timestamp, now() at time "
                         "zone 'UTC'), 'import', %s, %s, %s, %s, now() at time zone 'UTC', "
                         "now() at time zone 'UTC')", page_size=BATCH)


class CrmInfinityNominativoImportColumn(models.TransientModel):
    _name = 'crm.infinity.nominativo.import.column'
    _description = 'Import column'
    _order = 'sequence, id'

    import_id = fields.Many2one('crm.infinity.nominativo.import', required=True,
                                ondelete='cascade')
    sequence = fields.Integer()
    header = fields.Char('Column', readonly=True)
    sample = fields.Char('Examples', readonly=True)
    target = fields.Selection(TARGET_SELECTION, string='Field')


class CrmInfinityNominativoImportLine(models.TransientModel):
    """One row of the file in the dry run: what the import does with it and why."""

    _name = 'crm.infinity.nominativo.import.line'
    _description = 'Import row'
    _order = 'row_number'
    _rec_name = 'row_number'

    import_id = fields.Many2one('crm.infinity.nominativo.import', required=True,
                                ondelete='cascade', index=True)
    row_number = fields.Integer('Row', readonly=True)
    action = fields.Selection(ACTIONS, readonly=True)
    name = fields.Char(readonly=True)
    email = fields.Char('E-mail', readonly=True)
    reasons = fields.Text('Why', readonly=True)
    cluster = fields.Integer('Duplicate cluster', readonly=True, group_operator=False)
    matches = fields.Text('Existing records', readonly=True)
    nominativo_id = fields.Many2one(NOMINATIVO, string='Nominativo', readonly=True)
