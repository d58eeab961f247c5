from odoo import http
from odoo.addons.portal.controllers.mail import PortalChatter

# what Odoo's portal composer sends besides the message (portal_chatter.xml); anything else
# would reach message_post() as the author's choice of sender, reply-to, date, message-id...
CHATTER_FIELDS = ('csrf_token', 'token', 'sha_in', 'sha_time')


class CrmInfinityPortalChatter(PortalChatter):

    @http.route()
    def portal_chatter_post(self, res_model, res_id, message, **kw):
        """A portal post is a comment of the poster, now: he may not set ``email_from``,
        ``reply_to``, ``date``, ``message_id``, ``author_id``, ``subtype``, recipients...
        (Odoo passes every extra form field to message_post, issue 12 §5)."""
        kw = {key: value for key, value in kw.items() if key in CHATTER_FIELDS}
        return super().portal_chatter_post(res_model, res_id, message, **kw)
