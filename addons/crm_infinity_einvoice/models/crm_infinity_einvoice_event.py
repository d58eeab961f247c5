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
