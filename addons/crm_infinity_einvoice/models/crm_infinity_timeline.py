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
        rows = self._crm_timeline_read(
            Invoice._name, [('partner_id', 'in', partner_ids),
                            ('type', 'in', ('out_invoice', 'out_refund')),
                            ('state', 'not in', ('draft', 'cancel'))] +
            self._crm_timeline_date_domain('date_invoice', date_from, date_to, is_date=True),
            ['date_invoice', 'type', 'number', 'name', 'partner_id', 'user_id', 'amount_total',
             'state'], 'date_invoice desc, id desc', limit)
        return [{
            'kind': 'invoice', 'date': row['date_invoice'],
            'title': (_('Invoice %s') if row['type'] == 'out_invoice' else _('Credit note %s'))
            % (row['number'] or row['name'] or ''),
            'body': row['name'] or '', 'res_model': Invoice._name, 'res_id': row['id'],
            'partner_id': row['partner_id'], 'user_id': row['user_id'],
            'amount': row['amount_total'], 'state': states.get(row['state']),
        } for row in rows]

    @api.model
    def _crm_timeline_payments(self, partner_ids, date_from, date_to, limit):
        rows = self._crm_timeline_read(
            'account.payment', [('partner_id', 'in', partner_ids),
                                ('payment_type', '=', 'inbound'),
                                ('state', 'in', ('posted', 'sent', 'reconciled'))] +
            self._crm_timeline_date_domain('payment_date', date_from, date_to, is_date=True),
            ['payment_date', 'name', 'communication', 'partner_id', 'create_uid', 'amount'],
            'payment_date desc, id desc', limit)
        return [{
            'kind': 'payment', 'date': row['payment_date'],
            'title': _('Payment %s') % (row['name'] or ''), 'body': row['communication'] or '',
            'res_model': 'account.payment', 'res_id': row['id'],
            'partner_id': row['partner_id'], 'user_id': row['create_uid'],
            'amount': row['amount'],
        } for row in rows]
