from datetime import timedelta

from odoo import _, api, fields, models

from ..monitor import eta_minutes, format_eta, per_minute, percent

WINDOW_MINUTES = 10  # throughput is measured over the last minutes
HANDED_OVER = ('sent', 'delivered', 'deferred', 'bounced')
MONITOR_KEYS = ('total', 'queued', 'sent', 'delivered', 'deferred', 'bounced', 'excluded',
                'opened', 'clicked', 'unsubscribed', 'recent')


class MailMassMailing(models.Model):
    """The live monitor of a message (SPEC M10), from the send ledger (mail.mail.statistics
    with the crm_* fields of wt-mkt-send): sent and remaining, throughput and time left, opens,
    clicks, bounces, unsubscribes. Counted with read_group as the viewer."""

    _inherit = 'mail.mass_mailing'

    crm_mon_total = fields.Integer('Recipients in the ledger', compute='_compute_crm_monitor')
    crm_mon_queued = fields.Integer('Remaining', compute='_compute_crm_monitor')
    crm_mon_sent = fields.Integer('Sent', compute='_compute_crm_monitor',
                                  help='Handed to the mail server (then delivered, deferred or '
                                       'bounced).')
    crm_mon_delivered = fields.Integer('Delivered', compute='_compute_crm_monitor')
    crm_mon_bounced = fields.Integer('Bounced', compute='_compute_crm_monitor')
    crm_mon_excluded = fields.Integer('Not sent', compute='_compute_crm_monitor')
    crm_mon_opened = fields.Integer('Opened', compute='_compute_crm_monitor')
    crm_mon_clicked = fields.Integer('Clicked', compute='_compute_crm_monitor')
    crm_mon_unsubscribed = fields.Integer('Unsubscribed', compute='_compute_crm_monitor')
    crm_mon_progress = fields.Float('Progress (%)', compute='_compute_crm_monitor')
    crm_mon_rate = fields.Float('Per minute', compute='_compute_crm_monitor', digits=(16, 1),
                                help='Messages handed over per minute in the last 10 minutes.')
    crm_mon_eta = fields.Char('Time left', compute='_compute_crm_monitor')

    @api.multi
    def _compute_crm_monitor(self):
        figures_ = self._crm_monitor_figures()
        labels = {'done': _('finished'), 'unknown': _('no estimate'), 'min': _('min'),
                  'h': _('h')}
        for mailing in self:
            row = figures_.get(mailing.id) or dict.fromkeys(MONITOR_KEYS, 0)
            mailing.crm_mon_total = row['total']
            mailing.crm_mon_queued = row['queued']
            mailing.crm_mon_sent = row['sent']
            mailing.crm_mon_delivered = row['delivered']
            mailing.crm_mon_bounced = row['bounced']
            mailing.crm_mon_excluded = row['excluded']
            mailing.crm_mon_opened = row['opened']
            mailing.crm_mon_clicked = row['clicked']
            mailing.crm_mon_unsubscribed = row['unsubscribed']
            to_send = row['total'] - row['excluded']
            mailing.crm_mon_progress = percent(row['sent'], to_send)
            rate = per_minute(row['recent'], WINDOW_MINUTES)
            mailing.crm_mon_rate = rate
            mailing.crm_mon_eta = format_eta(eta_minutes(row['queued'], rate), labels)

    @api.multi
    def _crm_monitor_figures(self):
        """{mailing id: counts of MONITOR_KEYS} for these messages, with read_group."""
        ids = [mid for mid in self.ids if mid]
        result = {mid: dict.fromkeys(MONITOR_KEYS, 0) for mid in ids}
        if not ids:
            return result
        Stat = self.env['mail.mail.statistics']
        if 'crm_state' not in Stat._fields:
            return result
        base = [('mass_mailing_id', 'in', ids)]
        for row in Stat.read_group(base, ['mass_mailing_id', 'crm_state'],
                                   ['mass_mailing_id', 'crm_state'], lazy=False):
            counts = result[row['mass_mailing_id'][0]]
            count = row['__count']
            state = row['crm_state']
            counts['total'] += count
            if state in counts:
                counts[state] += count
            if state in HANDED_OVER:
                counts['sent'] += count
        since = fields.Datetime.to_string(fields.Datetime.from_string(fields.Datetime.now())
                                          - timedelta(minutes=WINDOW_MINUTES))
        for key, domain in (('opened', [('crm_open_count', '>', 0)]),
                            ('clicked', [('crm_click_count', '>', 0)]),
                            ('recent', [('sent', '>=', since),
                                        ('crm_state', 'in', HANDED_OVER)])):
            for row in Stat.read_group(base + domain, ['mass_mailing_id'], ['mass_mailing_id']):
                result[row['mass_mailing_id'][0]][key] = row['mass_mailing_id_count']
        if 'crm.infinity.blacklist' in self.env:
            Blacklist = self.env['crm.infinity.blacklist'].sudo()
            for row in Blacklist.read_group([('mailing_id', 'in', ids),
                                             ('reason', '=', 'unsubscribed')],
                                            ['mailing_id'], ['mailing_id']):
                result[row['mailing_id'][0]]['unsubscribed'] = row['mailing_id_count']
        return result

    @api.multi
    def _crm_ledger_action(self, name, domain, view_mode, context=None):
        action = self.env.ref('crm_infinity_marketing.mail_statistics_ledger_action').read()[0]
        action.update(name=name, domain=[('mass_mailing_id', 'in', self.ids)] + domain,
                      context=dict(context or {}), view_mode=view_mode)
        views = {'tree': 'mail_statistics_ledger_view_tree',
                 'pivot': 'mail_statistics_ledger_view_pivot',
                 'graph': 'mail_statistics_ledger_view_graph'}
        action['views'] = [(self.env.ref('crm_infinity_marketing.' + views[mode]).id
                            if mode in views else False, mode)
                           for mode in view_mode.split(',')]
        return action

    @api.multi
    def action_crm_monitor_ledger(self):
        return self._crm_ledger_action(_('Recipients'), [], 'tree,pivot,graph')

    @api.multi
    def action_crm_monitor_excluded(self):
        """Every recipient not sent to, grouped by the reason."""
        return self._crm_ledger_action(
            _('Not sent, by reason'), [('crm_state', '=', 'excluded')], 'tree,pivot',
            {'group_by': ['crm_exclusion_reason']})

    @api.multi
    def action_crm_monitor_bounces(self):
        return self._crm_ledger_action(
            _('Bounces, by reason'), [('crm_state', '=', 'bounced')], 'tree,pivot,graph',
            {'group_by': ['crm_bounce_type', 'crm_bounce_reason']})

    @api.multi
    def action_crm_monitor_clicks(self):
        action = self.env.ref('crm_infinity_marketing.link_click_monitor_action').read()[0]
        action['domain'] = [('mass_mailing_id', 'in', self.ids)]
        return action
