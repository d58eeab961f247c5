import json
import logging

import requests

from odoo import _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class CrmInfinitySmsGateway(models.Model):
    """An HTTP SMS gateway (SPEC B7): a URL receiving a JSON or form request per message.

    The body template is JSON in which ``{to}``, ``{text}`` and ``{sender}`` are replaced."""

    _name = 'crm.infinity.sms.gateway'
    _description = 'SMS gateway'

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    url = fields.Char('URL', required=True)
    method = fields.Selection([('json', 'POST JSON'), ('form', 'POST form')], default='json',
                              required=True)
    auth_header = fields.Char('Authorization header', groups='base.group_system',
                              help='Sent as the Authorization header, e.g. "Bearer <token>".')
    sender = fields.Char(help='Sender name or number shown to the recipient.')
    body_template = fields.Text(
        default='{"to": "{to}", "text": "{text}", "from": "{sender}"}', required=True,
        help='Request body; {to}, {text} and {sender} are replaced by the message values.')
    timeout = fields.Integer('Timeout (seconds)', default=10)

    @api.multi
    def _payload(self, to, text):
        self.ensure_one()
        escaped = {k: json.dumps(v or '')[1:-1] for k, v in
                   (('to', to), ('text', text), ('sender', self.sender))}
        body = self.body_template
        for key, value in escaped.items():
            body = body.replace('{%s}' % key, value)
        try:
            return json.loads(body)
        except ValueError:
            raise UserError(_('The body template of the SMS gateway "%s" is not valid JSON.') % self.name)

    @api.multi
    def send(self, to, text):
        """Send one SMS; return (ok, error message). Never raises for a gateway failure."""
        self.ensure_one()
        payload = self._payload(to, text)
        headers = {}
        auth = self.sudo().auth_header
        if auth:
            headers['Authorization'] = auth
        try:
            if self.method == 'json':
                resp = requests.post(self.url, json=payload, headers=headers, timeout=self.timeout)
            else:
                resp = requests.post(self.url, data=payload, headers=headers, timeout=self.timeout)
        except requests.RequestException as error:
            _logger.info('SMS gateway %s unreachable: %s', self.name, error)
            return False, str(error)
        if resp.status_code >= 300:
            return False, 'HTTP %s: %s' % (resp.status_code, resp.text[:200])
        return True, ''
