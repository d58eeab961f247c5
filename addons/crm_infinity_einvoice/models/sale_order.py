from odoo import api, models


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    @api.depends('state', 'order_line.invoice_status')
    def _get_invoiced(self):
        """Salespeople may not see invoices (SPEC B2): the invoice status and count of their
        orders are computed with the rights to read them, and only the ids are kept."""
        for order in self:
            order_sudo = order.sudo()
            super(SaleOrder, order_sudo)._get_invoiced()
            order.invoice_count = order_sudo.invoice_count
            order.invoice_ids = order_sudo.invoice_ids.ids
            order.invoice_status = order_sudo.invoice_status
