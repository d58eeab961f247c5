from odoo import _, api, models


class CrmInfinityTimelineProvider(models.AbstractModel):
    """The items of the e-invoice addon on the card: customer invoices and credit notes
    (validated) and the payments received, read as the viewer (a salesperson without
    invoicing rights sees none)."""

    _inherit = 'crm.infinity.timeline.provider'

    @api.model
    def _crm_timeline_kinds(self):
        return super()._crm_timeline_kinds() + [
            ('invoice', _('Invoices')),
            ('payment', _('Payments')),
        ]

    @api.model
    def _crm_timeline_items(self, partner_ids, date_from=None, date_to=None, kinds=None,
                            limit=None):
        items = super()._crm_timeline_items(partner_ids, date_from=date_from, date_to=date_to,
                                            kinds=kinds, limit=limit)
        if self._crm_timeline_wants('invoice', kinds) and \
                self._crm_timeline_can_read('account.invoice'):
            items += self._crm_timeline_invoices(partner_ids, date_from, date_to, limit)
        if self._crm_timeline_wants('payment', kinds) and \
                self._crm_timeline_can_read('account.payment'):
            items += self._crm_timeline_payments(partner_ids, date_from, date_to, limit)
        return items

    @api.model
    def _crm_timeline_invoices(self, partner_ids, date_from, date_to, limit):
        Invoice = self.env['account.invoice']
        states = dict(Invoice._fields['state']._description_selection(self.env))
        domain = [('partner_id', 'in', partner_ids), ('type', 'in', ('out_invoice', 'out_refund')),
                  ('state', 'not in', ('draft', 'cancel'))]
        domain += self._crm_timeline_date_domain('date_invoice', date_from, date_to,
                                                 is_date=True)
        items = []
        for invoice in Invoice.search(domain, order='date_invoice desc, id desc', limit=limit):
            title = (_('Invoice %s') if invoice.type == 'out_invoice' else _('Credit note %s')) \
                % (invoice.number or invoice.name or '')
            items.append({
                'kind': 'invoice', 'date': invoice.date_invoice, 'title': title,
                'body': invoice.name or '', 'res_model': invoice._name, 'res_id': invoice.id,
                'partner_id': invoice.partner_id.id, 'user_id': invoice.user_id.id,
                'amount': invoice.amount_total, 'state': states.get(invoice.state),
            })
        return items

    @api.model
    def _crm_timeline_payments(self, partner_ids, date_from, date_to, limit):
        Payment = self.env['account.payment']
        domain = [('partner_id', 'in', partner_ids), ('payment_type', '=', 'inbound'),
                  ('state', 'in', ('posted', 'sent', 'reconciled'))]
        domain += self._crm_timeline_date_domain('payment_date', date_from, date_to,
                                                 is_date=True)
        items = []
        for payment in Payment.search(domain, order='payment_date desc, id desc', limit=limit):
            items.append({
                'kind': 'payment', 'date': payment.payment_date,
                'title': _('Payment %s') % (payment.name or ''),
                'body': payment.communication or '', 'res_model': payment._name,
                'res_id': payment.id, 'partner_id': payment.partner_id.id,
                'user_id': payment.create_uid.id, 'amount': payment.amount,
            })
        return items
