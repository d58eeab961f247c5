from odoo import _, api, models
from odoo.addons.crm_infinity_base.models.mail_message import _Translator


class CrmInfinityTimelineProvider(models.AbstractModel):
    """The items of the sales addon on the card: deals (opened, and each change of phase or
    status, from the chatter tracking), quotations and orders (and the offer generated), read
    as the viewer (his deals and quotes, or those of his sales group)."""

    _inherit = 'crm.infinity.timeline.provider'

    @api.model
    def _crm_timeline_kinds(self):
        return super()._crm_timeline_kinds() + [
            ('deal', _('Deals')),
            ('quote', _('Quotations and offers')),
        ]

    @api.model
    def _crm_timeline_sources(self, partner_ids, kinds=None):
        sources = super()._crm_timeline_sources(partner_ids, kinds=kinds)
        if self._crm_timeline_wants('deal', kinds):
            # opened on its opening date (a deal imported or keyed in later keeps its real one)
            sources.append(self._crm_timeline_source(
                'deal', 'deal', 'crm.lead', [('partner_id', 'in', partner_ids)], 'opening_date',
                is_date=True))
            # the changes of phase and status: the tracking of the deals the viewer reads
            deals, params = self._crm_timeline_deals_sql(partner_ids)
            sources.append(self._crm_timeline_sql_source(
                'deal_phase', 'deal', 'crm.lead',
                """SELECT v.id AS id, v.create_date AS date FROM mail_tracking_value v
                     JOIN mail_message m ON m.id = v.mail_message_id
                    WHERE m.model = 'crm.lead' AND m.res_id IN (%s)
                      AND v.field IN ('deal_phase', 'deal_status_id')""" % deals, params))
        if self._crm_timeline_wants('quote', kinds):
            sources.append(self._crm_timeline_source(
                'quote', 'quote', 'sale.order', [('partner_id', 'in', partner_ids)],
                'date_order'))
        return sources

    @api.model
    def _crm_timeline_primanota_records(self, partner_ids):
        records = super()._crm_timeline_primanota_records(partner_ids)
        if self._crm_timeline_can_read('crm.lead'):
            records['crm.lead'] = self._crm_timeline_deals_sql(partner_ids)
        return records

    @api.model
    def _crm_timeline_deals_sql(self, partner_ids):
        """Subquery of the deals of the partners the viewer reads (built once per page)."""
        return self._crm_timeline_shared_ids('crm.lead', lambda: self._crm_timeline_ids_sql(
            'crm.lead', [('partner_id', 'in', partner_ids)]))

    @api.model
    def _crm_timeline_watches(self):
        return super()._crm_timeline_watches() + [
            {'table': 'crm_lead', 'keys': ['deal', 'deal_phase', 'primanota'],
             'columns': ['partner_id', 'opening_date'],
             'partners': 'SELECT r.partner_id FROM {rows} r'},
            # the values of the phase and status only (the other tracked fields: no item)
            {'table': 'mail_tracking_value', 'keys': ['deal_phase'],
             'partners': 'SELECT l.partner_id FROM {rows} r '
                         'JOIN mail_message m ON m.id = r.mail_message_id '
                         "JOIN crm_lead l ON l.id = m.res_id WHERE m.model = 'crm.lead' "
                         "AND r.field IN ('deal_phase', 'deal_status_id')"},
            # their messages moved to another deal (Odoo's merge of deals) or deleted
            {'table': 'mail_message', 'keys': ['deal_phase'], 'events': ('update', 'delete'),
             'columns': ['model', 'res_id'],
             'partners': 'SELECT l.partner_id FROM {rows} r '
                         "JOIN crm_lead l ON l.id = r.res_id WHERE r.model = 'crm.lead'"},
            {'table': 'sale_order', 'keys': ['quote'], 'columns': ['partner_id', 'date_order'],
             'partners': 'SELECT r.partner_id FROM {rows} r'},
        ]

    @api.model
    def _crm_timeline_primanota_tables(self):
        return super()._crm_timeline_primanota_tables() + [('crm.lead', 'crm_lead', 'partner_id')]

    @api.model
    def _crm_timeline_render(self, key, ids):
        if key == 'deal':
            return self._crm_timeline_deals(ids)
        if key == 'deal_phase':
            return self._crm_timeline_deal_phases(ids)
        if key == 'quote':
            return self._crm_timeline_quotes(ids)
        return super()._crm_timeline_render(key, ids)

    @api.model
    def _crm_timeline_deals(self, ids):
        rows = self._crm_timeline_read_ids(
            'crm.lead', ids, ['name', 'partner_id', 'user_id', 'planned_revenue'])
        return {rid: {
            'kind': 'deal', 'title': _('Deal opened: %s') % row['name'], 'body': '',
            'res_model': 'crm.lead', 'res_id': rid, 'partner_id': row['partner_id'],
            'user_id': row['user_id'], 'amount': row['planned_revenue'],
        } for rid, row in rows.items()}

    @api.model
    def _crm_timeline_deal_phases(self, ids):
        """The tracking values found among the deals the viewer reads (the values themselves
        are not readable by users: read after that check), in the viewer's language."""
        Lead = self.env['crm.lead'].with_context(active_test=False)
        values = self.env['mail.tracking.value'].sudo().browse(ids)
        messages = {m['id']: m for m in values.mapped('mail_message_id').read(
            ['res_id', 'author_id'])}
        deals = self._crm_timeline_read_ids(
            'crm.lead', list({m['res_id'] for m in messages.values()}), ['name', 'partner_id'])
        translator = _Translator(self.env)  # the values in the viewer's language, as the chatter
        items = {}
        for value in values:
            message = messages[value.mail_message_id.id]
            deal = deals[message['res_id']]
            shown = {'old_value': value.old_value_char, 'new_value': value.new_value_char,
                     'changed_field': value.field_desc}
            translator.translate(value, Lead._fields[value.field], shown)
            items[value.id] = {
                'kind': 'deal',
                'title': _('%s: %s → %s') % (deal['name'], shown['old_value'] or '-',
                                             shown['new_value'] or '-'),
                'body': '', 'res_model': 'crm.lead', 'res_id': deal['id'],
                'partner_id': deal['partner_id'], 'user_id': False,
                'author': message['author_id'] and message['author_id'][1],
                'state': shown['changed_field'],
            }
        return items

    @api.model
    def _crm_timeline_quotes(self, ids):
        states = self._crm_timeline_labels('sale.order', 'state')
        rows = self._crm_timeline_read_ids(
            'sale.order', ids, ['name', 'state', 'offer_date', 'note', 'partner_id', 'user_id',
                                'amount_total'])
        items = {}
        for rid, row in rows.items():
            quotation = row['state'] in ('draft', 'sent', 'cancel')
            title = (_('Quotation %s') if quotation else _('Order %s')) % row['name']
            if row['offer_date']:
                title = _('%s (offer generated)') % title
            items[rid] = {
                'kind': 'quote', 'title': title, 'body': row['note'] or '',
                'res_model': 'sale.order', 'res_id': rid, 'partner_id': row['partner_id'],
                'user_id': row['user_id'], 'amount': row['amount_total'],
                'state': states.get(row['state'], row['state']),
            }
        return items
