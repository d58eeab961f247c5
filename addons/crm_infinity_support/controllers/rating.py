"""One-click satisfaction links of the tickets (SPEC T15) on Odoo's /rating/<token>/<score>."""
from odoo import _, http
from odoo.http import request
from odoo.addons.rating.controllers.main import Rating



class SupportRating(Rating):

    @http.route()
    def open_rating(self, token, rate, **kwargs):
        """For tickets, the vote goes through the ticket (posted in its history, checked
        against the ticket) and is recorded once: a second click shows the first vote."""
        rating = request.env['rating.rating'].sudo().search([('access_token', '=', token)], limit=1)
        if not rating or rating.res_model != 'crm.infinity.ticket':
            return super().open_rating(token, rate, **kwargs)
        if rate not in (1, 5, 10):
            return request.not_found()
        ticket = request.env['crm.infinity.ticket'].sudo().browse(rating.res_id).exists()
        if not ticket:
            return request.not_found()
        if not rating.consumed:
            ticket.rating_apply(rate, token=token)
        recorded = int(rating.rating)
        lang = rating.partner_id.lang or 'en_US'
        names = {1: _('highly dissatisfied'), 5: _('not satisfied'), 10: _('satisfied')}
        return request.env['ir.ui.view'].with_context(lang=lang).render_template(
            'rating.rating_external_page_submit', {
                'rating': rating, 'token': token, 'rate': recorded,
                'rate_name': names.get(recorded, ''),
            })
