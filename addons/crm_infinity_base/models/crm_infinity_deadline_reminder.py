import datetime
import logging

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html_escape

from ..engines.deadlines import plan_reminders
from ..engines.phone import to_e164

_logger = logging.getLogger(__name__)

# Sicurweb's "tabella riepilogativa delle scadenze e delle notifiche": who is reminded of what.
# The responsabile commessa (manager) of the commessa dates and of the activities' planned end,
# the assignee of the activity's planned end, the responsible of the lead of its "contatta in
# futuro"; the other deadlines go to the responsible of their record (owner/salesperson).
DEFAULT_REMINDERS = {
    'campaign_end': {'days_before': 3, 'roles': ['owner']},
    'contact_future': {'days_before': 1, 'roles': ['owner']},
    'commessa_end': {'days_before': 7, 'roles': ['manager']},
    'doc_delivery': {'days_before': 7, 'roles': ['manager']},
    'contract_expiry': {'days_before': 30, 'roles': ['manager']},
    'activity_end': {'days_before': 1, 'roles': ['manager', 'assignee']},
    'payment_due': {'days_before': 3, 'roles': ['owner']},
    'quote_expiry': {'days_before': 3, 'roles': ['owner']},
    'sla_deadline': {'days_before': 0, 'roles': ['assignee', 'manager']},
    # Odoo already e-mails the assignee of a planned activity; the digest lists them
    'planned_activity': {'days_before': 0, 'roles': ['assignee'], 'active': False},
}
DIGEST_DAYS = 7
LEDGER_COLUMNS = ('kind', 'res_model', 'res_id', 'deadline_date', 'partner_id', 'channel')


