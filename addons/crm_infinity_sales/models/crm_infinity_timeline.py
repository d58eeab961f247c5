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
            records['crm.lead'] = self.env['crm.lead'].with_context(active_test=False).search(
                [('partner_id', 'in', partner_ids)]).ids
        return records

    @api.model
    def _crm_timeline_deals(self, partner_ids, date_from, date_to, limit):
        Lead = self.env['crm.lead'].with_context(active_test=False)
        base = [('partner_id', 'in', partner_ids)]
        items = []
        # opened on its opening date (a deal imported or keyed in later keeps its real one)
        for deal in Lead.search(base + [('opening_date', '!=', False)] +
                                self._crm_timeline_date_domain('opening_date', date_from,
                                                               date_to, is_date=True),
                                order='opening_date desc, id desc', limit=limit):
            items.append({
                'kind': 'deal', 'date': deal.opening_date,
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
        translator = _Translator(self.env)  # the values in the viewer's language, as the chatter
        for value in Tracking.search(domain, order='create_date desc, id desc', limit=limit):
            message = value.mail_message_id
            deal = deals.setdefault(message.res_id, Lead.browse(message.res_id))
            shown = {'old_value': value.old_value_char, 'new_value': value.new_value_char,
                     'changed_field': value.field_desc}
            translator.translate(value, Lead._fields[value.field], shown)
            items.append({
                'kind': 'deal', 'date': value.create_date,
                'title': _('%s: %s → %s') % (deal.name, shown['old_value'] or '-',
                                             shown['new_value'] or '-'),
                'body': '', 'res_model': 'crm.lead', 'res_id': deal.id,
                'partner_id': deal.partner_id.id, 'user_id': message.author_id.user_ids[:1].id,
                'state': shown['changed_field'],
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
