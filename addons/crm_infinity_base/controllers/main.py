import re

import werkzeug.utils

from odoo import _, http
from odoo.http import request

from ..engines.phone import display, to_e164

# what a PBX may send as a number: digits, +, spaces and the usual separators
NUMBER_RE = re.compile(r'^[0-9+()./\- ]{0,40}$')


class CallerLookup(http.Controller):
    """Landing URL for a PBX (SPEC B12): opens the caller's card, or a prefilled new contact."""

    @http.route('/crm_infinity/caller', type='http', auth='user', methods=['GET'])
    def caller(self, number='', **kwargs):
        number = (number or '').strip()
        if not NUMBER_RE.match(number):
            # control characters (a NUL byte breaks PostgreSQL), letters, overlong input
            return request.make_response(
                _('The phone number is not valid: use digits, "+", spaces and separators only.'),
                headers=[('Content-Type', 'text/plain; charset=utf-8')], status=400)
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
