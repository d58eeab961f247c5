from odoo import _, api, models, tools
from odoo.exceptions import UserError


class MailMassMailingTest(models.TransientModel):
    """Odoo's test send, merged like the real message (as if sent to the current user)."""

    _inherit = 'mail.mass_mailing.test'

    @api.multi
    def send_mail_test(self):
        self.ensure_one()
        mailing = self.mass_mailing_id
        mailing.check_access_rights('read')
        mailing.check_access_rule('read')
        emails = tools.email_split(self.email_to)
        if not emails:
            raise UserError(_('Give at least one e-mail address for the test.'))
        partner = self.env.user.partner_id
        row = {'id': 0, 'model': 'res.partner', 'res_id': partner.id,
               'crm_name': partner.name, 'crm_tracked': False}
        subject, body, text = mailing._crm_render([row])[0]
        Mail = self.env['mail.mail'].sudo()  # rights checked above
        mails = Mail.browse()
        for email in emails:
            mails |= Mail.create({
                'email_from': mailing.email_from, 'reply_to': mailing.reply_to,
                'email_to': email, 'subject': _('[TEST] %s') % subject,
                'body_html': body or tools.plaintext2html(text or ''),
                'notification': True, 'auto_delete': True})
        mails.send()
        return True
