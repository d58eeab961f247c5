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
    def _crm_timeline_items(self, partner_ids, date_from=None, date_to=None, kinds=None,
                            limit=None):
        items = super()._crm_timeline_items(partner_ids, date_from=date_from, date_to=date_to,
                                            kinds=kinds, limit=limit)
        if self._crm_timeline_wants('deal', kinds) and self._crm_timeline_can_read('crm.lead'):
            items += self._crm_timeline_deals(partner_ids, date_from, date_to, limit)
        if self._crm_timeline_wants('quote', kinds) and self._crm_timeline_can_read('sale.order'):
            items += self._crm_timeline_quotes(partner_ids, date_from, date_to, limit)
        return items

    @api.model
    def _crm_timeline_primanota_records(self, partner_ids):
        records = super()._crm_timeline_primanota_records(partner_ids)
        if self._crm_timeline_can_read('crm.lead'):
            records['crm.lead'] = self._crm_timeline_deal_ids(partner_ids)
        return records

    @api.model
    def _crm_timeline_deal_ids(self, partner_ids):
        """Ids of the deals of the partners the viewer reads (once per page)."""
        return self._crm_timeline_memo('crm.lead', lambda: self.env['crm.lead'].with_context(
            active_test=False).search([('partner_id', 'in', partner_ids)]).ids)

    @api.model
    def _crm_timeline_deals(self, partner_ids, date_from, date_to, limit):
        Lead = self.env['crm.lead'].with_context(active_test=False)
        # opened on its opening date (a deal imported or keyed in later keeps its real one)
        rows = self._crm_timeline_read(
            'crm.lead', [('partner_id', 'in', partner_ids), ('opening_date', '!=', False)] +
            self._crm_timeline_date_domain('opening_date', date_from, date_to, is_date=True),
            ['opening_date', 'name', 'partner_id', 'user_id', 'planned_revenue'],
            'opening_date desc, id desc', limit)
        items = [{
            'kind': 'deal', 'date': row['opening_date'],
            'title': _('Deal opened: %s') % row['name'], 'body': '', 'res_model': 'crm.lead',
            'res_id': row['id'], 'partner_id': row['partner_id'], 'user_id': row['user_id'],
            'amount': row['planned_revenue'],
        } for row in rows]
        # the changes of phase and status: the tracking of the deals the viewer reads (the
        # tracking values themselves are not readable by users: read after that check)
        deal_ids = self._crm_timeline_deal_ids(partner_ids)
        if not deal_ids:
            return items
        # one indexed query (the ORM would first list every message of the deals)
        query = """SELECT v.id FROM mail_tracking_value v
                     JOIN mail_message m ON m.id = v.mail_message_id
                    WHERE m.model = 'crm.lead' AND m.res_id = ANY(%s)
                      AND v.field IN ('deal_phase', 'deal_status_id')"""
        params = [deal_ids]
        if date_from:
            query += ' AND v.create_date >= %s'
            params.append(date_from)
        if date_to:
            query += ' AND v.create_date <= %s'
            params.append(date_to)
        query += ' ORDER BY v.create_date DESC, v.id DESC'
        if limit:
            query += ' LIMIT %s'
            params.append(limit)
        self.env.cr.execute(query, params)
        values = self.env['mail.tracking.value'].sudo().browse(
            [row[0] for row in self.env.cr.fetchall()])
        messages = {m['id']: m for m in values.mapped('mail_message_id').read(
            ['res_id', 'author_id'])}
        deals = {d['id']: d for d in Lead.browse(
            list({m['res_id'] for m in messages.values()})).read(['name', 'partner_id'])}
        translator = _Translator(self.env)  # the values in the viewer's language, as the chatter
        for value in values:
            message = messages[value.mail_message_id.id]
            deal = deals[message['res_id']]
            shown = {'old_value': value.old_value_char, 'new_value': value.new_value_char,
                     'changed_field': value.field_desc}
            translator.translate(value, Lead._fields[value.field], shown)
            items.append({
                'kind': 'deal', 'date': value.create_date,
                'title': _('%s: %s → %s') % (deal['name'], shown['old_value'] or '-',
                                             shown['new_value'] or '-'),
                'body': '', 'res_model': 'crm.lead', 'res_id': deal['id'],
                'partner_id': deal['partner_id'] and deal['partner_id'][0],
                'user_id': False, 'author': message['author_id'] and message['author_id'][1],
                'state': shown['changed_field'],
            })
        return items

    @api.model
    def _crm_timeline_quotes(self, partner_ids, date_from, date_to, limit):
        Order = self.env['sale.order']
        states = dict(Order._fields['state']._description_selection(self.env))
        rows = self._crm_timeline_read(
            'sale.order', [('partner_id', 'in', partner_ids)] + self._crm_timeline_date_domain(
                'date_order', date_from, date_to),
            ['date_order', 'name', 'state', 'offer_date', 'note', 'partner_id', 'user_id',
             'amount_total'], 'date_order desc, id desc', limit)
        items = []
        for row in rows:
            quotation = row['state'] in ('draft', 'sent', 'cancel')
            title = (_('Quotation %s') if quotation else _('Order %s')) % row['name']
            if row['offer_date']:
                title = _('%s (offer generated)') % title
            items.append({
                'kind': 'quote', 'date': row['date_order'], 'title': title,
                'body': row['note'] or '', 'res_model': 'sale.order', 'res_id': row['id'],
                'partner_id': row['partner_id'], 'user_id': row['user_id'],
                'amount': row['amount_total'], 'state': states.get(row['state'], row['state']),
            })
        return items
