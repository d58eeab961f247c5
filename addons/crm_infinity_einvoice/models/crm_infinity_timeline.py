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
    def _crm_timeline_sources(self, partner_ids, kinds=None):
        sources = super()._crm_timeline_sources(partner_ids, kinds=kinds)
        if self._crm_timeline_wants('invoice', kinds):
            sources.append(self._crm_timeline_source(
                'invoice', 'invoice', 'account.invoice',
                [('partner_id', 'in', partner_ids), ('type', 'in', ('out_invoice', 'out_refund')),
                 ('state', 'not in', ('draft', 'cancel'))], 'date_invoice', is_date=True))
        if self._crm_timeline_wants('payment', kinds):
            sources.append(self._crm_timeline_source(
                'payment', 'payment', 'account.payment',
                [('partner_id', 'in', partner_ids), ('payment_type', '=', 'inbound'),
                 ('state', 'in', ('posted', 'sent', 'reconciled'))], 'payment_date',
                is_date=True))
        return sources

    @api.model
    def _crm_timeline_watches(self):
        return super()._crm_timeline_watches() + [
            {'table': 'account_invoice', 'keys': ['invoice'],
             'columns': ['partner_id', 'type', 'state', 'date_invoice'],
             'partners': 'SELECT r.partner_id FROM {rows} r'},
            {'table': 'account_payment', 'keys': ['payment'],
             'columns': ['partner_id', 'payment_type', 'state', 'payment_date'],
             'partners': 'SELECT r.partner_id FROM {rows} r'},
        ]

    @api.model
    def _crm_timeline_render(self, key, ids):
        if key == 'invoice':
            return self._crm_timeline_invoices(ids)
        if key == 'payment':
            return self._crm_timeline_payments(ids)
        return super()._crm_timeline_render(key, ids)

    @api.model
    def _crm_timeline_invoices(self, ids):
        states = self._crm_timeline_labels('account.invoice', 'state')
        rows = self._crm_timeline_read_ids(
            'account.invoice', ids, ['type', 'number', 'name', 'partner_id', 'user_id',
                                     'amount_total', 'state'])
        return {rid: {
            'kind': 'invoice',
            'title': (_('Invoice %s') if row['type'] == 'out_invoice' else _('Credit note %s'))
            % (row['number'] or row['name'] or ''),
            'body': row['name'] or '', 'res_model': 'account.invoice', 'res_id': rid,
            'partner_id': row['partner_id'], 'user_id': row['user_id'],
            'amount': row['amount_total'], 'state': states.get(row['state']),
        } for rid, row in rows.items()}

    @api.model
    def _crm_timeline_payments(self, ids):
        rows = self._crm_timeline_read_ids(
            'account.payment', ids, ['name', 'communication', 'partner_id', 'create_uid',
                                     'amount'])
        return {rid: {
            'kind': 'payment', 'title': _('Payment %s') % (row['name'] or ''),
            'body': row['communication'] or '', 'res_model': 'account.payment', 'res_id': rid,
            'partner_id': row['partner_id'], 'user_id': row['create_uid'],
            'amount': row['amount'],
        } for rid, row in rows.items()}
