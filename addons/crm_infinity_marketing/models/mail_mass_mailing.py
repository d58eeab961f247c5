import logging
import re
import threading
import time
import uuid

import psycopg2
from psycopg2.extras import execute_values

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_infinity_base.engines.phone import to_e164
from odoo.addons.crm_infinity_sales.offers import merge

from ..engines import ledger, tokens
from ..engines.address import normalize_email
from .tracking_key import tracking_keys
from .mail_mail_statistics import CHANNELS

_logger = logging.getLogger(__name__)

# the variables a marketing message may use (the sales addon's sandboxed mail merge)
SCHEMA = {
    'today': merge.SCALAR,
    'recipient': ('name', 'first_name', 'email', 'phone', 'company', 'function', 'city'),
    'company': ('name', 'vat', 'street', 'zip', 'city', 'phone', 'email', 'website'),
    'mailing': ('subject',),
}
FAX_GATEWAY_PARAM = 'crm_infinity_marketing.fax_gateway_domain'
CLAIM_TIMEOUT = 600  # seconds: a claim older than this belongs to a worker that died
LEDGER_CHUNK = 1000  # recipients planned and inserted at a time (memory flat in N)
UNSUBSCRIBE_PLACEHOLDER = '/unsubscribe_from_list'
HREF_RE = re.compile(r'(<a\b[^>]*?\bhref=")(https?://[^"]+)(")', re.I)


