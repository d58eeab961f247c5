import unicodedata

import werkzeug.utils
import werkzeug.wrappers

from odoo import _, http
from odoo.http import request

from ..engines.phone import display, to_e164

MAX_NUMBER = 64  # characters: a phone number with its separators is far shorter


class CallerLookup(http.Controller):
    """Landing URL for a PBX (SPEC B12): opens the caller's card, or a prefilled new contact."""

    @http.route('/crm_infinity/caller', type='http', auth='user', methods=['GET'])
    def caller(self, number='', **kwargs):
        number = (number or '').strip()
        if len(number) > MAX_NUMBER or any(unicodedata.category(c) in ('Cc', 'Cf', 'Cs')
                                           for c in number):
            # control characters (a NUL byte broke the search in PostgreSQL: HTTP 500), overlong
            # input: a clear answer; other garbage finds nobody and offers a new contact
            context = request.env.context  # noqa: F841 (the user's language for _())
            return werkzeug.wrappers.Response(
                _('The phone number is not valid: use digits, "+", spaces and separators only.'),
                status=400, content_type='text/plain; charset=utf-8')
        region = request.env['ir.config_parameter'].sudo().get_param(
            'crm_infinity_base.caller_region', 'IT') or 'IT'
        e164 = to_e164(number, region.upper())
        # search as the logged-in user: record rules decide which contacts he may open
        partners = request.env['res.partner'].find_by_phone(e164) if e164 else request.env['res.partner']
        if len(partners) == 1:
            return werkzeug.utils.redirect(
                '/web#id=%d&model=res.partner&view_type=form' % partners.id, 303)
        lookup = request.env['crm.infinity.caller.lookup'].create({
            'number': e164 or number, 'number_display': display(e164) if e164 else number,
            'partner_ids': [(6, 0, partners.ids)]})
        return werkzeug.utils.redirect(
            '/web#id=%d&model=crm.infinity.caller.lookup&view_type=form' % lookup.id, 303)
