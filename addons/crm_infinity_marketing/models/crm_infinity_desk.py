from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models

from odoo.addons.crm_infinity_sales.dashboards import figures

OPERATOR = 'crm_infinity_base.group_crm_marketing_operator'
CAMPAIGN_ACTION = 'crm_infinity_marketing.utm_campaign_action'
MONITOR_ACTION = 'crm_infinity_marketing.mass_mailing_monitor_action'
LEDGER_ACTION = 'crm_infinity_marketing.mail_statistics_ledger_action'
BLACKLIST_ACTION = 'crm_infinity_marketing.crm_infinity_blacklist_action'
CALL_LIST_ACTION = 'crm_infinity_marketing.crm_infinity_call_list_action'
RECENT_DAYS = 7  # bounces and unsubscribes "of the last days"


class CrmInfinityDeskProvider(models.AbstractModel):
    """The tiles of marketing on MyDesk (SPEC B9) for the marketing operator: his campaigns in
    progress, his messages scheduled or being sent (sent and remaining, from the send ledger's
    monitor), the bounces and unsubscribes of the last days, the nominativi to call in his call
    lists, and the ROI of his campaigns (``utm.campaign._crm_roi``, the one ROI figure)."""

    _inherit = 'crm.infinity.desk.provider'

    @api.model
    def _crm_desk_tiles(self, user, scope='me'):
        tiles = super()._crm_desk_tiles(user, scope=scope)
        if not user.has_group(OPERATOR):
            return tiles
        user_ids = self._crm_desk_user_ids(user, scope)
        team = scope == 'team'  # the team's records: the names must not say "my"
        since = self._crm_desk_marketing_since(user)
        period = _('last %s days') % RECENT_DAYS
        mine = ['|', ('crm_user_id', 'in', user_ids), ('crm_assignee_ids', 'in', user_ids)]
        # his messages: of his campaigns, or created by him (the rule of the operator)
        mailings = ['|', '|', ('campaign_id.crm_user_id', 'in', user_ids),
                    ('campaign_id.crm_assignee_ids', 'in', user_ids),
                    ('create_uid', 'in', user_ids)]
        tiles += [{
            'key': 'marketing.campaigns_running', 'section': 'marketing', 'sequence': 10,
            'name': _('Team campaigns in progress') if team else _('My campaigns in progress'),
            'kind': 'count', 'res_model': 'utm.campaign',
            'action': CAMPAIGN_ACTION, 'view_mode': 'list,form',
            'domain': mine + [('crm_state', 'in', ('planned', 'running'))],
        }, self._crm_desk_mailings_sending(user_ids, mailings), {
            'key': 'marketing.bounces_recent', 'section': 'marketing', 'sequence': 30,
            'name': _('Bounces'), 'period': period, 'kind': 'count', 'severity': 'warning',
            'res_model': 'mail.mail.statistics', 'action': LEDGER_ACTION,
            'view_mode': 'list,form',
            'domain': [('crm_state', '=', 'bounced'), ('bounced', '>=', since)] + [
                (('mass_mailing_id.' + term[0],) + term[1:]) if isinstance(term, tuple) else term
                for term in mailings],
        }, {
            'key': 'marketing.unsubscribes_recent', 'section': 'marketing', 'sequence': 40,
            'name': _('Unsubscribes'), 'period': period, 'kind': 'count',
            'res_model': 'crm.infinity.blacklist', 'action': BLACKLIST_ACTION,
            'view_mode': 'list,form',
            'domain': [('reason', '=', 'unsubscribed'), ('date', '>=', since)] + [
                (('mailing_id.' + term[0],) + term[1:]) if isinstance(term, tuple) else term
                for term in mailings],
        }, {
            'key': 'marketing.calls_to_make', 'section': 'marketing', 'sequence': 50,
            'name': _('Nominativi to call'), 'kind': 'count',
            'res_model': 'crm.infinity.call.list.line', 'view_mode': 'list,form',
            'domain': [('state', 'in', ('todo', 'callback')), ('call_list_id.active', '=', True),
                       '|', ('user_id', 'in', user_ids),
                       '&', ('user_id', '=', False), ('call_list_id.user_ids', 'in', user_ids)],
        }]
        tiles.append(self._crm_desk_marketing_roi(user_ids, mine, team))
        return tiles

    @api.model
    def _crm_desk_marketing_since(self, user):
        """Midnight (viewer's time zone) of the first of the last ``RECENT_DAYS`` days, UTC."""
        first = self._crm_desk_today(user) - timedelta(days=RECENT_DAYS - 1)
        local = self._crm_desk_tz(user).localize(datetime.combine(first, time.min))
        return fields.Datetime.to_string(local.astimezone(pytz.utc).replace(tzinfo=None))

    @api.model
    def _crm_desk_mailings_sending(self, user_ids, mailings):
        """The messages scheduled or being sent, one line each with sent and remaining (the
        live monitor's figures, read as the viewer)."""
        domain = mailings + [('state', 'in', ('in_queue', 'sending'))]
        Mailing = self.env['mail.mass_mailing']
        lines = []
        for mailing in Mailing.search(domain, order='schedule_date, id', limit=10):
            when = mailing.schedule_date and fields.Datetime.context_timestamp(
                mailing, fields.Datetime.from_string(mailing.schedule_date))
            lines.append({
                'date': when.strftime('%d/%m %H:%M') if when else '',
                'name': _('%s: %s sent, %s remaining') % (
                    mailing.name, mailing.crm_mon_sent, mailing.crm_mon_queued),
                'res_model': 'mail.mass_mailing', 'res_id': mailing.id,
            })
        name = _('Messages scheduled or being sent')

        def action():
            values = self.env.ref(MONITOR_ACTION).read()[0]
            values.update(name=name, display_name=name, domain=domain, context={})
            return values
        return {'key': 'marketing.mailings_sending', 'section': 'marketing', 'sequence': 20,
                'name': name, 'kind': 'list', 'lines': lines, 'action': action}

    @api.model
    def _crm_desk_marketing_roi(self, user_ids, mine, team=False):
        """The ROI of his campaigns together: ``_crm_roi`` of the campaigns he reads."""
        Campaign = self.env['utm.campaign']
        campaigns = Campaign.search(mine + [('crm_state', '!=', 'cancelled')])
        totals = campaigns._crm_roi()
        name = _('ROI of the team campaigns') if team else _('ROI of my campaigns')

        def action():
            values = self.env.ref(CAMPAIGN_ACTION).read()[0]
            values.update(name=name, display_name=name, context={},
                          domain=[('id', 'in', campaigns.ids)])
            return values
        return {
            'key': 'marketing.roi', 'section': 'kpi', 'sequence': 150, 'kind': 'value',
            'name': name, 'value': figures.format_figure(totals['roi'], '%'),
            'detail': _('Won revenue %s, cost %s') % (
                self.env['crm.infinity.desk']._crm_desk_format(totals['won_revenue'],
                                                               'monetary'),
                self.env['crm.infinity.desk']._crm_desk_format(totals['cost'], 'monetary')),
            'action': action,
        }
