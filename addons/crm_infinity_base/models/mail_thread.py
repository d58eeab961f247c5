from odoo import api, models


class MailThread(models.AbstractModel):
    _inherit = 'mail.thread'

    @api.multi
    def _message_auto_subscribe_notify(self, partner_ids):
        """Odoo's "You have been assigned to ..." note, written in the language of who is
        assigned, not in the caller's context (an RPC call, a cron or the demo carry none: the
        note came out in English)."""
        if not partner_ids or self.env.context.get('mail_auto_subscribe_no_notify'):
            return super()._message_auto_subscribe_notify(partner_ids)
        by_lang = {}
        for partner in self.env['res.partner'].sudo().browse(partner_ids):
            lang = partner.lang or self.env.context.get('lang') or self.env.user.lang
            by_lang.setdefault(lang, []).append(partner.id)
        for lang, ids in by_lang.items():
            super(MailThread, self.with_context(lang=lang))._message_auto_subscribe_notify(ids)
        return True

    @api.multi
    def message_post_with_view(self, views_or_xmlid, **kwargs):
        """Odoo's chatter views (e.g. "This invoice has been created from: ...") rendered in the
        language Odoo's ``_()`` falls back to when the call carries none (demo, cron, RPC): the
        user's, not English. Only the view renders in it; the message is posted as before."""
        if not self.env.lang:
            lang = self.env['res.users'].context_get().get('lang')
            if lang:
                views = views_or_xmlid
                if isinstance(views, str):
                    views = self.env.ref(views, raise_if_not_found=False)
                if views:
                    views_or_xmlid = views.with_context(lang=lang)
        return super().message_post_with_view(views_or_xmlid, **kwargs)
