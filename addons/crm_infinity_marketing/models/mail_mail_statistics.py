from odoo import api, fields, models

CHANNELS = [
    ('email', 'E-mail'),
    ('sms', 'SMS'),
    ('fax', 'Fax'),
    ('chat', 'Chat'),
    ('phone', 'Phone'),
]
LEDGER_STATES = [
    ('queued', 'Queued'),
    ('sent', 'Sent'),
    ('delivered', 'Delivered'),
    ('deferred', 'Deferred'),
    ('bounced', 'Bounced'),
    ('excluded', 'Excluded'),
]
EXCLUSION_REASONS = [
    ('unsubscribed', 'Unsubscribed'),
    ('blacklisted', 'Blacklisted'),
    ('no_consent', 'No consent'),
    ('no_address', 'No address'),
    ('duplicate', 'Duplicate'),
    ('bounced_before', 'Bounced before'),
]


class MailMailStatistics(models.Model):
    """Odoo's per-recipient row of a mailing, made the send ledger (issue 15 item 6): written
    for every recipient before anything is sent, one row per normalised address and mailing,
    then moved queued -> sent (-> delivered / deferred / bounced), or excluded with a reason."""

    _inherit = 'mail.mail.statistics'

    # the normalised address on the mailing's channel: e-mail (also fax: number@gateway), E.164
    # phone for SMS, 'partner:<id>' for chat
    crm_email_normalized = fields.Char('Address', index=True, readonly=True)
    crm_channel = fields.Selection(CHANNELS, 'Channel', default='email', readonly=True)
    crm_state = fields.Selection(LEDGER_STATES, 'Delivery state', index=True, readonly=True)
    crm_exclusion_reason = fields.Selection(EXCLUSION_REASONS, 'Exclusion reason', readonly=True)
    crm_name = fields.Char('Recipient', readonly=True)
    crm_partner_id = fields.Many2one('res.partner', 'Contact', readonly=True, ondelete='set null')
    crm_bounce_code = fields.Char('Bounce code', readonly=True, help='e.g. 5.1.1')
    crm_bounce_type = fields.Selection([('hard', 'Hard'), ('soft', 'Soft')], 'Bounce type',
                                       readonly=True)
    crm_bounce_reason = fields.Char('Bounce reason', readonly=True)
    crm_open_count = fields.Integer('Opens', readonly=True)
    crm_first_open = fields.Datetime('First open', readonly=True)
    crm_last_open = fields.Datetime('Last open', readonly=True)
    crm_click_count = fields.Integer('Clicks', readonly=True)
    crm_scanner_hits = fields.Integer('Scanner hits', readonly=True,
                                      help='Opens and clicks by security scanners and image '
                                           'proxies, not counted as the person\'s.')
    crm_tracked = fields.Boolean('Tracked', readonly=True,
                                 help='The recipient consented to open and click tracking.')
    crm_error = fields.Char('Error', readonly=True)

    @api.model_cr
    def init(self):
        cr = self.env.cr
        # exactly once: one row per mailing and address, and per record without an address
        cr.execute("""CREATE UNIQUE INDEX IF NOT EXISTS mail_mail_statistics_crm_ledger_uniq
                      ON mail_mail_statistics (mass_mailing_id, crm_email_normalized)""")
        cr.execute("""CREATE UNIQUE INDEX IF NOT EXISTS mail_mail_statistics_crm_noaddr_uniq
                      ON mail_mail_statistics (mass_mailing_id, model, res_id)
                      WHERE crm_email_normalized IS NULL AND crm_state IS NOT NULL""")
        # the sender's claim query: queued rows of a mailing
        cr.execute("""CREATE INDEX IF NOT EXISTS mail_mail_statistics_crm_queue_index
                      ON mail_mail_statistics (mass_mailing_id, id) WHERE crm_state = 'queued'""")
