"""Public endpoints of the marketing messages: open pixel, click redirect, unsubscribe page.

Every request carries a signed token (``engines.tokens``) naming the ledger row; a forged,
expired or foreign token records nothing and gets the same answer as a valid one (the same
pixel, the same pages; only a click cannot be redirected to a link it does not name, so it goes
to the home page). No e-mail address ever travels in a URL."""
import base64

import werkzeug

from odoo import _, http
from odoo.http import request

from ..engines import tokens
from ..models.tracking_key import tracking_keys

PIXEL = base64.b64decode(b'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7')
NO_STORE = [('Cache-Control', 'no-store, no-cache, must-revalidate, private'),
            ('Pragma', 'no-cache')]


def _user_agent():
    return request.httprequest.headers.get('User-Agent') or ''


class CrmMarketingTracking(http.Controller):

    @http.route('/crm/mk/o/<string:token>', type='http', auth='none', methods=['GET', 'HEAD'],
                csrf=False)
    def crm_open(self, token, **kwargs):
        found = tokens.verify(tracking_keys(), token[:-4] if token.endswith('.gif') else token,
                              'o')
        if found:
            request.env['mail.mail.statistics'].sudo()._crm_track_open(
                found[0], request.httprequest.method, _user_agent())
        return request.make_response(PIXEL, [('Content-Type', 'image/gif')] + NO_STORE)

    @http.route('/crm/mk/c/<string:token>', type='http', auth='none', methods=['GET', 'HEAD'],
                csrf=False)
    def crm_click(self, token, **kwargs):
        found = tokens.verify(tracking_keys(), token, 'c')
        url = None
        if found:
            url = request.env['mail.mail.statistics'].sudo()._crm_track_click(
                found[0], found[1], request.httprequest.method, _user_agent(),
                request.httprequest.remote_addr)
        response = werkzeug.utils.redirect(url or '/', 302)
        response.headers.extend(NO_STORE)
        return response

    @http.route('/crm/mk/u/<string:token>', type='http', auth='public', methods=['GET', 'POST'],
                csrf=False, sitemap=False)
    def crm_unsubscribe(self, token, **post):
        """GET: a page asking to confirm (link scanners only GET: they unsubscribe nobody).
        POST: the page's button, or a mail client's one-click (RFC 8058, body
        ``List-Unsubscribe=One-Click``). The token in the URL is what binds the request (no
        session, so no CSRF token to check: without the token there is nothing to forge)."""
        found = tokens.verify(tracking_keys(), token, 'u')
        done = request.httprequest.method == 'POST'
        if done and found:
            request.env['mail.mail.statistics'].sudo()._crm_unsubscribe(
                found[0], ip=request.httprequest.remote_addr, user_agent=_user_agent())
        lang = self._lang()
        # read by odoo._ (the page's <title> is not a term of the template's translation)
        context, cr = {'lang': lang}, request.env.cr  # noqa: F841
        values = {'action': '/crm/mk/u/%s' % werkzeug.urls.url_quote(token), 'done': done,
                  'title': _('Unsubscribe')}
        View = request.env['ir.ui.view'].sudo().with_context(lang=lang)
        html = View.render_template('crm_infinity_marketing.unsubscribe_page', values)
        if isinstance(html, bytes):
            html = html.decode('utf-8')
        return request.make_response('<!DOCTYPE html>\n' + html,
                                     [('Content-Type', 'text/html; charset=utf-8')] + NO_STORE)

    def _lang(self):
        langs = request.env['res.lang'].sudo().search([('code', '=', 'it_IT')], limit=1)
        return 'it_IT' if langs else 'en_US'
