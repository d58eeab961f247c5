from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError


class IrAttachment(models.Model):
    _inherit = 'ir.attachment'

    @api.model
    def check(self, mode, values=None):
        """Odoo lets whoever reads a document read all its files. A customer reads his ticket,
        but not the files of the operators' internal notes: on tickets, portal users read only
        the files of the public history (what was sent to or by the customer)."""
        super().check(mode, values=values)
        if mode != 'read' or not self or self._uid == SUPERUSER_ID or not self.env.user.share:
            return
        cr = self.env.cr
        cr.execute("SELECT id FROM ir_attachment WHERE id IN %s AND res_model = 'crm.infinity.ticket' "
                   "AND res_field IS NULL AND NOT coalesce(public, false)", (tuple(self.ids),))
        ticket_files = {row[0] for row in cr.fetchall()}
        if not ticket_files:
            return
        cr.execute("""
            SELECT rel.attachment_id
              FROM message_attachment_rel rel
              JOIN mail_message message ON message.id = rel.message_id
              JOIN mail_message_subtype subtype ON subtype.id = message.subtype_id
             WHERE rel.attachment_id IN %s
               AND message.model = 'crm.infinity.ticket'
               AND message.message_type IN ('comment', 'email')
               AND NOT coalesce(subtype.internal, false)""", (tuple(ticket_files),))
        if ticket_files - {row[0] for row in cr.fetchall()}:
            raise AccessError(_('Sorry, you are not allowed to access this document.'))
