from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    ticket_id = fields.Many2one('crm.infinity.ticket', string='Ticket', index=True, copy=False,
                                readonly=True, ondelete='set null',
                                help='The support ticket this quotation was made from.')
