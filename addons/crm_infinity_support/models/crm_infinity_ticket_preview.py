from odoo import api, models

PREVIEW_MESSAGES = 20


class CrmInfinityTicket(models.Model):
    """The preview pane of the cockpit lists (SPEC T3): what an operator needs to decide on a
    ticket without opening it, rendered on the server so that it speaks the user's language."""

    _inherit = 'crm.infinity.ticket'

    @api.multi
    def get_preview(self):
        """{'id', 'number', 'html'} of one ticket. Called by the cockpit list on every row the
        operator moves to; reads the ticket through the ORM, so record rules apply."""
        self.ensure_one()
        self.check_access_rights('read')
        self.check_access_rule('read')
        html = self.env['ir.qweb'].render('crm_infinity_support.crm_infinity_ticket_preview', {
            'ticket': self,
            'messages': self._preview_messages(),
        })
        if isinstance(html, bytes):
            html = html.decode('utf-8')
        return {'id': self.id, 'number': self.number, 'html': html}

    def _preview_messages(self):
        """The latest messages the customer sees (e-mails and replies, not internal notes)."""
        return self.env['mail.message'].search([
            ('model', '=', self._name), ('res_id', '=', self.id),
            ('message_type', 'in', ('email', 'comment')),
            ('subtype_id', '=', self.env.ref('mail.mt_comment').id),
        ], order='date desc, id desc', limit=PREVIEW_MESSAGES)
