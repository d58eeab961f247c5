from datetime import timedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .crm_infinity_primanota import CHANNELS

KINDS = [
    ('collaborative', 'Collaborative'),
    ('crm', 'CRM'),
    ('management', 'Management'),
]
EFFECTS = [
    ('assign_user', 'Assign a user'),
    ('assign_team', 'Assign a team'),
    ('set_field', 'Set a field'),
    ('activity', 'Schedule an activity'),
    ('event', 'Create a calendar event'),
    ('mail', 'Send a mail template'),
    ('attach', 'Attach a document'),
    ('method', 'Call a management method'),
]
USER_SOURCES = [
    ('owner', 'Record owner'),
    ('applicant', 'User applying the causale'),
    ('input', 'User given when applying'),
    ('fixed', 'A specific user'),
]
# Management effects may only call model methods named like this: the method is an API an
# addon wrote for causali (e.g. causale_create_quotation), never an arbitrary method. The effect
# names ``causale_x`` and the engine calls the private method ``_causale_x``: private, so that
# nobody calls it over RPC around the causale's checks (groups, write access, all or nothing).
METHOD_PREFIX = 'causale_'


class CrmInfinityCausale(models.Model):
    """A configured action a user applies to a record (SPEC B4): all its effects, or none."""

    _name = 'crm.infinity.causale'
    _description = 'Causale'
    _order = 'sequence, name'

    name = fields.Char(required=True, translate=True)
    code = fields.Char(index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    kind = fields.Selection(KINDS, required=True, default='crm')
    description = fields.Text(translate=True)
    model_ids = fields.Many2many('ir.model', 'crm_infinity_causale_model_rel', 'causale_id',
                                 'model_id', string='Applies to', required=True,
                                 domain=[('transient', '=', False)])
    group_ids = fields.Many2many('res.groups', 'crm_infinity_causale_group_rel', 'causale_id',
                                 'group_id', string='Allowed groups',
                                 help='Only members of these groups may apply the causale '
                                      '(everybody when empty).')
    channel = fields.Selection(CHANNELS, string='Default channel')
    activity_type_id = fields.Many2one('mail.activity.type', string='Default type')
    note_required = fields.Boolean('Note required')
    date_required = fields.Boolean('Date required')
    user_required = fields.Boolean('User required')
    effect_ids = fields.One2many('crm.infinity.causale.effect', 'causale_id', string='Effects',
                                 copy=True)
    primanota_count = fields.Integer(compute='_compute_primanota_count')

    _sql_constraints = [('code_uniq', 'unique(code)', 'The causale code must be unique.')]

    def _compute_primanota_count(self):
        data = self.env['crm.infinity.primanota'].sudo().read_group(
            [('causale_id', 'in', self.ids)], ['causale_id'], ['causale_id'])
        counts = {d['causale_id'][0]: d['causale_id_count'] for d in data}
        for causale in self:
            causale.primanota_count = counts.get(causale.id, 0)

    # -- checks -------------------------------------------------------------------------------

    @api.multi
    def check_applicable(self, records):
        """Refuse, with a message for the user, what he may not do with this causale."""
        self.ensure_one()
        if not self.active:
            raise UserError(_('The causale "%s" is archived.') % self.name)
        if records._name not in self.model_ids.mapped('model'):
            raise UserError(_('The causale "%s" cannot be applied to %s.')
                            % (self.name, records._description or records._name))
        if self.group_ids and self.env.uid != SUPERUSER_ID and \
                not (self.group_ids & self.env.user.groups_id):
            raise AccessError(_('You are not allowed to apply the causale "%s".') % self.name)
        records.check_access_rights('write')
        records.check_access_rule('write')

    @api.multi
    def check_inputs(self, values):
        self.ensure_one()
        missing = []
        if self.note_required and not (values.get('note') or '').strip():
            missing.append(_('a note'))
        if self.date_required and not values.get('date'):
            missing.append(_('a date'))
        if self.user_required and not values.get('user_id'):
            missing.append(_('a user'))
        if missing:
            raise UserError(_('The causale "%s" needs %s.') % (self.name, ', '.join(missing)))

    @api.multi
    def action_view_primanota(self):
        self.ensure_one()
        action = self.env.ref('crm_infinity_base.crm_infinity_primanota_action').read()[0]
        action['domain'] = [('causale_id', '=', self.id)]
        return action


class CrmInfinityCausaleEffect(models.Model):
    """One effect of a causale, run in sequence with the others."""

    _name = 'crm.infinity.causale.effect'
    _description = 'Causale effect'
    _order = 'sequence, id'

    causale_id = fields.Many2one('crm.infinity.causale', required=True, ondelete='cascade',
                                 index=True)
    sequence = fields.Integer(default=10)
    effect_type = fields.Selection(EFFECTS, string='Effect', required=True)
    field_id = fields.Many2one('ir.model.fields', string='Field', ondelete='cascade',
                               domain="[('model_id', 'in', parent.model_ids), "
                                      "('ttype', 'in', ['char', 'text', 'selection', 'integer', "
                                      "'float', 'boolean', 'many2one', 'date', 'datetime', "
                                      "'monetary', 'html'])]",
                               help='Field to set (for "Assign" effects: the field holding the '
                                    'user or team, when not the usual one).')
    value = fields.Char(help='Value to set: the selection key, text, number, 1/0 for yes/no, '
                             'the external ID or name of a record, "today" or "today+N" for dates.')
    user_source = fields.Selection(USER_SOURCES, default='owner', string='User')
    user_id = fields.Many2one('res.users', string='Specific user')
    team_id = fields.Many2one('crm.team', string='Team')
    activity_type_id = fields.Many2one('mail.activity.type')
    summary = fields.Char(translate=True)
    days = fields.Integer('In days', help='Deadline or event start, in days from today '
                                          '(the date given when applying wins).')
    duration = fields.Float('Duration (hours)', default=1.0)
    mail_template_id = fields.Many2one('mail.template', string='Mail template')
    attachment = fields.Binary(attachment=True)
    attachment_name = fields.Char('File name')
    method_name = fields.Char('Method', help='A method of the model named "causale_..."')

    @api.constrains('effect_type', 'method_name', 'field_id', 'mail_template_id', 'attachment')
    def _check_effect(self):
        for effect in self:
            if effect.effect_type == 'method' and not (
                    effect.method_name or '').startswith(METHOD_PREFIX):
                raise ValidationError(_('A management method must be named "%s...".') % METHOD_PREFIX)
            if effect.effect_type == 'set_field' and not effect.field_id:
                raise ValidationError(_('Choose the field the effect sets.'))
            models = effect.causale_id.model_ids
            if effect.effect_type == 'set_field' and (
                    effect.field_id.name == 'id' or models and effect.field_id.model_id not in models):
                raise ValidationError(_('The field "%s" cannot be set on the models of the causale.')
                                      % effect.field_id.field_description)
            if effect.effect_type == 'mail' and not effect.mail_template_id:
                raise ValidationError(_('Choose the mail template the effect sends.'))

    # -- application ----------------------------------------------------------------------------

    def _field_name(self, records, default):
        if self.field_id and self.field_id.model == records._name:
            return self.field_id.name
        return default

    def _target_fields(self, records):
        """Names of the fields of ``records`` this effect changes (for the primanota)."""
        if self.effect_type == 'assign_user':
            return [self._field_name(records, records._crm_owner_field)]
        if self.effect_type == 'assign_team':
            return [self._field_name(records, 'team_id')]
        if self.effect_type == 'set_field':
            return [self.field_id.name]
        return []

    def _resolve_user(self, record, values):
        if self.user_source == 'fixed':
            return self.user_id
        if self.user_source == 'input':
            return self.env['res.users'].browse(values.get('user_id') or [])
        if self.user_source == 'applicant':
            return self.env.user
        owner_field = record._crm_owner_field
        return record[owner_field] if owner_field and owner_field in record._fields else self.env.user

    def _date(self, values):
        if values.get('date'):
            return fields.Datetime.from_string(values['date'])
        return fields.Datetime.from_string(fields.Datetime.now()) + timedelta(days=self.days)

    def _apply(self, records, values):
        handler = getattr(self, '_apply_' + self.effect_type)
        return handler(records, values)

    def _apply_assign_user(self, records, values):
        field = self._field_name(records, records._crm_owner_field)
        if self.user_source == 'owner':
            raise UserError(_('An "Assign a user" effect needs a specific, input or applicant user.'))
        user = self._resolve_user(records[:1], values)
        if not user:
            raise UserError(_('No user to assign.'))
        records.write({field: user.id})

    def _apply_assign_team(self, records, values):
        field = self._field_name(records, 'team_id')
        if field not in records._fields:
            raise UserError(_('%s has no team.') % records._description)
        records.write({field: self.team_id.id})

    def _apply_set_field(self, records, values):
        field = records._fields.get(self.field_id.name)
        if field is None:
            raise UserError(_('%s has no field "%s".') % (records._description, self.field_id.name))
        records.write({field.name: self._convert(records, field, self.value)})

    def _convert(self, records, field, text):
        """The configured text as a value of ``field`` (clear error on a bad value)."""
        text = (text or '').strip()
        ftype = field.type
        try:
            if not text:
                return False
            if ftype == 'selection':
                keys = dict(field._description_selection(self.env))
                if text not in keys:
                    raise ValueError(text)
                return text
            if ftype == 'integer':
                return int(text)
            if ftype in ('float', 'monetary'):
                return float(text.replace(',', '.'))
            if ftype == 'boolean':
                return text.lower() in ('1', 'true', 'yes', 'si', 'sì', 'vero')
            if ftype in ('date', 'datetime'):
                if text.startswith('today'):
                    delta = int(text[5:] or 0)
                    day = fields.Date.from_string(fields.Date.context_today(records)) + timedelta(days=delta)
                    return fields.Date.to_string(day)
                return text
            if ftype == 'many2one':
                comodel = self.env[field.comodel_name]
                if '.' in text:
                    record = self.env.ref(text, raise_if_not_found=False)
                    if record and record._name == comodel._name:
                        return record.id
                if text.isdigit() and comodel.browse(int(text)).exists():
                    return int(text)
                found = comodel.name_search(text, operator='=', limit=2)
                if len(found) == 1:
                    return found[0][0]
                raise ValueError(text)
            return text
        except ValueError:
            raise UserError(_('The value "%s" is not valid for the field "%s".')
                            % (text, field.get_description(self.env)['string']))

    def _apply_activity(self, records, values):
        Activity = self.env['mail.activity']
        model = self.env['ir.model']._get(records._name)
        deadline = fields.Date.to_string(self._date(values))
        activity_type = self.activity_type_id or self.causale_id.activity_type_id
        if 'activity_ids' not in records._fields:
            raise UserError(_('%s has no activities.') % records._description)
        for record in records:
            user = self._resolve_user(record, values) or self.env.user
            Activity.create({
                'res_model_id': model.id, 'res_id': record.id,
                'activity_type_id': activity_type.id,
                'summary': self.summary or self.causale_id.name,
                'note': values.get('note') or False,
                'date_deadline': deadline, 'user_id': user.id,
            })

    def _apply_event(self, records, values):
        start = self._date(values)
        model = self.env['ir.model']._get(records._name)
        for record in records:
            user = self._resolve_user(record, values) or self.env.user
            # in the agenda of the user of the effect and of the record's owner (the deal's
            # salesperson), whoever applies the causale (issue 13); with the customer
            partners = user.partner_id
            owner_field = record._crm_owner_field
            if owner_field and owner_field in record._fields:
                partners |= record.sudo()[owner_field].partner_id
            partner_field = record._crm_partner_field
            if partner_field and partner_field in record._fields and record[partner_field]:
                partners |= record[partner_field]
            extra = record._crm_calendar_event_values()
            self.env['calendar.event'].create(dict(extra, **{
                'name': '%s - %s' % (self.summary or self.causale_id.name, record.display_name),
                'start': fields.Datetime.to_string(start),
                'stop': fields.Datetime.to_string(start + timedelta(hours=self.duration or 1.0)),
                'duration': self.duration or 1.0,
                'user_id': user.id,
                'partner_ids': [(6, 0, partners.ids)],
                'description': values.get('note') or False,
                'res_model_id': model.id, 'res_id': record.id,
            }))

    def _apply_mail(self, records, values):
        template = self.mail_template_id
        if template.model_id.model != records._name:
            raise UserError(_('The mail template "%s" is not for %s.')
                            % (template.name, records._description))
        for record in records:
            template.send_mail(record.id)  # queued in Odoo's mail queue

    def _apply_attach(self, records, values):
        if not self.attachment:
            raise UserError(_('The effect has no document to attach.'))
        for record in records:
            self.env['ir.attachment'].create({
                'name': self.attachment_name or self.causale_id.name,
                'datas_fname': self.attachment_name or self.causale_id.name,
                'datas': self.with_context(bin_size=False).attachment,
                'res_model': record._name, 'res_id': record.id,
            })

    def _apply_method(self, records, values):
        name = (self.method_name or '').strip()
        method = getattr(records, '_' + name, None) if name.startswith(METHOD_PREFIX) else None
        if not callable(method):
            raise UserError(_('%s has no management method "%s".') % (records._description, name))
        method(self.causale_id, values)
