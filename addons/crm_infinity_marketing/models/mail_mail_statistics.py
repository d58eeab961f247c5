import logging
from datetime import datetime

from odoo import _, api, fields, models

from ..engines import dsn, scanner

_logger = logging.getLogger(__name__)
SOFT_BOUNCE_LIMIT_PARAM = 'crm_infinity_marketing.soft_bounce_limit'

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
    crm_email = fields.Char('Address given', readonly=True,
                            help='The address as found on the recipient (also for duplicates).')
    crm_unsubscribed = fields.Datetime('Unsubscribed', readonly=True)
    # the sending workers' bookkeeping (see mail.mass_mailing._crm_send_queue)
    crm_claim = fields.Char('Claimed by', readonly=True, copy=False)
    crm_claim_date = fields.Datetime('Claimed on', readonly=True, copy=False)
    crm_attempt = fields.Datetime('Handed over on', readonly=True, copy=False)

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

    # -- outcomes (called by the tracking controllers and the mail gateway, after the token
    #    or bounce address check; they run as superuser) ------------------------------------

    @api.model
    def _crm_seconds_since_sent(self, sent):
        if not sent:
            return None
        return (datetime.utcnow() - fields.Datetime.from_string(sent)).total_seconds()

    @api.model
    def _crm_fast_commit(self):
        """The counters of a pixel or click request need not wait for the disk: a crash may
        lose the last fraction of a second of opens, never corrupt anything (PostgreSQL's
        ``synchronous_commit = off``, for this transaction only)."""
        self.env.cr.execute('SET LOCAL synchronous_commit = off')

    @api.model
    def _crm_track_open(self, stat_id, method='GET', user_agent=None):
        """Count an open of the pixel of ledger row ``stat_id`` (or a scanner hit): one
        statement (an open needs no timing check, see ``engines.scanner``). None when the row
        does not exist or its recipient did not consent to tracking."""
        cr = self.env.cr
        self._crm_fast_commit()
        reason = scanner.classify(method, user_agent, None)
        if reason:
            cr.execute("""UPDATE mail_mail_statistics
                             SET crm_scanner_hits = coalesce(crm_scanner_hits, 0) + 1
                           WHERE id = %s AND crm_tracked RETURNING id""", (stat_id,))
        else:
            cr.execute("""UPDATE mail_mail_statistics
                             SET crm_open_count = coalesce(crm_open_count, 0) + 1,
                                 crm_first_open = coalesce(crm_first_open, now() at time zone 'UTC'),
                                 crm_last_open = now() at time zone 'UTC',
                                 opened = coalesce(opened, now() at time zone 'UTC')
                           WHERE id = %s AND crm_tracked RETURNING id""", (stat_id,))
        if not cr.fetchone():
            return None
        self.invalidate_cache(ids=[stat_id])
        return reason or 'open'

    @api.model
    def _crm_track_click(self, stat_id, link_id, method='GET', user_agent=None, ip=None):
        """Record a click of link ``link_id`` by ledger row ``stat_id``; return the link's URL,
        or None when the link is not one of the row's mailing."""
        cr = self.env.cr
        self._crm_fast_commit()
        cr.execute("""SELECT s.sent, s.crm_tracked, l.url FROM mail_mail_statistics s
                        JOIN link_tracker l ON l.id = %s AND l.mass_mailing_id = s.mass_mailing_id
                       WHERE s.id = %s""", (link_id, stat_id))
        row = cr.fetchone()
        if not row:
            return None
        sent, tracked, url = row
        if not tracked:
            return url
        cr.execute("""SELECT count(*) FROM link_tracker_click
                       WHERE mail_stat_id = %s AND link_id != %s
                         AND create_date > now() at time zone 'UTC' - interval '%s seconds'""",
                   (stat_id, link_id, scanner.BURST_SECONDS))
        others = cr.fetchone()[0]
        reason = scanner.classify(method, user_agent, self._crm_seconds_since_sent(sent),
                                  kind='click', recent_other_links=others)
        stat = self.browse(stat_id)
        self.env['link.tracker.click'].sudo().create({
            'link_id': link_id, 'mail_stat_id': stat_id, 'ip': ip,
            'mass_mailing_id': stat.mass_mailing_id.id,
            'mass_mailing_campaign_id': stat.mass_mailing_campaign_id.id,
            'crm_is_scanner': bool(reason)})
        if reason:
            cr.execute("""UPDATE mail_mail_statistics SET crm_scanner_hits = coalesce(crm_scanner_hits, 0) + 1
                           WHERE id = %s""", (stat_id,))
        else:
            cr.execute("""UPDATE mail_mail_statistics
                             SET crm_click_count = coalesce(crm_click_count, 0) + 1,
                                 clicked = coalesce(clicked, now() at time zone 'UTC'),
                                 opened = coalesce(opened, now() at time zone 'UTC')
                           WHERE id = %s""", (stat_id,))
        self.invalidate_cache(ids=[stat_id])
        return url

    @api.model
    def _crm_unsubscribe(self, stat_id, ip=None, user_agent=None):
        """The recipient of ledger row ``stat_id`` confirmed the unsubscription: a revoked
        marketing consent with the audit (when, which message, IP, user agent) and the address
        in the blacklist. A second call for the same row changes nothing (replay)."""
        cr = self.env.cr
        cr.execute("""SELECT id FROM mail_mail_statistics WHERE id = %s AND crm_unsubscribed IS NULL
                      FOR UPDATE""", (stat_id,))
        if not cr.fetchone():
            return False
        cr.execute("""UPDATE mail_mail_statistics SET crm_unsubscribed = now() at time zone 'UTC'
                       WHERE id = %s""", (stat_id,))
        self.invalidate_cache(ids=[stat_id])
        stat = self.browse(stat_id)
        mailing = stat.mass_mailing_id
        channel = stat.crm_channel or 'email'
        subject = self._crm_consent_subject(stat)
        if subject:
            self.env['crm.infinity.consent']._crm_record_consent(
                subject, 'marketing', channel, 'revoked', 'link', mailing=mailing, ip=ip,
                user_agent=user_agent,
                proof=_('Unsubscribe link of the message "%s"') % (mailing.name or ''))
        Blacklist = self.env['crm.infinity.blacklist']
        if channel in ('email',):
            Blacklist._crm_add(email=stat.crm_email_normalized, reason='unsubscribed',
                               mailing=mailing, channel=channel)
        elif channel == 'sms':
            Blacklist._crm_add(phone=stat.crm_email_normalized, reason='unsubscribed',
                               mailing=mailing, channel=channel)
        return True

    @api.model
    def _crm_consent_subject(self, stat):
        if stat.model in ('crm.infinity.nominativo', 'res.partner') and stat.res_id:
            record = self.env[stat.model].browse(stat.res_id).exists()
            if record:
                return record
        return stat.crm_partner_id

    @api.model
    def _crm_record_bounces(self, report, stat_id=None):
        """Apply a parsed bounce (``engines.dsn.Report``) to the ledger: the row named by the
        bounce address (``stat_id``), else the one whose Message-ID bounced, else the last row
        sent to the address. Hard bounces (and the N-th soft one) blacklist the address."""
        done = self.browse()
        limit = int(self.env['ir.config_parameter'].sudo().get_param(
            SOFT_BOUNCE_LIMIT_PARAM, dsn.SOFT_TO_HARD))
        for bounce in report.bounces:
            stat = self._crm_bounced_row(bounce, report, stat_id)
            if not stat:
                _logger.info('bounce for %s matches no ledger row', bounce.recipient)
                continue
            state = bounce.state
            values = {'crm_bounce_code': bounce.status, 'crm_bounce_reason': bounce.reason}
            if state == 'delivered':
                if stat.crm_state in ('sent', 'deferred'):
                    self.env.cr.execute("UPDATE mail_mail_statistics SET crm_state = 'delivered' "
                                        "WHERE id = %s", (stat.id,))
                continue
            values['crm_bounce_type'] = bounce.bounce_type
            values['crm_state'] = state
            if state == 'bounced':
                values['bounced'] = fields.Datetime.now()
            stat.sudo().write(values)
            done |= stat
            if state != 'bounced':
                continue
            soft = 0
            if bounce.bounce_type == 'soft':
                self.env.cr.execute("""SELECT count(*) FROM mail_mail_statistics
                                        WHERE crm_email_normalized = %s AND crm_state = 'bounced'
                                          AND crm_bounce_type = 'soft'""",
                                    (stat.crm_email_normalized,))
                soft = self.env.cr.fetchone()[0]
            if dsn.is_hard(bounce.bounce_type, soft, limit) and stat.crm_channel in ('email',
                                                                                      'fax'):
                self.env['crm.infinity.blacklist']._crm_add(
                    email=stat.crm_email_normalized, reason='hard_bounce',
                    mailing=stat.mass_mailing_id, channel=stat.crm_channel,
                    note='%s %s' % (bounce.status, bounce.reason))
        return done

    @api.model
    def _crm_bounced_row(self, bounce, report, stat_id):
        if stat_id:
            stat = self.browse(stat_id).exists()
            if stat and (stat.crm_email_normalized == bounce.recipient
                         or len(report.bounces) == 1):
                return stat
        if report.original_message_id:
            stat = self.search([('message_id', '=', report.original_message_id.strip()),
                                ('crm_state', '!=', False)], limit=1)
            if stat:
                return stat
        return self.search([('crm_email_normalized', '=', bounce.recipient),
                            ('crm_state', 'in', ('sent', 'delivered', 'deferred'))],
                           order='sent desc, id desc', limit=1)
