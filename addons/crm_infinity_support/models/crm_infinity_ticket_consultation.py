from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape


class CrmInfinityTicketConsultation(models.Model):
    """A communication with a third party (consultant, supplier) about a ticket (SPEC T2), kept
    apart from the customer thread: each record is its own mail thread whose only recipient is
    the third party, so nothing of it reaches the ticket's followers. A reply of the third party
    threads back (by its References) into a new received communication of the same ticket."""

    _name = 'crm.infinity.ticket.consultation'
    _description = 'Third-party communication'
    _inherit = ['mail.thread']
    _order = 'date desc, id desc'
    _rec_name = 'subject'

    ticket_id = fields.Many2one('crm.infinity.ticket', string='Ticket', required=True,
                                index=True, ondelete='cascade', readonly=True,
                                states={'draft': [('readonly', False)]})
    center_id = fields.Many2one(related='ticket_id.center_id', store=True, readonly=True)
    partner_id = fields.Many2one('res.partner', string='Third party', required=True, index=True,
                                 readonly=True, states={'draft': [('readonly', False)]},
                                 help='Consultant or supplier: the only recipient.')
    direction = fields.Selection([('out', 'Sent'), ('in', 'Received')], required=True,
                                 default='out', readonly=True)
    subject = fields.Char(required=True, readonly=True, states={'draft': [('readonly', False)]})
    body = fields.Html(readonly=True, states={'draft': [('readonly', False)]})
    attachment_ids = fields.Many2many('ir.attachment', string='Attachments', readonly=True,
                                      states={'draft': [('readonly', False)]})
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    user_id = fields.Many2one('res.users', string='Written by', readonly=True,
                              default=lambda self: self.env.user)
    email_from = fields.Char('From', readonly=True)
    state = fields.Selection([('draft', 'Draft'), ('sent', 'Sent'), ('received', 'Received')],
                             required=True, default='draft', readonly=True)
    parent_id = fields.Many2one('crm.infinity.ticket.consultation', string='In reply to',
                                readonly=True, ondelete='set null')

    # -- CRUD -----------------------------------------------------------------------------------

    @api.model
    def create(self, vals):
        # nobody follows a consultation: its e-mails reach the third party only
        return super(CrmInfinityTicketConsultation, self.with_context(
            mail_create_nosubscribe=True, mail_create_nolog=True)).create(vals)

    # -- actions --------------------------------------------------------------------------------

    @api.multi
    def action_send(self):
        """Send the communication by e-mail to the third party, and to nobody else."""
        for consultation in self:
            if consultation.state != 'draft':
                raise UserError(_('This communication has already been sent.'))
            if not consultation.partner_id.email:
                raise UserError(_('%s has no e-mail address.') % consultation.partner_id.name)
            consultation.ticket_id.check_access_rule('write')
            subject = '[%s] %s' % (consultation.ticket_id.number, consultation.subject) \
                if consultation.ticket_id.number not in consultation.subject else consultation.subject
            consultation.with_context(mail_create_nosubscribe=True, mail_post_autofollow=False) \
                .message_post(body=consultation.body or '', subject=subject,
                              message_type='comment', subtype='mail.mt_comment',
                              partner_ids=consultation.partner_id.ids,
                              attachment_ids=consultation.attachment_ids.ids)
            consultation.write({'state': 'sent', 'date': fields.Datetime.now(),
                                'user_id': self.env.uid})
            consultation.ticket_id._primanota_log([{
                'res_id': consultation.ticket_id.id, 'res_name': consultation.ticket_id.display_name,
                'event_code': 'consultation', 'channel': 'email',
                'note': _('Written to %s: %s') % (consultation.partner_id.name, consultation.subject),
            }])
        return {'type': 'ir.actions.act_window_close'}

    # -- mail gateway ---------------------------------------------------------------------------

    @api.multi
    def _reply_values(self):
        """Values of the received communication that answers this one."""
        self.ensure_one()
        return {'ticket_id': self.ticket_id.id, 'partner_id': self.partner_id.id,
                'parent_id': self.id}

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        values = dict(custom_values or {})
        if not values.get('ticket_id'):
            raise ValueError('A third-party communication needs its ticket')
        values.update({
            'subject': msg_dict.get('subject') or _('(no subject)'),
            'body': msg_dict.get('body'),
            'email_from': msg_dict.get('email_from'),
            'date': msg_dict.get('date') or fields.Datetime.now(),
            'direction': 'in', 'state': 'received', 'user_id': False,
        })
        consultation = super().message_new(msg_dict, values)
        ticket = consultation.ticket_id
        # tell the operator, in a note: notes never reach the customer
        ticket.message_post(
            body=html_escape(_('%s answered the third-party communication "%s".')
                             % (consultation.partner_id.name, consultation.subject)),
            subtype='mail.mt_note', message_type='comment',
            partner_ids=ticket.user_id.partner_id.ids)
        return consultation

    @api.model
    def message_get_reply_to(self, res_ids, default=None):
        """The third party answers to the center's alias: the headers bring the answer back."""
        res = super().message_get_reply_to(res_ids, default=default)
        consultations = self.sudo().browse(res_ids).exists()
        by_ticket = consultations.mapped('ticket_id')._center_reply_to()
        for consultation in consultations:
            if consultation.ticket_id.id in by_ticket:
                res[consultation.id] = by_ticket[consultation.ticket_id.id]
        return res

    @api.multi
    @api.returns('mail.message', lambda value: value.id)
    def message_post(self, *args, **kwargs):
        message = super().message_post(*args, **kwargs)
        received = self.filtered(lambda c: c.direction == 'in')
        if received and message.attachment_ids:
            received.write({'attachment_ids': [(4, a.id) for a in message.attachment_ids]})
        return message
