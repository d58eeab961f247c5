from odoo import _, api, models
from odoo.exceptions import UserError


class CrmInfinityOfferReport(models.AbstractModel):
    """Values of the offer PDF: each quote merged with the layout given in ``data`` (the
    "Generate offer" wizard), else its last layout, else the first layout."""

    _name = 'report.crm_infinity_sales.offer_report_document'
    _description = 'Offer document report'

    @api.model
    def get_report_values(self, docids, data=None):
        orders = self.env['sale.order'].browse(docids)
        Layout = self.env['crm.infinity.offer.layout']
        layout_id = (data or {}).get('layout_id')
        offer_html = {}
        for order in orders:
            layout = Layout.browse(layout_id) if layout_id else \
                order.offer_layout_id or Layout.search([], limit=1)
            if not layout:
                raise UserError(_('Create an offer layout first (Configuration > Offers).'))
            offer_html[order.id] = order._offer_html(layout)
        return {'doc_ids': docids, 'doc_model': 'sale.order', 'docs': orders,
                'offer_html': offer_html}
