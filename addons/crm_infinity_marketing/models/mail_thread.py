import re

from odoo import api, models, tools
from odoo.tools import decode_message_header

from ..engines import dsn


class MailThread(models.AbstractModel):
    _inherit = 'mail.thread'

    @api.model
    def message_route(self, message, message_dict, model=None, thread_id=None,
                      custom_values=None):
        """Bounces of marketing messages (sent with Return-Path ``<bounce alias>+crm<ledger
        row>@<catchall domain>``, or any delivery status notification to the bounce alias)
        update the send ledger with the parsed reason and are not routed further."""
        alias = self.env['ir.config_parameter'].sudo().get_param('mail.bounce.alias')
        if alias:
            recipients = ','.join(decode_message_header(message, h) or '' for h in
                                  ('To', 'Delivered-To', 'X-Original-To'))
            match = re.search(r'%s\+crm(\d+)@' % re.escape(alias), recipients, re.I)
            is_report = message.get_content_type() == 'multipart/report'
            locals_ = [e.split('@', 1)[0].lower() for e in tools.email_split(recipients)]
            if match or (is_report and alias.lower() in locals_):
                report = dsn.parse(message)
                if report.bounces:
                    self.env['mail.mail.statistics'].sudo()._crm_record_bounces(
                        report, int(match.group(1)) if match else None)
                    return []
        return super().message_route(message, message_dict, model=model, thread_id=thread_id,
                                     custom_values=custom_values)
