from odoo import http
from odoo.http import request


class ScadenzeFeed(http.Controller):
    """The personal calendar feed (SPEC B8): ``/crm_infinity/scadenze/<token>.ics``, for phone
    calendars, no session. Unknown or revoked token: 404 (the same answer, so a token cannot be
    probed). The deadlines are those of the token's user, computed **as him** (his record
    rules), never as superuser."""

    @http.route('/crm_infinity/scadenze/<string:token>.ics', type='http', auth='public',
                methods=['GET'], csrf=False)
    def feed(self, token, **kwargs):
        user = request.env['res.users'].sudo()._crm_ics_user(token)
        if not user:
            return request.not_found()
        env = request.env(user=user.id, context=dict(request.env.context, lang=user.lang,
                                                     tz=user.tz))
        body = env['res.users'].browse(user.id)._crm_ics_calendar()
        return request.make_response(body.encode('utf-8'), headers=[
            ('Content-Type', 'text/calendar; charset=utf-8'),
            ('Content-Disposition', 'inline; filename="scadenze.ics"'),
            ('Cache-Control', 'private, max-age=300')])