class CrmInfinityDeadlineReminder(models.Model):
    """Who is reminded of a kind of deadline, how many days before, by e-mail and/or SMS (SPEC
    B8). One row per kind, created with Sicurweb's defaults when a kind first appears."""

    _name = 'crm.infinity.deadline.reminder'
    _description = 'Deadline reminder'
    _order = 'kind'
    _rec_name = 'kind'

    kind = fields.Selection(selection='_selection_kind', string='Deadline', required=True)
    active = fields.Boolean(default=True)
    days_before = fields.Integer('Days before', default=1,
                                 help='Reminded from this many days before the deadline until '
                                      'the day itself (0: on the day).')
    notify_owner = fields.Boolean('Record owner', help='Salesperson or responsible of the record.')
    notify_manager = fields.Boolean('Manager', help='Commessa manager, service-center manager, '
                                                    'responsible of the sales group.')
    notify_assignee = fields.Boolean('Assignee')
    notify_customer = fields.Boolean('Customer')
    user_ids = fields.Many2many('res.users', 'crm_infinity_deadline_reminder_user_rel',
                                'reminder_id', 'user_id', string='Also these users')
    channel_email = fields.Boolean('E-mail', default=True)
    channel_sms = fields.Boolean('SMS')
    sms_gateway_id = fields.Many2one('crm.infinity.sms.gateway', string='SMS gateway')

    _sql_constraints = [('kind_uniq', 'unique(kind)', 'One reminder setting per kind of deadline.')]

    @api.model
    def _selection_kind(self):
        return self.env['crm.infinity.deadline.provider']._crm_deadline_kinds()

    @api.constrains('days_before')
    def _check_days_before(self):
        for reminder in self:
            if reminder.days_before < 0 or reminder.days_before > 366:
                raise ValidationError(_('The days before a deadline must be between 0 and 366.'))

    @api.constrains('channel_sms', 'sms_gateway_id')
    def _check_sms(self):
        for reminder in self:
            if reminder.channel_sms and not reminder.sms_gateway_id:
                raise ValidationError(_('Choose the SMS gateway of the reminders by SMS.'))

    @api.model
    def _crm_ensure_kinds(self):
        """A setting with Sicurweb's defaults for each kind of the installed addons lacking
        one."""
        Reminder = self.sudo().with_context(active_test=False)
        existing = set(Reminder.search([]).mapped('kind'))
        for code, _label in self.env['crm.infinity.deadline.provider']._crm_deadline_kinds():
            if code in existing:
                continue
            default = DEFAULT_REMINDERS.get(code, {'days_before': 1, 'roles': ['owner']})
            Reminder.create({
                'kind': code, 'days_before': default['days_before'],
                'active': default.get('active', True),
                'notify_owner': 'owner' in default['roles'],
                'notify_manager': 'manager' in default['roles'],
                'notify_assignee': 'assignee' in default['roles'],
            })
        return True

    @api.model
    def _crm_action_settings(self):
        self._crm_ensure_kinds()
        return self.env.ref('crm_infinity_base.crm_infinity_deadline_reminder_action').read()[0]

    @api.multi
    def _crm_settings(self):
        """The settings as the engine's plain dict ``{kind: {...}}``."""
        settings = {}
        for reminder in self:
            channels = [name for name, on in (('email', reminder.channel_email),
                                              ('sms', reminder.channel_sms and
                                               reminder.sms_gateway_id)) if on]
            settings[reminder.kind] = {
                'days_before': reminder.days_before,
                'roles': [role for role, on in (('owner', reminder.notify_owner),
                                                ('manager', reminder.notify_manager),
                                                ('assignee', reminder.notify_assignee)) if on],
                'customer': reminder.notify_customer,
                'partner_ids': reminder.user_ids.filtered('active').mapped('partner_id').ids,
                'channels': channels, 'gateway': reminder.sms_gateway_id,
            }
        return settings

    # -- the engine -------------------------------------------------------------------------------

    @api.model
    def _cron_send(self):
        """The daily scheduled action: reminders, then the digests."""
        self._crm_ensure_kinds()
        self._crm_send_reminders()
        self._crm_send_digests()
        return True

    @api.model
    def _crm_send_reminders(self, today=None, deadlines=None):
        """Send the reminders due ``today``, each (deadline, recipient, channel) once ever: its
        ledger row is claimed before anything is sent. Runs as superuser: every deadline.
        Returns the number of reminders sent or queued."""
        self = self.sudo()
        today = today or fields.Date.from_string(fields.Date.context_today(self))
        reminders = self.with_context(active_test=True).search([])
        settings = reminders._crm_settings()
        if not settings:
            return 0
        if deadlines is None:
            longest = max(s['days_before'] for s in settings.values())
            deadlines = self.env['crm.infinity.deadline.provider']._crm_deadlines(
                today, today + datetime.timedelta(days=longest), kinds=list(settings))
        users = self.env['res.users'].browse(
            {uid for d in deadlines for uid in d.get('user_ids') or []}
            | {uid for d in deadlines for ids in (d.get('roles') or {}).values() for uid in ids})
        partner_of_user = {user.id: user.partner_id.id for user in users.exists() if user.active}
        done = 0
        readable = {}
        for item in plan_reminders(deadlines, settings, today, partner_of_user):
            deadline = item['deadline']
            own = {partner_of_user.get(uid) for uid in deadline.get('user_ids') or []} | {
                partner_of_user.get(uid) for ids in (deadline.get('roles') or {}).values()
                for uid in ids}
            if item['partner_id'] not in own and not self._crm_partner_may_read(
                    item['partner_id'], deadline, readable):
                continue  # e.g. a salesperson in "Also these users" of a commessa's deadline
            ledger_id = self._crm_claim(item['key'])
            if not ledger_id:
                continue  # already sent, or being sent by another worker
            partner = self.env['res.partner'].browse(item['partner_id'])
            setting = settings[item['deadline']['kind']]
            self._crm_deliver(ledger_id, item, partner, setting)
            done += 1
        return done

    @api.model
    def _crm_partner_may_read(self, partner_id, deadline, cache):
        """For the fixed recipients of a kind ("Also these users"): False when the recipient is
        the partner of internal users none of whom may read the deadline's record (its record
        rules), so that a reminder never tells a user of a record hidden from him. The people
        of the deadline itself (its roles) are the provider's choice, partners without a user
        (the customer) the setting's."""
        model, res_id = deadline['res_model'], deadline['res_id']
        if model not in self.env or not self.env[model].browse(res_id).exists():
            return True
        key = (partner_id, model, res_id)
        if key not in cache:
            users = self.env['res.users'].search([('partner_id', '=', partner_id),
                                                  ('share', '=', False)])
            cache[key] = not users or any(self._crm_user_may_read(user, model, res_id)
                                          for user in users)
        return cache[key]

    @api.model
    def _crm_user_may_read(self, user, model, res_id):
        Model = self.env[model].sudo(user)
        if not Model.check_access_rights('read', raise_exception=False):
            return False
        return bool(Model.with_context(active_test=False).search([('id', '=', res_id)],
                                                                 limit=1))

    @api.model
    def _crm_claim(self, key):
        """Insert the ledger row of ``key`` unless it exists; its id, or None when another run
        has it. Under REPEATABLE READ a row inserted by a concurrent transaction makes the
        INSERT wait for it, then fail with a serialization error instead of doing nothing: in a
        savepoint, so that it only means "taken"."""
        cr = self.env.cr
        cr.execute('SAVEPOINT crm_deadline_claim')
        try:
            cr.execute("""
                INSERT INTO crm_infinity_deadline_reminder_log
                    (create_uid, write_uid, create_date, write_date, state,
                     kind, res_model, res_id, deadline_date, partner_id, channel)
                VALUES (%s, %s, now() at time zone 'UTC', now() at time zone 'UTC', 'claimed',
                        %s, %s, %s, %s, %s, %s)
                ON CONFLICT DO NOTHING RETURNING id""",
                       (self.env.uid, self.env.uid) + tuple(key), log_exceptions=False)
            row = cr.fetchone()
        except psycopg2.extensions.TransactionRollbackError:
            cr.execute('ROLLBACK TO SAVEPOINT crm_deadline_claim')
            return None
        cr.execute('RELEASE SAVEPOINT crm_deadline_claim')
        return row and row[0]

    @api.model
    def _crm_deliver(self, ledger_id, item, partner, setting):
        deadline = item['deadline']
        lang = partner.lang or self.env.user.lang or 'it_IT'
        self = self.with_context(lang=lang)
        labels = dict(self.env['crm.infinity.deadline.provider']._crm_deadline_kinds())
        label = labels.get(deadline['kind'], deadline['kind'])
        day = self._crm_format_date(item['day'], lang)
        Ledger = self.env['crm.infinity.deadline.reminder.log'].browse(ledger_id)
        if item['channel'] == 'email':
            if not partner.email:
                Ledger.write({'state': 'failed', 'error': _('No e-mail address.')})
                return
            subject = _('Reminder: %s - %s on %s') % (label, deadline['name'], day)
            link = self._crm_record_url(deadline) if partner.user_ids else ''
            body = '<p>%s</p><p><strong>%s</strong>: %s%s</p>%s' % (
                html_escape(_('Deadline of %s:') % day), html_escape(label),
                html_escape(deadline['name']),
                (' (%s)' % html_escape(deadline['note'])) if deadline.get('note') else '',
                ('<p><a href="%s">%s</a></p>' % (html_escape(link), html_escape(_('Open'))))
                if link else '')
            # not attached to the record: a reminder is not a message of its chatter
            mail = self.env['mail.mail'].create({
                'subject': subject, 'body_html': body, 'recipient_ids': [(4, partner.id)],
                'auto_delete': False})
            Ledger.write({'state': 'queued', 'mail_id': mail.id})
        else:
            number = to_e164(partner.mobile or partner.phone)
            if not number:
                Ledger.write({'state': 'failed', 'error': _('No mobile number.')})
                return
            text = _('Reminder %s: %s - %s') % (day, label, deadline['name'])
            ok, error = setting['gateway'].send(number, text[:300])
            Ledger.write({'state': 'sent' if ok else 'failed', 'error': error or False})
            self.env['crm.infinity.communication'].create({
                'partner_id': partner.id, 'kind': 'sms', 'direction': 'out',
                'subject': _('Deadline reminder'), 'note': text, 'phone': number,
                'state': 'done' if ok else 'failed', 'error': error or False,
                'res_model': deadline['res_model'], 'res_id': deadline['res_id']})

    @api.model
    def _crm_format_date(self, day, lang):
        language = self.env['res.lang']._lang_get(lang)
        return day.strftime(language.date_format if language else '%d/%m/%Y')

    @api.model
    def _crm_record_url(self, deadline):
        base = self.env['ir.config_parameter'].sudo().get_param('web.base.url', '')
        return '%s/web#model=%s&id=%s&view_type=form' % (base, deadline['res_model'],
                                                          deadline['res_id'])

    # -- the daily digest -------------------------------------------------------------------------

    @api.model
    def _crm_digest_users(self):
        return self.env['res.users'].sudo().search([
            ('share', '=', False), ('crm_deadline_digest', '=', True), ('email', '!=', False),
            ('groups_id', 'in', self.env.ref('base.group_user').id)])

    @api.model
    def _crm_send_digests(self, today=None, users=None):
        """One e-mail per user listing his deadlines of the next days, computed as him (his
        record rules); none when he has none; at most one per user and day (ledger)."""
        self = self.sudo()
        days = int(self.env['ir.config_parameter'].get_param(
            'crm_infinity.deadline_digest_days', DIGEST_DAYS) or DIGEST_DAYS)
        sent = 0
        for user in (users or self._crm_digest_users()):
            user_today = today or fields.Date.from_string(
                fields.Date.context_today(self.sudo(user).with_context(tz=user.tz)))
            env_user = self.sudo(user).with_context(lang=user.lang or 'it_IT', tz=user.tz)
            deadlines = [d for d in env_user.env['crm.infinity.deadline.provider']._crm_deadlines(
                user_today, user_today + datetime.timedelta(days=days))
                if user.id in (d.get('user_ids') or [])]
            if not deadlines:
                continue
            key = ('digest', 'res.users', user.id, user_today.isoformat(), user.partner_id.id,
                   'email')
            ledger_id = self._crm_claim(key)
            if not ledger_id:
                continue
            env_user._crm_send_digest(ledger_id, user, deadlines, user_today, days)
            sent += 1
        return sent

    @api.model
    def _crm_send_digest(self, ledger_id, user, deadlines, today, days):
        """Runs as ``user`` (labels in his language); the mail is created as superuser."""
        lang = self.env.context.get('lang') or 'it_IT'
        labels = dict(self.env['crm.infinity.deadline.provider']._crm_deadline_kinds())
        tz = self.env['crm.infinity.deadline']._crm_tz()
        rows = []
        for deadline in sorted(deadlines, key=lambda d: (str(d['date']), d['kind'])):
            value = deadline['date']
            if isinstance(value, datetime.datetime):
                local = value.replace(tzinfo=datetime.timezone.utc).astimezone(tz)
                when = '%s %s' % (self._crm_format_date(local.date(), lang),
                                  local.strftime('%H:%M'))
            else:
                when = self._crm_format_date(value, lang)
            rows.append('<tr><td>%s</td><td>%s</td><td><a href="%s">%s</a></td><td>%s</td></tr>'
                        % (html_escape(when), html_escape(labels.get(deadline['kind'], '')),
                           html_escape(self._crm_record_url(deadline)),
                           html_escape(deadline['name']), html_escape(deadline.get('note') or '')))
        subject = _('Your deadlines of the next %d days: %d') % (days, len(deadlines))
        body = ('<p>%s</p><table border="1" cellpadding="4" style="border-collapse:collapse">'
                '<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>%s</table>') % (
            html_escape(_('Hello %s, these are your deadlines from %s:') % (
                user.name, self._crm_format_date(today, lang))),
            html_escape(_('Date')), html_escape(_('Kind')), html_escape(_('Subject')),
            html_escape(_('Details')), ''.join(rows))
        mail = self.env['mail.mail'].sudo().create({
            'subject': subject, 'body_html': body, 'recipient_ids': [(4, user.partner_id.id)],
            'auto_delete': False})
        self.env['crm.infinity.deadline.reminder.log'].sudo().browse(ledger_id).write(
            {'state': 'queued', 'mail_id': mail.id})


