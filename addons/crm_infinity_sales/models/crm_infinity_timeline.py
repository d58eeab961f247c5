from odoo import _, api, models


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
            records['crm.lead'] = self.env['crm.lead'].with_context(active_test=False).search(
                [('partner_id', 'in', partner_ids)]).ids
        return records

    @api.model
    def _crm_timeline_deals(self, partner_ids, date_from, date_to, limit):
        Lead = self.env['crm.lead'].with_context(active_test=False)
        base = [('partner_id', 'in', partner_ids)]
        items = []
        for deal in Lead.search(base + self._crm_timeline_date_domain(
                'create_date', date_from, date_to), order='create_date desc, id desc',
                limit=limit):
            items.append({
                'kind': 'deal', 'date': deal.create_date,
                'title': _('Deal opened: %s') % deal.name,
                'body': '', 'res_model': 'crm.lead', 'res_id': deal.id,
                'partner_id': deal.partner_id.id, 'user_id': deal.user_id.id,
                'amount': deal.planned_revenue,
            })
        # the changes of phase and status: the tracking of the deals the viewer reads (the
        # tracking values themselves are not readable by users: read after that check)
        deal_ids = Lead.search(base).ids
        if not deal_ids:
            return items
        Tracking = self.env['mail.tracking.value'].sudo()
        domain = [('field', 'in', ('deal_phase', 'deal_status_id')),
                  ('mail_message_id.model', '=', 'crm.lead'),
                  ('mail_message_id.res_id', 'in', deal_ids)]
        domain += self._crm_timeline_date_domain('create_date', date_from, date_to)
        deals = {}
        for value in Tracking.search(domain, order='create_date desc, id desc', limit=limit):
            message = value.mail_message_id
            deal = deals.setdefault(message.res_id, Lead.browse(message.res_id))
            items.append({
                'kind': 'deal', 'date': value.create_date,
                'title': _('%s: %s → %s') % (deal.name, value.old_value_char or '-',
                                             value.new_value_char or '-'),
                'body': '', 'res_model': 'crm.lead', 'res_id': deal.id,
                'partner_id': deal.partner_id.id, 'user_id': message.author_id.user_ids[:1].id,
                'state': value.field_desc,
            })
        return items

    @api.model
    def _crm_timeline_quotes(self, partner_ids, date_from, date_to, limit):
        Order = self.env['sale.order']
        states = dict(Order._fields['state']._description_selection(self.env))
        domain = [('partner_id', 'in', partner_ids)] + self._crm_timeline_date_domain(
            'date_order', date_from, date_to)
        items = []
        for order in Order.search(domain, order='date_order desc, id desc', limit=limit):
            quotation = order.state in ('draft', 'sent', 'cancel')
            title = (_('Quotation %s') if quotation else _('Order %s')) % order.name
            if order.offer_date:
                title = _('%s (offer generated)') % title
            items.append({
                'kind': 'quote', 'date': order.date_order, 'title': title,
                'body': order.note or '', 'res_model': 'sale.order', 'res_id': order.id,
                'partner_id': order.partner_id.id, 'user_id': order.user_id.id,
                'amount': order.amount_total, 'state': states.get(order.state, order.state),
            })
        return items
