from odoo import api, fields, models

from ..engines.address import normalize_email

REASONS = [
    ('unsubscribed', 'Unsubscribed'),
    ('hard_bounce', 'Hard bounce'),
    ('complaint', 'Complaint'),
    ('manual', 'Manual'),
]


class CrmInfinityBlacklist(models.Model):
    """The global do-not-contact list (SPEC M5/M7): an address here is never sent to, whatever
    list, model or campaign it comes from (Odoo 11 only knows a per-model ``opt_out``)."""

    _name = 'crm.infinity.blacklist'
    _description = 'Blacklisted address'
    _order = 'date desc, id desc'
    _rec_name = 'email_normalized'

    email_normalized = fields.Char('E-mail', index=True)
    phone_normalized = fields.Char('Phone', index=True, help='E.164, for SMS and fax.')
    channel = fields.Selection([('email', 'E-mail'), ('sms', 'SMS'), ('fax', 'Fax'),
                                ('chat', 'Chat'), ('phone', 'Phone')], default='email')
    reason = fields.Selection(REASONS, required=True, default='manual')
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    mailing_id = fields.Many2one('mail.mass_mailing', 'Mailing', ondelete='set null')
    note = fields.Text()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ('email_normalized_uniq', 'unique (email_normalized)',
         'This e-mail address is already in the blacklist.'),
        ('phone_normalized_uniq', 'unique (phone_normalized)',
         'This phone number is already in the blacklist.'),
    ]

    @api.model
    def create(self, vals):
        if vals.get('email_normalized'):
            vals['email_normalized'] = normalize_email(vals['email_normalized']) or False
        return super().create(vals)

    @api.multi
    def write(self, vals):
        if vals.get('email_normalized'):
            vals['email_normalized'] = normalize_email(vals['email_normalized']) or False
        return super().write(vals)

    @api.model
    def _crm_is_blacklisted(self, emails):
        """The blacklisted ones among ``emails`` (normalised here), as a set of normalised
        addresses: one query, whatever the rights of the caller."""
        wanted = {normalize_email(e) for e in emails or ()} - {None, ''}
        if not wanted:
            return set()
        self.env.cr.execute("""SELECT email_normalized FROM crm_infinity_blacklist
                               WHERE active AND email_normalized = ANY(%s)""", (list(wanted),))
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _crm_phones_blacklisted(self, phones):
        """Same as ``_crm_is_blacklisted`` for E.164 numbers (SMS, fax)."""
        wanted = {p for p in phones or () if p}
        if not wanted:
            return set()
        self.env.cr.execute("""SELECT phone_normalized FROM crm_infinity_blacklist
                               WHERE active AND phone_normalized = ANY(%s)""", (list(wanted),))
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _crm_add(self, email=None, phone=None, reason='manual', mailing=None, channel='email',
                 note=None):
        """Blacklist an address (idempotent: an address already there keeps its first reason,
        an archived one is reactivated). Runs in SQL so that two requests at once (the
        unsubscribe page and a bounce) do not fail on the unique index."""
        email = normalize_email(email) if email else None
        if not email and not phone:
            return False
        column = 'email_normalized' if email else 'phone_normalized'
        self.env.cr.execute("""
            INSERT INTO crm_infinity_blacklist (email_normalized, phone_normalized, channel, reason,
                   date, mailing_id, note, active, create_uid, write_uid, create_date, write_date)
            VALUES (%s, %s, %s, %s, now() at time zone 'UTC', %s, %s, true, %s, %s,
                    now() at time zone 'UTC', now() at time zone 'UTC')
            ON CONFLICT ({col}) DO UPDATE SET active = true
            RETURNING id""".format(col=column),
            (email, phone if not email else None, channel, reason, mailing.id if mailing else None,
             note, self.env.uid, self.env.uid))
        self.invalidate_cache()
        return self.browse(self.env.cr.fetchone()[0])
