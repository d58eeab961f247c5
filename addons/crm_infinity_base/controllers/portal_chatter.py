from odoo import _, http
from odoo.exceptions import AccessError
from odoo.addons.portal.controllers.mail import PortalChatter

# what Odoo's portal composer sends besides the message (portal_chatter.xml); anything else
# would reach message_post() as the author's choice of sender, reply-to, date, message-id...
CHATTER_FIELDS = ('csrf_token', 'token', 'sha_in', 'sha_time')

# the only filter Odoo's portal chatter sends to /mail/chatter_fetch (website_rating's stars)
FETCH_FILTER_FIELDS = ('rating_value',)
FETCH_FILTER_OPERATORS = ('=', '!=', '<', '<=', '>', '>=')


def _safe_fetch_domain(domain):
    """The client's filter of /mail/chatter_fetch, if it is one the portal sends: plain
    comparisons of the stars of a rating. Odoo searches the messages as superuser with a
    valid access token, so any other term (``author_id.user_ids.password_crypt``...) is a
    yes/no oracle on the whole database for whoever holds a link to one document."""
    if not domain:
        return []
    if not isinstance(domain, (list, tuple)):
        raise AccessError(_('This filter of the messages is not allowed.'))
    for term in domain:
        if not (isinstance(term, (list, tuple)) and len(term) == 3
                and term[0] in FETCH_FILTER_FIELDS and term[1] in FETCH_FILTER_OPERATORS
                and isinstance(term[2], (int, float)) and not isinstance(term[2], bool)):
            raise AccessError(_('This filter of the messages is not allowed.'))
    return [tuple(term) for term in domain]


class CrmInfinityPortalChatter(PortalChatter):

    @http.route()
    def portal_chatter_post(self, res_model, res_id, message, **kw):
        """A portal post is a comment of the poster, now: he may not set ``email_from``,
        ``reply_to``, ``date``, ``message_id``, ``author_id``, ``subtype``, recipients...
        (Odoo passes every extra form field to message_post, issue 12 §5)."""
        kw = {key: value for key, value in kw.items() if key in CHATTER_FIELDS}
        return super().portal_chatter_post(res_model, res_id, message, **kw)

    @http.route()
    def portal_message_fetch(self, res_model, res_id, domain=False, limit=10, offset=0, **kw):
        """Only the filters the portal itself sends (see ``_safe_fetch_domain``)."""
        return super().portal_message_fetch(res_model, res_id, domain=_safe_fetch_domain(domain),
                                            limit=limit, offset=offset, **kw)
