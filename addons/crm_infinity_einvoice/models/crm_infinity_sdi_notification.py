import base64
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..fatturapa import NotificationError, parse_notification

_logger = logging.getLogger(__name__)

# SdI message -> e-invoice status of the invoice
TRANSITIONS = {
    'RC': 'delivered',
    'MC': 'not_delivered',   # not an error for a private customer: the invoice is in his area
    'NS': 'rejected',
    'DT': 'expired',
    'AT': 'impossible',
}
NE_OUTCOMES = {'EC01': 'accepted', 'EC02': 'refused'}


class CrmInfinitySdiNotification(models.Model):
    """An SdI notification (RC, MC, NS, NE, DT, AT) received by PEC or uploaded by hand.

    Incoming mail: point a fetchmail server at this model; every XML attachment of the message
    is read as a notification."""

    _name = 'crm.infinity.sdi.notification'
    _inherit = ['mail.thread']
    _description = 'SdI notification'
    _order = 'create_date desc, id desc'
    _rec_name = 'filename'

    notification_type = fields.Selection([
        ('RC', 'RC - Delivery receipt'), ('MC', 'MC - Failed delivery'),
        ('NS', 'NS - Rejection'), ('NE', 'NE - Outcome (PA)'),
        ('DT', 'DT - Terms expired'), ('AT', 'AT - Transmission certificate')], readonly=True)
    filename = fields.Char('Invoice file', readonly=True, index=True)
    sdi_id = fields.Char('SdI identifier', readonly=True)
    outcome = fields.Char(readonly=True)
    errors = fields.Text(readonly=True)
    invoice_id = fields.Many2one('account.invoice', readonly=True, index=True)
    attachment_id = fields.Many2one('ir.attachment', 'Notification file', readonly=True)
    state = fields.Selection([('done', 'Applied'), ('unmatched', 'No matching invoice')],
                             readonly=True)

    @api.model
    def import_notification(self, xml, name='notifica.xml'):
        """Validate, parse and apply one notification; refuse malformed ones, changing nothing."""
        try:
            data = parse_notification(xml)
        except NotificationError as error:
            raise UserError(_('The file %s is not a valid SdI notification: %s') % (name, error))
        invoice = self.env['account.invoice'].search(
            [('fatturapa_filename', '=', data['filename'])], limit=1)
        errors = '\n'.join('%s - %s%s' % (e['code'], e['description'],
                                          (' (%s)' % e['suggestion']) if e.get('suggestion') else '')
                           for e in data.get('errors') or [])
        attachment = self.env['ir.attachment'].create({
            'name': name, 'datas_fname': name, 'datas': base64.b64encode(xml),
            'mimetype': 'application/xml', 'type': 'binary'})
        notification = self.create({
            'notification_type': data['type'], 'filename': data['filename'],
            'sdi_id': data.get('sdi_id'), 'outcome': data.get('outcome'), 'errors': errors,
            'invoice_id': invoice.id, 'attachment_id': attachment.id,
            'state': 'done' if invoice else 'unmatched'})
        attachment.write({'res_model': self._name, 'res_id': notification.id})
        if invoice:
            invoice._fatturapa_apply_notification(data, errors, attachment)
        return notification

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A PEC from SdI: import every XML attachment as a notification."""
        notifications = self.browse()
        for attachment in msg_dict.get('attachments') or []:
            name, content = attachment[0], attachment[1]
            if not name.lower().endswith('.xml'):
                continue
            if isinstance(content, str):
                content = content.encode('utf-8')
            try:
                notifications |= self.import_notification(content, name)
            except UserError as error:
                _logger.warning('SdI mail %s: %s', msg_dict.get('message_id'), error.name)
        if notifications:
            return notifications[0]
        return super().message_new(msg_dict, custom_values)


class AccountInvoice(models.Model):
    _inherit = 'account.invoice'

    @api.multi
    def _fatturapa_apply_notification(self, data, errors, attachment):
        self.ensure_one()
        kind = data['type']
        state = NE_OUTCOMES.get(data.get('outcome')) if kind == 'NE' else TRANSITIONS.get(kind)
        values = {'fatturapa_sdi_id': data.get('sdi_id') or self.fatturapa_sdi_id}
        if state:
            values['fatturapa_state'] = state
        if kind == 'NS':
            values['fatturapa_error'] = errors
        self.write(values)
        self._fatturapa_log(state or self.fatturapa_state or 'sent', notification_type=kind,
                            sdi_id=data.get('sdi_id'), attachment=attachment,
                            note=errors or data.get('note') or False)
