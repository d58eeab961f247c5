import base64

from odoo import _, fields, models


class SdiNotificationImport(models.TransientModel):
    """Upload an SdI notification received outside Odoo (e.g. downloaded from the PEC box)."""

    _name = 'crm.infinity.sdi.notification.import'
    _description = 'Import an SdI notification'

    data = fields.Binary('Notification file', required=True)
    filename = fields.Char()

    def action_import(self):
        self.ensure_one()
        notification = self.env['crm.infinity.sdi.notification'].import_notification(
            base64.b64decode(self.data), self.filename or 'notifica.xml')
        return {'type': 'ir.actions.act_window', 'res_model': notification._name,
                'res_id': notification.id, 'view_mode': 'form', 'name': _('SdI notification')}
