import re

from odoo import api, models, tools
from odoo.tools import decode_message_header

from ..engines import dsn, tokens
from .tracking_key import tracking_keys


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
            match = re.search(r'%s\+crm(\d+)(?:-([0-9a-f]+))?@' % re.escape(alias), recipients,
                              re.I)
            is_report = message.get_content_type() == 'multipart/report'
            locals_ = [e.split('@', 1)[0].lower() for e in tools.email_split(recipients)]
            if match or (is_report and alias.lower() in locals_):
                report = dsn.parse(message)
                if report.bounces:
                    # an unsigned or forged row number names no row: the report is matched
                    # by the bounced Message-ID or address only, as one to the bare alias
                    stat_id = int(match.group(1)) if match and tokens.verify_bounce(
                        tracking_keys(), int(match.group(1)), match.group(2)) else None
                    self.env['mail.mail.statistics'].sudo()._crm_record_bounces(
                        report, stat_id)
                    return []
        return super().message_route(message, message_dict, model=model, thread_id=thread_id,
                                     custom_values=custom_values)
