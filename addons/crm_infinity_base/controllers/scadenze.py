import datetime

from odoo import fields, http
from odoo.http import request

from ..engines.deadlines import ical

FEED_DAYS_BEFORE = 31
FEED_DAYS_AFTER = 366


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
        provider = env['crm.infinity.deadline.provider']
        today = fields.Date.from_string(fields.Date.context_today(provider))
        deadlines = provider._crm_deadlines(today - datetime.timedelta(days=FEED_DAYS_BEFORE),
                                            today + datetime.timedelta(days=FEED_DAYS_AFTER))
        Reminder = env['crm.infinity.deadline.reminder']
        base = env['ir.config_parameter'].sudo().get_param('web.base.url', '')
        domain = (base.split('://', 1)[-1].split('/', 1)[0].split(':', 1)[0]) or 'crm-infinity'
        body = ical(deadlines, datetime.datetime.utcnow().replace(microsecond=0),
                    '-//CRM Infinity//Scadenze//IT', 'Scadenze CRM - %s' % user.name, domain,
                    labels=dict(provider._crm_deadline_kinds()),
                    url_of=Reminder._crm_record_url)
        return request.make_response(body.encode('utf-8'), headers=[
            ('Content-Type', 'text/calendar; charset=utf-8'),
            ('Content-Disposition', 'inline; filename="scadenze.ics"'),
            ('Cache-Control', 'private, max-age=300')])
