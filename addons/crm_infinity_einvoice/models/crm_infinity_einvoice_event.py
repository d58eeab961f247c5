from odoo import fields, models

STATES = [
    ('to_export', 'To export'),
    ('exported', 'Exported'),
    ('sent', 'Sent to SdI'),
    ('delivered', 'Delivered'),
    ('not_delivered', 'Not delivered (in the customer area)'),
    ('rejected', 'Rejected by SdI'),
    ('accepted', 'Accepted by the PA'),
    ('refused', 'Refused by the PA'),
    ('expired', 'Terms expired'),
    ('impossible', 'Impossible to deliver'),
]


class CrmInfinityEinvoiceEvent(models.Model):
    """The e-invoice history of an invoice: each export, sending and SdI notification."""

    _name = 'crm.infinity.einvoice.event'
    _description = 'E-invoice history'
    _order = 'date desc, id desc'

    invoice_id = fields.Many2one('account.invoice', required=True, ondelete='cascade', index=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True)
    user_id = fields.Many2one('res.users', default=lambda self: self.env.uid)
    state = fields.Selection(STATES, required=True)
    notification_type = fields.Char('SdI message')
    sdi_id = fields.Char('SdI identifier')
    note = fields.Text()
    attachment_id = fields.Many2one('ir.attachment', 'File')

    def _log_many(self, events):
        """Record many events at once (an export of thousands of invoices): one INSERT, the
        same columns the ORM would write (the model has no computed fields)."""
        if not events:
            return
        now = fields.Datetime.now()
        uid = self.env.uid
        columns = ('invoice_id', 'state', 'note', 'attachment_id', 'notification_type', 'sdi_id',
                   'date', 'user_id', 'create_uid', 'create_date', 'write_uid', 'write_date')
        rows = [tuple(event.get(c) for c in columns[:6]) + (now, uid, uid, now, uid, now)
                for event in events]
        query = 'INSERT INTO %s (%s) VALUES %s' % (
            self._table, ', '.join(columns), ', '.join(['%s'] * len(rows)))
        self.env.cr.execute(query, rows)
        self.invalidate_cache()