class MailMassMailing(models.Model):
    """Odoo's mass mailing, sent through the send ledger (issue 15 item 6): ``action_crm_send``
    (and Odoo's own "send now"/queue) first writes one ledger row per recipient (normalised
    address; duplicates, blacklisted, unsubscribed, without consent or address excluded with the
    reason), then cron workers claim queued rows (``FOR UPDATE SKIP LOCKED``), render them with
    the sales addon's mail merge and hand them to the channel: e-mail and fax through Odoo's
    ``ir.mail_server``, SMS through the core SMS gateway, chat as a Discuss message."""

    _inherit = 'mail.mass_mailing'

    crm_channel = fields.Selection(CHANNELS[:4], 'Channel', default='email', required=True)
    crm_sms_gateway_id = fields.Many2one('crm.infinity.sms.gateway', 'SMS gateway',
                                         ondelete='restrict')
    crm_text = fields.Text('Text', help='The text of an SMS or chat message; merge fields allowed. '
                                        'Empty: the body as plain text.')
    crm_ledger_date = fields.Datetime('Recipients fixed on', readonly=True, copy=False)
    crm_queued_count = fields.Integer('Queued', compute='_compute_crm_counts')
    crm_sent_count = fields.Integer('Sent', compute='_compute_crm_counts')
    crm_excluded_count = fields.Integer('Excluded', compute='_compute_crm_counts')
    crm_bounced_count = fields.Integer('Bounced', compute='_compute_crm_counts')
    crm_recipient_count = fields.Integer('Recipients', compute='_compute_crm_counts')

    @api.multi
    def _compute_crm_counts(self):
        counts = {}
        if self.ids:
            self.env.cr.execute("""SELECT mass_mailing_id, crm_state, count(*)
                                     FROM mail_mail_statistics
                                    WHERE mass_mailing_id = ANY(%s) AND crm_state IS NOT NULL
                                 GROUP BY 1, 2""", (self.ids,))
            for mailing_id, state, count in self.env.cr.fetchall():
                counts.setdefault(mailing_id, {})[state] = count
        for mailing in self:
            by_state = counts.get(mailing.id, {})
            mailing.crm_queued_count = by_state.get('queued', 0)
            mailing.crm_sent_count = sum(by_state.get(s, 0) for s in ('sent', 'delivered',
                                                                       'deferred'))
            mailing.crm_excluded_count = by_state.get('excluded', 0)
            mailing.crm_bounced_count = by_state.get('bounced', 0)
            mailing.crm_recipient_count = sum(by_state.values())

    # -- actions -----------------------------------------------------------------------------

    @api.multi
    def action_crm_send(self):
        """Fix the recipients in the ledger and queue the mailing for the sending workers."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        if len(self) == 1 and not self._crm_check_lists_confirmed():
            # dynamic lists changed since the user last looked: he sees and confirms first
            return self.action_crm_confirm_lists('action_crm_send')
        for mailing in self:
            mailing._crm_check_sendable()
            mailing._crm_build_ledger()
        self.write({'state': 'in_queue', 'sent_date': fields.Datetime.now()})
        return True

    @api.multi
    def send_mail(self, res_ids=None):
        """Odoo's "send now" goes through the ledger too: one way to send."""
        result = self.action_crm_send()
        if result is not True:
            return result  # the confirmation of the dynamic lists comes first
        self._crm_send_queue()
        return True

    @api.multi
    def put_in_queue(self):
        return self.action_crm_send()

    @api.multi
    def action_crm_recipients(self):
        """The ledger of the mailing: who received it, who did not and why."""
        self.ensure_one()
        self.check_access_rule('read')
        action = self.env.ref('crm_infinity_marketing.mail_mail_statistics_ledger_action').read()[0]
        action['domain'] = [('mass_mailing_id', '=', self.id), ('crm_state', '!=', False)]
        action['context'] = {'search_default_group_state': 1}
        return action

    @api.multi
    def action_crm_retry_deferred(self):
        """Put back in the queue the recipients whose sending failed (not the bounced ones)."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        self.env.cr.execute("""UPDATE mail_mail_statistics
                                  SET crm_state = 'queued', crm_claim = NULL, crm_attempt = NULL,
                                      crm_error = NULL
                                WHERE mass_mailing_id = ANY(%s) AND crm_state = 'deferred'
                                  AND crm_bounce_type IS NULL""", (self.ids,))
        self.env['mail.mail.statistics'].invalidate_cache()
        self.write({'state': 'in_queue'})
        return True

    # -- recipients and ledger ---------------------------------------------------------------

    def _crm_check_sendable(self):
        if self.crm_channel in ('email', 'fax') and not (self.body_html or '').strip():
            raise UserError(_('The message "%s" has no text.') % self.name)
        if self.crm_channel in ('sms', 'chat') and not (self.crm_text or self.body_html):
            raise UserError(_('The message "%s" has no text.') % self.name)
        if self.crm_channel == 'fax' and not self._crm_fax_domain():
            raise UserError(_('Set the e-mail-to-fax gateway in the marketing settings before '
                              'sending a fax.'))
        if self.crm_channel == 'sms' and not self._crm_sms_gateway():
            raise UserError(_('No SMS gateway is configured.'))
        self._crm_template('body')  # a merge error is shown now, not in the cron

    def _crm_fax_domain(self):
        return (self.env['ir.config_parameter'].sudo().get_param(FAX_GATEWAY_PARAM) or '').strip(
            ' @')

    def _crm_sms_gateway(self):
        return self.crm_sms_gateway_id or self.env['crm.infinity.sms.gateway'].sudo().search(
            [], limit=1)

    def _crm_recipients(self):
        """The recipients as dicts ``{'res_model', 'res_id', 'name', 'email', 'phone',
        'partner_id'}``: from the lists (``mail.mass_mailing.list._crm_recipients()``) when
        they know how, else Odoo's recipients model and domain, evaluated as the current user."""
        lists = self.contact_list_ids
        if lists and hasattr(lists, '_crm_recipients'):
            return lists._crm_recipients()
        model = self.env[self.mailing_model_real]
        domain = safe_eval(self.mailing_domain or '[]')
        if self.mailing_model_name == 'mail.mass_mailing.list':
            domain = [('list_ids', 'in', lists.ids)]
        records = model.search(domain)
        return self._crm_recipient_dicts(records)

    @api.model
    def _crm_recipient_dicts(self, records):
        """The recipient dicts of records of any model, read 1,000 at a time with the cache
        emptied after each chunk: memory stays flat on 100,000 recipients."""
        fields_ = records._fields
        names = [f for f in ('name', 'email', 'email_from', 'mobile', 'phone', 'partner_id')
                 if f in fields_]
        is_partner = records._name == 'res.partner'
        result = []
        for start in range(0, len(records), 1000):
            chunk = records[start:start + 1000].with_context(prefetch_fields=False)
            for rec in chunk.read(names):
                partner = rec.get('partner_id')
                result.append({
                    'res_model': records._name, 'res_id': rec['id'],
                    'name': rec.get('name') or '',
                    'email': rec.get('email') or rec.get('email_from') or False,
                    'phone': rec.get('mobile') or rec.get('phone') or False,
                    'partner_id': rec['id'] if is_partner else (partner[0] if partner else False)})
            chunk.invalidate_cache()
        return result

    def _crm_address(self, recipient, extra):
        """The normalised address of a recipient on the mailing's channel, or None."""
        channel = self.crm_channel
        if channel == 'email':
            return normalize_email(recipient.get('email'))
        if channel == 'sms':
            return to_e164(recipient.get('phone') or '') or None
        if channel == 'fax':
            number = to_e164(extra.get('fax') or '') or None
            return number and '%s@%s' % (number.lstrip('+'), self._crm_fax_domain())
        if channel == 'chat':
            partner_id = recipient.get('partner_id')
            return 'partner:%d' % partner_id if partner_id and partner_id in extra['chat'] \
                else None
        return None

    def _crm_consents(self, recipients):
        """{(res_model, res_id): bool} of the marketing consent on the mailing's channel, for
        the recipient itself (nominativo, contact) or the contact of a deal."""
        Consent = self.env['crm.infinity.consent']
        wanted = {}
        for r in recipients:
            subject = (r['res_model'], r['res_id']) if r['res_model'] in (
                'crm.infinity.nominativo', 'res.partner') else (
                ('res.partner', r['partner_id']) if r.get('partner_id') else None)
            if subject:
                wanted.setdefault(subject[0], set()).add(subject[1])
        granted = {}
        for model, ids in wanted.items():
            granted.update(Consent._crm_consent_map(self.env[model].browse(list(ids)),
                                                    'marketing', self.crm_channel))
        result = {}
        for r in recipients:
            key = (r['res_model'], r['res_id'])
            if key in granted:
                result[key] = granted[key]
            else:
                result[key] = granted.get(('res.partner', r.get('partner_id')), False)
        return result

    def _crm_recipient_chunks(self, size=None):
        """The recipients of ``_crm_recipients()``, ``size`` at a time (lists of dicts): only
        the record ids are held for the whole mailing, so the ledger's memory stays flat."""
        size = size or LEDGER_CHUNK
        lists = self.contact_list_ids
        if lists and hasattr(lists, '_crm_record_chunks'):
            for chunk in lists._crm_record_chunks(size):
                yield chunk
            return
        model = self.env[self.mailing_model_real]
        domain = safe_eval(self.mailing_domain or '[]')
        if self.mailing_model_name == 'mail.mass_mailing.list':
            domain = [('list_ids', 'in', lists.ids)]
        records = model.search(domain)
        for start in range(0, len(records), size):
            yield self._crm_recipient_dicts(records[start:start + size])

    def _crm_build_ledger(self):
        """Write the ledger rows of every recipient not yet in it (idempotent: a second run, or
        two at once, add nothing twice: the unique index decides). Planned and inserted 1,000
        recipients at a time: an address already in the ledger (an earlier chunk or run) makes
        the row a duplicate through the unique index (``ON CONFLICT DO NOTHING``)."""
        self.ensure_one()
        cr = self.env.cr
        # serialise builders of the same mailing; a second one waits and then adds nothing
        cr.execute('SELECT id FROM mail_mass_mailing WHERE id = %s FOR UPDATE', (self.id,))
        cr.execute("""SELECT model, res_id FROM mail_mail_statistics
                       WHERE mass_mailing_id = %s AND crm_state IS NOT NULL""", (self.id,))
        # a record already in the ledger (an earlier run) keeps its row
        present = set(cr.fetchall())
        now = fields.Datetime.now()
        count = 0
        for chunk in self._crm_recipient_chunks():
            chunk = [r for r in chunk if (r['res_model'], r['res_id']) not in present]
            if chunk:
                count += self._crm_ledger_chunk(chunk, now)
            # what the chunk read (consents, opt-outs, records) is not needed any more
            self.invalidate_cache()
        self.write({'crm_ledger_date': now})
        return count

    def _crm_ledger_chunk(self, recipients, now):
        """Plan and insert the ledger rows of ``recipients`` (dicts); return how many."""
        cr = self.env.cr
        extra = self._crm_channel_extra(recipients)
        consents = self._crm_consents(recipients)
        opted_out = self._crm_opted_out(recipients)
        for r in recipients:
            key = (r['res_model'], r['res_id'])
            r['address'] = self._crm_address(r, extra.get(key, extra))
            r['consent'] = consents.get(key, False)
            r['opt_out'] = key in opted_out
        addresses = [r['address'] for r in recipients if r['address']]
        blacklist = self._crm_blacklist_reasons(addresses)
        rows = ledger.plan(recipients, blacklist)
        tracked = self._crm_tracking_consents(recipients)

        def insert(rows):
            values = [(self.id, self.mass_mailing_campaign_id.id or None, r['res_model'],
                       r['res_id'], r['address'],
                       r.get('display_address') or r.get('email') or r.get('phone'),
                       (r.get('name') or '')[:256], r.get('partner_id') or None,
                       self.crm_channel, r['state'], r['reason'],
                       tracked.get((r['res_model'], r['res_id']), False), now,
                       'outgoing' if r['state'] == 'queued' else 'exception', now,
                       self.env.uid, self.env.uid, now, now)
                      for r in rows]
            if not values:
                return set()
            return set(execute_values(cr, """
                INSERT INTO mail_mail_statistics (mass_mailing_id, mass_mailing_campaign_id,
                       model, res_id, crm_email_normalized, crm_email, crm_name, crm_partner_id,
                       crm_channel, crm_state, crm_exclusion_reason, crm_tracked, scheduled,
                       state, state_update, create_uid, write_uid, create_date, write_date,
                       crm_open_count, crm_click_count, crm_scanner_hits)
                VALUES %s ON CONFLICT DO NOTHING RETURNING model, res_id""", values,
                page_size=len(values), fetch=True,
                template='(' + ', '.join(['%s'] * 19) + ', 0, 0, 0)'))

        inserted = insert(rows)
        # the addresses already in the ledger: these recipients are duplicates
        duplicates = [dict(r, state=ledger.EXCLUDED, reason='duplicate', address=None,
                           display_address=r['address'])
                      for r in rows if (r['res_model'], r['res_id']) not in inserted]
        inserted |= insert(duplicates)
        self.env['mail.mail.statistics'].invalidate_cache()
        return len(inserted)

    def _crm_channel_extra(self, recipients):
        """What the channel needs beyond the recipient dicts: the fax numbers, the partners
        reachable in Discuss (users and portal users)."""
        extra = {}
        if self.crm_channel == 'fax':
            by_model = {}
            for r in recipients:
                by_model.setdefault(r['res_model'], []).append(r['res_id'])
            for model, ids in by_model.items():
                if 'fax' in self.env[model]._fields:
                    for rec in self.env[model].sudo().browse(ids).read(['fax']):
                        extra[(model, rec['id'])] = {'fax': rec['fax']}
        elif self.crm_channel == 'chat':
            partner_ids = [r['partner_id'] for r in recipients if r.get('partner_id')]
            users = self.env['res.users'].sudo().search([('partner_id', 'in', partner_ids)])
            extra['chat'] = set(users.mapped('partner_id').ids)
        return extra

    def _crm_opted_out(self, recipients):
        """Records with Odoo's own ``opt_out`` flag set."""
        result = set()
        by_model = {}
        for r in recipients:
            by_model.setdefault(r['res_model'], []).append(r['res_id'])
        for model, ids in by_model.items():
            Model = self.env[model].sudo().with_context(active_test=False)
            if 'opt_out' in Model._fields:
                result.update((model, i) for i in Model.search([('id', 'in', ids),
                                                                 ('opt_out', '=', True)]).ids)
        return result

    def _crm_blacklist_reasons(self, addresses):
        """{address: reason} of the blacklisted ones (e-mail or phone, by channel)."""
        if not addresses:
            return {}
        if self.crm_channel in ('sms',):
            column, wanted = 'phone_normalized', addresses
        elif self.crm_channel == 'email':
            column, wanted = 'email_normalized', addresses
        else:
            return {}
        self.env.cr.execute("""SELECT {col}, reason FROM crm_infinity_blacklist
                               WHERE active AND {col} = ANY(%s)""".format(col=column),
                            (list(wanted),))
        return dict(self.env.cr.fetchall())

    def _crm_tracking_consents(self, recipients):
        """{(res_model, res_id): bool}: who consented to open and click tracking by e-mail."""
        if self.crm_channel != 'email':
            return {}
        Consent = self.env['crm.infinity.consent']
        result = {}
        by_model = {}
        for r in recipients:
            if r['res_model'] in ('crm.infinity.nominativo', 'res.partner'):
                by_model.setdefault(r['res_model'], set()).add(r['res_id'])
        for model, ids in by_model.items():
            result.update(Consent._crm_consent_map(self.env[model].browse(list(ids)),
                                                   'tracking', 'email'))
        return result

    # -- rendering ---------------------------------------------------------------------------

    def _crm_template(self, which):
        """The compiled merge template of the subject, body (HTML) or text (SMS, chat)."""
        if which == 'subject':
            text, escape = self.name or '', False
        elif which == 'text':
            text, escape = self.crm_text or tools.html2plaintext(self.body_html or ''), False
        else:
            text, escape = self.env['mail.template']._replace_local_links(
                self.body_html or ''), True
        try:
            return merge.compile_template(text, SCHEMA, html_escape=escape)
        except merge.TemplateError as error:
            raise UserError(_('The message cannot be merged: %s') % self._crm_merge_error(error))

    @api.model
    def _crm_merge_error(self, error):
        messages = {
            'unknown_field': _('unknown field "%s"'),
            'not_a_value': _('"%s" is not a value'),
            'not_a_list': _('"%s" is not a list'),
        }
        text = messages.get(error.kind, _('syntax error near "%s"')) % (
            error.field or error.detail or '')
        return text + (_(' (line %s)') % error.line if error.line else '')

    def _crm_company_context(self):
        company = self.env.user.company_id
        return {'name': company.name, 'vat': company.vat, 'street': company.street,
                'zip': company.zip, 'city': company.city, 'phone': company.phone,
                'email': company.email, 'website': company.website}

    @api.model
    def _crm_recipient_contexts(self, rows):
        """{stat_id: recipient dict for the merge}, reading each model's records once."""
        by_model = {}
        for row in rows:
            by_model.setdefault(row['model'], []).append(row['res_id'])
        data = {}
        for model, ids in by_model.items():
            Model = self.env[model].sudo().with_context(active_test=False, prefetch_fields=False)
            names = [f for f in ('name', 'email', 'email_from', 'phone', 'mobile', 'function',
                                 'city', 'company_name', 'partner_name', 'parent_id')
                     if f in Model._fields]
            for rec in Model.browse(ids).read(names):
                company = rec.get('company_name') or rec.get('partner_name') or (
                    rec['parent_id'][1] if rec.get('parent_id') else '')
                name = rec.get('name') or ''
                data[(model, rec['id'])] = {
                    'name': name, 'first_name': name.split(' ')[0] if name else '',
                    'email': rec.get('email') or rec.get('email_from') or '',
                    'phone': rec.get('mobile') or rec.get('phone') or '',
                    'company': company, 'function': rec.get('function') or '',
                    'city': rec.get('city') or ''}
            # the workers render batch after batch in one transaction: drop what was read
            Model.invalidate_cache(ids=ids)
        result = {}
        for row in rows:
            result[row['id']] = data.get((row['model'], row['res_id'])) or {
                'name': row['crm_name'] or '', 'first_name': '', 'email': '', 'phone': '',
                'company': '', 'function': '', 'city': ''}
        return result

    def _crm_render(self, rows, base_url=None):
        """{stat_id: (subject, body, text)} of ledger rows (dicts with id, model, res_id,
        crm_name, crm_tracked). Tracked recipients get signed click links and the open pixel,
        the others plain links and no pixel; everyone gets the unsubscribe link."""
        self.ensure_one()
        base_url = base_url or self.env['ir.config_parameter'].sudo().get_param('web.base.url')
        keys = tracking_keys()
        subject_t = self._crm_template('subject')
        body_t = self._crm_template('body') if self.crm_channel in ('email', 'fax') else None
        text_t = self._crm_template('text') if self.crm_channel in ('sms', 'chat') else None
        links = self._crm_links() if body_t and self.crm_channel == 'email' else {}
        today = fields.Date.from_string(fields.Date.context_today(self))
        common = {'today': today.strftime('%d/%m/%Y'),
                  'company': self._crm_company_context(), 'mailing': {'subject': self.name}}
        contexts = self._crm_recipient_contexts(rows)
        result = {}
        for row in rows:
            context = dict(common, recipient=contexts[row['id']])
            subject = subject_t(context)
            body = text = None
            if body_t:
                body = body_t(context)
                unsubscribe = '%s/crm/mk/u/%s' % (base_url, tokens.make(keys, 'u', row['id']))
                body = body.replace(base_url + UNSUBSCRIBE_PLACEHOLDER, unsubscribe).replace(
                    UNSUBSCRIBE_PLACEHOLDER, unsubscribe)
                if row.get('crm_tracked') and self.crm_channel == 'email':
                    body = self._crm_track_links(body, row['id'], links, keys, base_url)
                    body += '<img src="%s/crm/mk/o/%s.gif" alt="" width="1" height="1"/>' % (
                        base_url, tokens.make(keys, 'o', row['id']))
            if text_t:
                text = text_t(context)
            result[row['id']] = (subject, body, text)
        return result

    def _crm_links(self):
        """{url: link.tracker id} of the links of the body (Odoo's link tracker: clicks per link
        stay in ``link.tracker.click``)."""
        urls = {m.group(2) for m in HREF_RE.finditer(self.body_html or '')
                if UNSUBSCRIBE_PLACEHOLDER not in m.group(2) and '{{' not in m.group(2)}
        Tracker = self.env['link.tracker'].sudo()
        result = {}
        for url in sorted(urls):
            link = Tracker.search([('url', '=', url), ('mass_mailing_id', '=', self.id)], limit=1)
            if not link:
                # the title given: Odoo would fetch the page to find it
                link = Tracker.create({'url': url, 'title': url, 'mass_mailing_id': self.id,
                                       'campaign_id': self.campaign_id.id,
                                       'medium_id': self.medium_id.id,
                                       'source_id': self.source_id.id})
            result[url] = link.id
        return result

    def _crm_track_links(self, body, stat_id, links, keys, base_url):
        def replace(match):
            link_id = links.get(match.group(2))
            if not link_id:
                return match.group(0)
            return '%s%s/crm/mk/c/%s%s' % (match.group(1), base_url,
                                            tokens.make(keys, 'c', stat_id, extra=link_id),
                                            match.group(3))
        return HREF_RE.sub(replace, body)

    # -- sending -----------------------------------------------------------------------------

    @api.model
    def _crm_cron_send(self):
        """Cron entry (and Odoo's mass mailing queue cron): build the ledger of the mailings
        just queued, then send what is queued. Several workers may run it at once."""
        return self.search([('state', 'in', ('in_queue', 'sending')), '|',
                            ('schedule_date', '<', fields.Datetime.now()),
                            ('schedule_date', '=', False)])._crm_send_queue()

    @api.model
    def _process_mass_mailing_queue(self):
        return self._crm_cron_send()

    @api.multi
    def _crm_send_queue(self, batch_size=100, time_limit=None):
        """Send the queued ledger rows of these mailings; return how many this worker handed
        over. Each row is claimed (committed) before it is handed to the channel, and marked
        sent right after, so that a crash or a second worker never sends it twice: a row found
        claimed by a dead worker is put back in the queue if it was never attempted, and
        reported as uncertain (not retried) if it was attempted.

        Commits as it goes, except with ``crm_no_commit`` in the context (tests in a
        savepoint)."""
        commit = not self.env.context.get('crm_no_commit')
        started = time.time()
        total = 0
        worker = uuid.uuid4().hex
        for mailing_id in self.ids:
            mailing = self.browse(mailing_id)
            if not mailing.crm_ledger_date:
                if not self._crm_concurrent(mailing._crm_build_ledger, commit):
                    continue  # another worker is writing it: its rows are for the next run
            self._crm_concurrent(mailing._crm_recover, commit)
            while True:
                ids = mailing._crm_claim(worker, batch_size, commit)
                if not ids:
                    break
                total += mailing._crm_send_claimed(ids, worker, commit)
                if time_limit and time.time() - started > time_limit:
                    return total
            self._crm_concurrent(mailing._crm_finish, commit)
        return total

    def _crm_concurrent(self, function, commit):
        """Run a step of the sending workers and commit it; if another worker changed the same
        rows meanwhile (serialization error under REPEATABLE READ), give up the step: the other
        worker did it. True when the step ran."""
        if not commit:
            function()
            return True
        try:
            function()
            self.env.cr.commit()
            return True
        except psycopg2.OperationalError as error:
            if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                raise
            self.env.cr.rollback()
            self.env.clear()
            return False

    def _crm_claim(self, worker, limit, commit):
        """Claim up to ``limit`` queued rows for this worker. Rows another worker holds are
        skipped; a row another worker claimed after this transaction's snapshot (REPEATABLE
        READ) makes the lock fail with a serialization error: the claim is retried on a new
        snapshot, which sees it claimed."""
        cr = self.env.cr
        for attempt in range(10):
            try:
                cr.execute("""
                    UPDATE mail_mail_statistics SET crm_claim = %s,
                           crm_claim_date = now() at time zone 'UTC'
                     WHERE id IN (SELECT id FROM mail_mail_statistics
                                   WHERE mass_mailing_id = %s AND crm_state = 'queued'
                                     AND crm_claim IS NULL
                                ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED)
                       AND crm_state = 'queued' AND crm_claim IS NULL
                 RETURNING id""", (worker, self.id, limit))
                ids = sorted(row[0] for row in cr.fetchall())
                if commit:
                    cr.commit()
                return ids
            except psycopg2.OperationalError as error:
                if not commit or error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                    raise
                cr.rollback()
                time.sleep(0.01 * (attempt + 1))
        return []

    def _crm_recover(self):
        """Rows claimed by a worker that died: never attempted -> back in the queue; attempted
        -> the channel may have accepted them: marked sent with a warning rather than sent
        twice."""
        cr = self.env.cr
        cr.execute("""UPDATE mail_mail_statistics SET crm_claim = NULL, crm_claim_date = NULL
                       WHERE mass_mailing_id = %s AND crm_state = 'queued'
                         AND crm_claim IS NOT NULL AND crm_attempt IS NULL
                         AND crm_claim_date < now() at time zone 'UTC' - interval '%s seconds'""",
                   (self.id, CLAIM_TIMEOUT))
        cr.execute("""UPDATE mail_mail_statistics SET crm_state = 'sent', state = 'sent',
                             sent = crm_attempt, crm_error = %s
                       WHERE mass_mailing_id = %s AND crm_state = 'queued'
                         AND crm_attempt IS NOT NULL
                         AND crm_claim_date < now() at time zone 'UTC' - interval '%s seconds'""",
                   (_('Sending interrupted: delivery not confirmed, not repeated to avoid a '
                      'duplicate'), self.id, CLAIM_TIMEOUT))

    def _crm_finish(self):
        self.env.cr.execute("""SELECT count(*) FROM mail_mail_statistics
                                WHERE mass_mailing_id = %s AND crm_state = 'queued'""", (self.id,))
        if not self.env.cr.fetchone()[0]:
            self.env.cr.execute("UPDATE mail_mass_mailing SET state = 'done' WHERE id = %s "
                                "AND state != 'done'", (self.id,))
        else:
            self.env.cr.execute("UPDATE mail_mass_mailing SET state = 'sending' WHERE id = %s "
                                "AND state = 'in_queue'", (self.id,))
        self.invalidate_cache(['state'], self.ids)

    def _crm_send_claimed(self, ids, worker, commit):
        cr = self.env.cr
        cr.execute("""SELECT id, model, res_id, crm_name, crm_email_normalized, crm_tracked,
                             crm_partner_id
                        FROM mail_mail_statistics WHERE id = ANY(%s) AND crm_claim = %s
                         AND crm_state = 'queued' ORDER BY id""", (ids, worker))
        rows = cr.dictfetchall()
        if not rows:
            return 0
        base_url = self.env['ir.config_parameter'].sudo().get_param('web.base.url')
        rendered = self._crm_render(rows, base_url)
        channel = self.crm_channel
        sender = getattr(self, '_crm_send_%s' % ('email' if channel == 'fax' else channel))
        session = self._crm_open_session()
        done = 0
        try:
            for row in rows:
                # the attempt is committed before the hand-over: see _crm_recover
                cr.execute("UPDATE mail_mail_statistics SET crm_attempt = now() at time zone "
                           "'UTC' WHERE id = %s", (row['id'],))
                if commit:
                    cr.commit()
                subject, body, text = rendered[row['id']]
                ok, error, message_id = sender(row, subject, body, text, session, base_url)
                if ok:
                    cr.execute("""UPDATE mail_mail_statistics
                                     SET crm_state = 'sent', state = 'sent',
                                         sent = now() at time zone 'UTC', message_id = %s,
                                         state_update = now() at time zone 'UTC', crm_error = NULL
                                   WHERE id = %s""", (message_id, row['id']))
                    done += 1
                else:
                    cr.execute("""UPDATE mail_mail_statistics
                                     SET crm_state = 'deferred', state = 'exception',
                                         exception = now() at time zone 'UTC', crm_error = %s
                                   WHERE id = %s""", (error[:500], row['id']))
            if commit:
                cr.commit()
        finally:
            if session:
                try:
                    session.quit()
                except Exception:  # the connection may be gone already
                    pass
        self.env['mail.mail.statistics'].invalidate_cache()
        return done

    def _crm_open_session(self):
        if self.crm_channel not in ('email', 'fax'):
            return None
        if getattr(threading.current_thread(), 'testing', False) \
                or self.env.registry.in_test_mode():
            return None  # ir.mail_server does not send in test mode anyway
        return self.env['ir.mail_server'].connect()

    def _crm_headers(self, row, base_url):
        keys = tracking_keys()
        unsubscribe = '%s/crm/mk/u/%s' % (base_url, tokens.make(keys, 'u', row['id']))
        headers = {
            'List-Unsubscribe': '<%s>' % unsubscribe,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            'Precedence': 'bulk',
        }
        ICP = self.env['ir.config_parameter'].sudo()
        alias, domain = ICP.get_param('mail.bounce.alias'), ICP.get_param('mail.catchall.domain')
        if alias and domain:
            # "crm" before the number: Odoo's bounce parser (bounce+<mail id>) ignores it; the
            # signature after it: a report to a made-up bounce address names no row
            headers['Return-Path'] = '%s+crm%s@%s' % (alias, tokens.bounce_tag(keys, row['id']),
                                                      domain)
        return headers

    def _crm_send_email(self, row, subject, body, text, session, base_url):
        """E-mail (and fax: the same, to number@gateway, without tracking)."""
        IrMailServer = self.env['ir.mail_server']
        message_id = tools.generate_tracking_message_id('crm-%d' % row['id'])
        headers = self._crm_headers(row, base_url) if self.crm_channel == 'email' else {}
        to = row['crm_email_normalized']
        if row.get('crm_name') and self.crm_channel == 'email':
            to = tools.formataddr((row['crm_name'], to))
        reply_to = self.reply_to if self.reply_to_mode == 'email' else self.email_from
        try:
            msg = IrMailServer.build_email(
                email_from=self.email_from, email_to=[to], subject=subject, body=body,
                body_alternative=tools.html2plaintext(body), reply_to=reply_to,
                message_id=message_id, subtype='html', subtype_alternative='plain',
                headers=headers,
                object_id=row['res_id'] and '%s-%s' % (row['res_id'], row['model']))
            IrMailServer.send_email(msg, smtp_session=session)
        except Exception as error:  # the SMTP server refused: recorded on the row
            _logger.info('mailing %s: sending to row %s failed: %s', self.id, row['id'], error)
            return False, tools.ustr(error), message_id
        return True, None, message_id

    def _crm_send_sms(self, row, subject, body, text, session, base_url):
        ok, error = self._crm_sms_gateway().send(row['crm_email_normalized'], text)
        return ok, error, None

    def _crm_send_chat(self, row, subject, body, text, session, base_url):
        """A Discuss message from the mailing's author to the recipient's user."""
        author = self.create_uid or self.env.user
        partner_id = row['crm_partner_id']
        try:
            Channel = self.env['mail.channel'].sudo(author.id)
            info = Channel.channel_get([partner_id], pin=False)
            channel = self.env['mail.channel'].sudo().browse(info['id'])
            message = channel.with_context(mail_create_nosubscribe=True).message_post(
                body=tools.plaintext2html(text or ''), author_id=author.partner_id.id,
                message_type='comment', subtype='mail.mt_comment')
        except Exception as error:
            return False, tools.ustr(error), None
        return True, None, message.message_id
