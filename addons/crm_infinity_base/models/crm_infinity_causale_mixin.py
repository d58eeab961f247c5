from datetime import datetime

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

NO_TRACK = 'crm_infinity_no_track'


class CrmInfinityCausaleMixin(models.AbstractModel):
    """What a model inherits to take part in the CRM Infinity engines:

    * causali: ``apply_causale(causale_id, values)`` (UI wizard and RPC), all effects or none;
    * primanota: a log line for every causale applied and every change of the fields listed in
      ``_primanota_tracked_fields``, with the old and new values;
    * system events: ``_crm_emit(code)`` runs the notification rules listening to ``code``.

    Models say where their owner, assignee, customer and manager are with ``_crm_owner_field``,
    ``_crm_assignee_field``, ``_crm_partner_field`` and ``_crm_manager_field`` (a dotted path,
    e.g. ``center_id.manager_id``).
    """

    _name = 'crm.infinity.causale.mixin'
    _description = 'CRM Infinity causali and primanota'

    _primanota_tracked_fields = []
    _crm_owner_field = 'user_id'
    _crm_assignee_field = None
    _crm_partner_field = 'partner_id'
    _crm_manager_field = None

    primanota_ids = fields.Many2many('crm.infinity.primanota', string='Primanota',
                                     compute='_compute_primanota_ids')
    primanota_count = fields.Integer('Primanota lines', compute='_compute_primanota_ids')

    @api.multi
    def _compute_primanota_ids(self):
        """The log lines of each record that the user may read (record rules of the primanota:
        his own lines and those of records owned by him or his subordinates)."""
        Primanota = self.env['crm.infinity.primanota']
        lines = Primanota.search([('res_model', '=', self._name), ('res_id', 'in', self.ids)])
        by_record = {}
        for line in lines:
            by_record.setdefault(line.res_id, []).append(line.id)
        for record in self:
            ids = by_record.get(record.id, [])
            record.primanota_ids = [(6, 0, ids)]
            record.primanota_count = len(ids)

    # -- tracked changes ------------------------------------------------------------------------

    @api.model
    def create(self, vals):
        record = super().create(vals)
        if self._primanota_tracked_fields and not self.env.context.get(NO_TRACK):
            tracked = [f for f in self._primanota_tracked_fields if vals.get(f)]
            after = record._primanota_snapshot(tracked)[record.id]
            changes = {f: [None, after[f]] for f in tracked}
            record._primanota_log([{'res_id': record.id, 'res_name': record.display_name,
                                    'event_code': 'create', 'changes': changes,
                                    'channel': 'system'}])
        return record

    @api.multi
    def write(self, vals):
        owner = self._crm_owner_field
        if owner and owner in vals and owner in self._fields:
            self.env['crm.infinity.primanota'].sudo()._set_owner(
                self._name, {record.id: vals[owner] for record in self})
        tracked = [f for f in self._primanota_tracked_fields if f in vals]
        if not tracked or self.env.context.get(NO_TRACK):
            return super().write(vals)
        before = self._primanota_snapshot(tracked)
        res = super().write(vals)
        after = self._primanota_snapshot(tracked)
        entries = []
        for record in self:
            changes = _diff(before[record.id], after[record.id])
            if changes:
                entries.append({'res_id': record.id, 'res_name': record.display_name,
                                'event_code': 'write', 'changes': changes, 'channel': 'system'})
        self._primanota_log(entries)
        return res

    @api.multi
    def _primanota_snapshot(self, field_names):
        """{id: {field: value as the log shows it}}, read in one batch."""
        if not field_names:
            return {r.id: {} for r in self}
        snapshot = {}
        for row in self.sudo().read(field_names):
            snapshot[row['id']] = {f: _loggable(self._fields[f], row[f], self.env) for f in field_names}
        return snapshot

    @api.multi
    def _primanota_log(self, entries, **common):
        owner = self._crm_owner_field if self._crm_owner_field in self._fields else None
        owners = {r.id: r[owner].id for r in self.sudo()} if owner else {}
        for entry in entries:
            entry.setdefault('res_model', self._name)
            entry.setdefault('owner_id', owners.get(entry['res_id']))
            for key, value in common.items():
                entry.setdefault(key, value)
        # the author is who acted, taken before the engine's sudo(); never from the entries
        return self.env['crm.infinity.primanota'].sudo()._log(entries, author_id=self.env.uid)

    # -- causali --------------------------------------------------------------------------------

    @api.multi
    def apply_causale(self, causale_id, values=None):
        """Apply a causale to these records: all its effects and their log, or nothing.

        ``values`` (optional): ``note``, ``date`` (datetime string), ``user_id``, ``channel``.
        Callable by RPC: ``execute_kw(model, 'apply_causale', [[ids], causale_id, values])``.
        """
        values = self._crm_causale_values(causale_id, values)
        causale = self.env['crm.infinity.causale'].browse(int(causale_id)).exists()
        if not causale:
            raise UserError(_('The causale does not exist.'))
        if not self:
            return True
        causale.check_applicable(self)
        causale.check_inputs(values)
        # values the log keeps, checked before any effect runs
        self.env['crm.infinity.primanota']._check_values(values.get('channel'), values.get('date'))
        effects = causale.effect_ids.sorted(lambda e: (e.sequence, e.id))
        tracked = sorted({f for effect in effects for f in effect._target_fields(self) if f})
        before = self._primanota_snapshot(tracked)
        records = self.with_context(**{NO_TRACK: True})
        try:
            with self.env.cr.savepoint():
                for effect in effects:
                    effect._apply(records, values)
        except (UserError, ValidationError, AccessError) as error:
            self.invalidate_cache()
            raise UserError(_('The causale "%s" was not applied: %s') % (causale.name, error.name))
        except Exception as error:
            self.invalidate_cache()
            raise UserError(_('The causale "%s" was not applied: %s') % (causale.name, error))
        after = self._primanota_snapshot(tracked)
        channel = values.get('channel') or causale.channel
        names = dict(self.name_get())
        self._primanota_log([{
            'res_id': record.id, 'res_name': names.get(record.id),
            'causale_id': causale.id, 'event_code': 'causale', 'channel': channel,
            'changes': _diff(before[record.id], after[record.id]),
            'note': values.get('note'), 'input_date': values.get('date'),
        } for record in self])
        self._crm_emit('causale_applied', {'causale': causale.code or causale.name})
        return True

    @api.model
    def _crm_causale_values(self, causale_id, values):
        """The values given to ``apply_causale`` (by RPC too), or a clear error: texts for the
        note, the date and the channel, the ID of a user for ``user_id``."""
        def bad():
            raise UserError(_('The values to apply the causale are not valid: the causale and '
                              'the user are IDs, the note, the date and the channel are texts.'))
        if isinstance(causale_id, bool) or not isinstance(causale_id, (int, str)) \
                or not str(causale_id).strip().isdigit():
            bad()
        if values and not isinstance(values, dict):
            bad()
        values = dict(values or {})
        for key in ('note', 'channel'):
            if values.get(key) and not isinstance(values[key], str):
                bad()
        if values.get('date') and not isinstance(values['date'], (str, datetime)):
            bad()
        user_id = values.get('user_id')
        if user_id and (isinstance(user_id, bool) or not isinstance(user_id, int)):
            bad()
        return values

    @api.multi
    def _crm_calendar_event_values(self):
        """Extra values of the calendar event a causale plans on this record (e.g. the link to
        a deal that Odoo's meeting counter reads)."""
        self.ensure_one()
        return {}

    @api.multi
    def action_open_causale_wizard(self):
        return {
            'type': 'ir.actions.act_window',
            'name': _('Apply a causale'),
            'res_model': 'crm.infinity.causale.apply.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_res_model': self._name, 'default_res_ids': ','.join(map(str, self.ids))},
        }

    @api.multi
    def action_view_primanota(self):
        action = self.env.ref('crm_infinity_base.crm_infinity_primanota_action').read()[0]
        action['domain'] = [('res_model', '=', self._name), ('res_id', 'in', self.ids)]
        action['context'] = {}
        return action

    @api.multi
    def action_verify_primanota(self):
        self.check_access_rights('read')
        self.check_access_rule('read')
        lines = self.env['crm.infinity.primanota'].sudo().search(
            [('res_model', '=', self._name), ('res_id', 'in', self.ids)])
        if not lines:
            return self.env['crm.infinity.primanota']._notify(_('No primanota lines yet.'))
        return lines.action_verify()

    # -- system events --------------------------------------------------------------------------

    @api.multi
    def _crm_emit(self, code, values=None):
        return self.env['crm.infinity.event']._emit(code, self, values)


def _loggable(field, value, env):
    """A read() value as the primanota keeps it: raw values, shown in the reader's language
    (``crm.infinity.primanota._display``): selection keys, [id, name] of related records (the
    name as it was, shown if the reader may not read the record or it is gone)."""
    if field.type == 'many2one':
        return list(value) if value else None
    if field.type in ('many2many', 'one2many'):
        records = env[field.comodel_name].browse(value).sudo()
        return sorted(([r.id, r.display_name] for r in records), key=lambda pair: pair[1] or '')
    if value is False and field.type != 'boolean':
        return None
    return value


def _diff(before, after):
    return {f: [before.get(f), after.get(f)] for f in after if before.get(f) != after.get(f)}
