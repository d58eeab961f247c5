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
