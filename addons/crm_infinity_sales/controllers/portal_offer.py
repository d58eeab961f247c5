import base64

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.sale.controllers.portal import CustomerPortal


class OfferPortal(CustomerPortal):
    """Offers on the customer portal (SPEC S12): the customer downloads the offer document of
    his quote and confirms it; the salesperson then approves it in the back office.

    Access is Odoo's rule for quotes: the portal record rule (the customer follows the quote)
    or the quote's exact access token; anything else is a 404, whatever id or token is forged.
    """

    def _offer_order(self, order_id, access_token):
        # a missing id passes the record rules' read check: it must be refused too
        if not request.env['sale.order'].sudo().browse(order_id).exists():
            raise request.not_found()
        try:
            return self._order_check_access(order_id, access_token=access_token)
        except (AccessError, MissingError):
            raise request.not_found()

    def _order_get_page_view_values(self, order, access_token, **kwargs):
        values = super()._order_get_page_view_values(order, access_token, **kwargs)
        values['offer_pdf'] = order._offer_pdf_attachment()
        values['offer_confirmed'] = kwargs.get('offer_confirmed')
        return values

    @http.route(['/my/orders/<int:order_id>/offer'], type='http', auth='public', website=True)
    def portal_offer_download(self, order_id, access_token=None, **kw):
        order_sudo = self._offer_order(order_id, access_token)
        attachment = order_sudo._offer_pdf_attachment()
        if not attachment:
            raise request.not_found()
        data = base64.b64decode(attachment.sudo().with_context(bin_size=False).datas or b'')
        return request.make_response(data, headers=[
            ('Content-Type', 'application/pdf'), ('Content-Length', len(data)),
            ('Content-Disposition', http.content_disposition(attachment.datas_fname or
                                                             attachment.name))])

    @http.route(['/my/orders/<int:order_id>/offer/confirm'], type='http', auth='public',
                methods=['POST'], website=True)
    def portal_offer_confirm(self, order_id, access_token=None, **kw):
        order_sudo = self._offer_order(order_id, access_token)
        outcome = 'offer_confirmed=1'
        if order_sudo._offer_portal_can_confirm():
            user = request.env.user
            partner = order_sudo.partner_id if user._is_public() else user.partner_id
            try:
                order_sudo.offer_confirm_by_customer(partner)
            except UserError:
                outcome = 'error=generic'
        elif not order_sudo.offer_to_approve:
            outcome = 'error=generic'  # e.g. already approved, cancelled, or never sent
        if access_token:
            outcome += '&access_token=%s' % order_sudo.access_token
        return request.redirect('/my/orders/%d?%s' % (order_sudo.id, outcome))