class CrmInfinityDeadlineReminderLog(models.Model):
    """The ledger of the reminders and digests sent (SPEC B8): one row per (kind, record,
    deadline date, recipient, channel), unique, inserted before sending — the proof that each
    reminder went out once, even with two cron workers."""

    _name = 'crm.infinity.deadline.reminder.log'
    _description = 'Deadline reminder sent'
    _order = 'id desc'
    _rec_name = 'kind'

    kind = fields.Char('Kind', required=True, readonly=True, index=True)
    res_model = fields.Char('Document model', required=True, readonly=True)
    res_id = fields.Integer('Document ID', required=True, readonly=True)
    deadline_date = fields.Date('Deadline', required=True, readonly=True)
    partner_id = fields.Many2one('res.partner', string='Recipient', required=True, readonly=True,
                                 ondelete='cascade', index=True)
    channel = fields.Selection([('email', 'E-mail'), ('sms', 'SMS')], required=True,
                               readonly=True)
    state = fields.Selection([('claimed', 'Being sent'), ('queued', 'Queued'), ('sent', 'Sent'),
                              ('failed', 'Failed')], readonly=True, default='claimed')
    error = fields.Char(readonly=True)
    mail_id = fields.Many2one('mail.mail', string='E-mail', readonly=True, ondelete='set null')

    _sql_constraints = [
        ('reminder_uniq', 'unique(kind, res_model, res_id, deadline_date, partner_id, channel)',
         'This reminder was already sent.'),
    ]
