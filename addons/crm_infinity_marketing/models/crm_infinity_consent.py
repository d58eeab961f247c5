from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError

PURPOSES = [
    ('marketing', 'Marketing communications'),
    ('tracking', 'Open and click tracking'),
    ('profiling', 'Profiling'),
    ('third_party', 'Transfer to third parties'),
]
CHANNELS = [
    ('email', 'E-mail'),
    ('sms', 'SMS'),
    ('phone', 'Phone'),
    ('fax', 'Telefax'),
    ('chat', 'Chat message'),
    ('post', 'Post'),
]
ORIGINS = [
    ('import', 'Import'),
    ('form', 'Web form'),
    ('link', 'Link in a message'),
    ('operator', 'Operator'),
    ('promotion', 'Promotion'),
]


class CrmInfinityConsent(models.Model):
    """One privacy statement of a nominativo or a contact (SPEC M1, M7): for a purpose and a
    channel, granted or revoked, when, how, with which proof. Lines are an audit trail: they are
    never edited; a new line overrides the earlier ones (the latest per subject, purpose and
    channel wins)."""

    _name = 'crm.infinity.consent'
    _description = 'Privacy consent'
    _order = 'date desc, id desc'
    _rec_name = 'purpose'

    nominativo_id = fields.Many2one('crm.infinity.nominativo', string='Prospect', index=True,
                                    ondelete='cascade')
    partner_id = fields.Many2one('res.partner', string='Contact', index=True, ondelete='cascade')
    purpose = fields.Selection(PURPOSES, required=True)
    channel = fields.Selection(CHANNELS, required=True)
    state = fields.Selection([('granted', 'Granted'), ('revoked', 'Revoked')], required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    origin = fields.Selection(ORIGINS, required=True, default='operator')
    proof = fields.Text(help='How the consent was collected: form, document, recording, '
                             'imported file and row.')
    mailing_id = fields.Many2one('mail.mass_mailing', string='Message', ondelete='set null')
    ip = fields.Char('IP address')
    user_agent = fields.Char('Browser (user agent)')
    user_id = fields.Many2one('res.users', string='Recorded by', readonly=True,
                              default=lambda self: self.env.uid)

    _sql_constraints = [
        ('one_subject', 'CHECK((nominativo_id IS NULL) <> (partner_id IS NULL))',
         'A consent belongs to a nominativo or to a contact, not both.'),
    ]

    @api.model
    def create(self, vals):
        # a consent recorded in the form is the current user's statement, now. The context keys
        # come from the caller (XML-RPC too): only our own code, as superuser (the copy of the
        # lines at a promotion, the demo data), keeps a date and an author given.
        if not (self.env.context.get('crm_consent_keep_date') and self.env.uid == SUPERUSER_ID):
            vals.pop('date', None)
            vals['user_id'] = self.env.uid
        return super().create(vals)

    @api.multi
    def write(self, vals):
        raise UserError(_('Consent lines cannot be changed: record a new one.'))

    @api.multi
    def unlink(self):
        if not (self.env.context.get('crm_consent_erase') and self.env.uid == SUPERUSER_ID):
            raise UserError(_('Consent lines cannot be deleted: record a revocation.'))
        return super().unlink()

    # -- helpers (contract: crm_infinity_marketing consumers rely on these) ---------------------

    @api.model
    def _crm_subject_column(self, model_name):
        if model_name == 'crm.infinity.nominativo':
            return 'nominativo_id'
        if model_name == 'res.partner':
            return 'partner_id'
        raise ValueError('consents are kept for nominativi and contacts, not %s' % model_name)

    @api.model
    def _crm_consent_map(self, records, purpose, channel):
        """``{(model_name, id): True/False}`` for every record of ``records`` (nominativi or
        contacts): True when the latest line for ``purpose`` and ``channel`` grants the
        consent; False when it revokes it or there is none. One SQL query, no record rule:
        callers decide who may know."""
        if not records:
            return {}
        column = self._crm_subject_column(records._name)
        result = {(records._name, rid): False for rid in records.ids}
        self.env.cr.execute("""
            SELECT DISTINCT ON ({col}) {col}, state
              FROM crm_infinity_consent
             WHERE {col} = ANY(%s) AND purpose = %s AND channel = %s
          ORDER BY {col}, date DESC, id DESC""".format(col=column),
                            (list(records.ids), purpose, channel))
        for rid, state in self.env.cr.fetchall():
            result[(records._name, rid)] = state == 'granted'
        return result

    @api.model
    def _crm_record_consent(self, record, purpose, channel, state, origin, mailing=None, ip=None,
                            user_agent=None, proof=None):
        """Record a statement of ``record`` (one nominativo or contact) and return the new line.
        Runs with the caller's rights; the public pages call it through ``sudo()`` after their
        token check."""
        record.ensure_one()
        column = self._crm_subject_column(record._name)
        # both subjects given: a default_* of the caller's context cannot add the other one
        return self.create({
            'nominativo_id': False, 'partner_id': False,
            column: record.id,
            'purpose': purpose,
            'channel': channel,
            'state': state,
            'origin': origin,
            'mailing_id': mailing.id if mailing else False,
            'ip': ip or False,
            'user_agent': (user_agent or '')[:512] or False,
            'proof': proof or False,
        })
