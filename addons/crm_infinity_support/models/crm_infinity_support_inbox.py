from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_split, html_escape


class CrmInfinitySupportInbox(models.Model):
    """An incoming e-mail that the gateway could not turn into a ticket (SPEC T7 cockpit): no
    alias, no known ticket, or a sender not enabled on a reserved center. An operator creates a
    ticket from it, attaches it to an existing ticket, or discards it. The original message
    (with its attachments and Message-Id) moves to the ticket, so replies thread there."""

    _name = 'crm.infinity.support.inbox'
    _description = 'Unmatched incoming e-mail'
    _inherit = ['mail.thread']
    _order = 'date desc, id desc'

    name = fields.Char('Subject', required=True, default='/', readonly=True)
    email_from = fields.Char('From', readonly=True)
    email_to = fields.Char('To', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Sender', readonly=True,
                                 states={'new': [('readonly', False)]})
    body = fields.Html(readonly=True, sanitize_style=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
    state = fields.Selection([('new', 'To handle'), ('converted', 'Converted'),
                              ('discarded', 'Discarded')],
                             required=True, default='new', index=True, readonly=True,
                             track_visibility='onchange')
    reason = fields.Selection([('unmatched', 'No service center or ticket matches'),
                               ('reserved', 'Sender not enabled on a reserved center')],
                              required=True, default='unmatched', readonly=True)
    center_id = fields.Many2one('crm.infinity.service.center', string='Service center',
                                states={'new': [('readonly', False)]}, readonly=True,
                                help='The center of the ticket to create.')
    ticket_id = fields.Many2one('crm.infinity.ticket', string='Ticket',
                                states={'new': [('readonly', False)]}, readonly=True,
                                help='The ticket to attach the e-mail to, or the one created from it.')
    user_id = fields.Many2one('res.users', string='Handled by', readonly=True)
    company_id = fields.Many2one('res.company', default=lambda self: self.env.user.company_id)

    # -- mail gateway ---------------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        values = dict(custom_values or {})
        values.update({
            'name': msg_dict.get('subject') or _('(no subject)'),
            'email_from': msg_dict.get('email_from'),
            'email_to': msg_dict.get('to'),
            'partner_id': msg_dict.get('author_id') or False,
            'body': msg_dict.get('body'),
            'date': msg_dict.get('date') or fields.Datetime.now(),
        })
        return super(CrmInfinitySupportInbox, self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True)).message_new(msg_dict, values)

    # -- actions --------------------------------------------------------------------------------

    @api.multi
    def action_create_ticket(self):
        self.ensure_one()
        self._check_new()
        if not self.center_id:
            raise UserError(_('Choose the service center of the ticket first.'))
        ticket = self.env['crm.infinity.ticket'].create(self._ticket_values())
        self._move_messages(ticket)
        self.write({'state': 'converted', 'ticket_id': ticket.id, 'user_id': self.env.uid})
        return self._open(ticket)

    @api.multi
    def action_attach_to_ticket(self):
        self.ensure_one()
        self._check_new()
        if not self.ticket_id:
            raise UserError(_('Choose the ticket to attach the e-mail to first.'))
        self.ticket_id.check_access_rule('write')
        self._move_messages(self.ticket_id)
        self.write({'state': 'converted', 'user_id': self.env.uid})
        return self._open(self.ticket_id)

    @api.multi
    def action_discard(self):
        self.filtered(lambda m: m.state == 'new').write(
            {'state': 'discarded', 'user_id': self.env.uid})
        return True

    @api.multi
    def action_reset(self):
        self.filtered(lambda m: m.state == 'discarded').write({'state': 'new', 'user_id': False})
        return True

    # -- business methods -----------------------------------------------------------------------

    def _check_new(self):
        if self.state != 'new':
            raise UserError(_('This e-mail has already been handled.'))

    def _ticket_values(self):
        email = (email_split(self.email_from or '') or [False])[0]
        name = self.email_from or ''
        if email and '<' in name:
            name = name.split('<')[0].strip().strip('"')
        values = {
            'name': self.name,
            'description': self.body,
            'center_id': self.center_id.id,
            'channel': 'email',
            'partner_email': email,
            'partner_name': name if name and name != email else False,
        }
        if self.partner_id:
            values['partner_id'] = self.partner_id.id
        return values

    def _move_messages(self, ticket):
        """Move the received messages (and their attachments) to the ticket thread."""
        messages = self.env['mail.message'].sudo().search(
            [('model', '=', self._name), ('res_id', '=', self.id),
             ('message_type', '=', 'email')])
        messages.write({'model': ticket._name, 'res_id': ticket.id,
                        'record_name': ticket.display_name})
        messages.mapped('attachment_ids').write({'res_model': ticket._name, 'res_id': ticket.id})
        if self.partner_id and self.partner_id not in ticket.message_partner_ids \
                and ticket.center_id._accepts_partner(self.partner_id):
            ticket.message_subscribe(partner_ids=self.partner_id.ids)
        ticket.message_post(body=html_escape(
            _('E-mail "%s" from %s attached from the unmatched mail cockpit.')
            % (self.name, self.email_from or '')),
                            subtype='mail.mt_note', message_type='comment')

    def _open(self, ticket):
        return {'type': 'ir.actions.act_window', 'res_model': ticket._name, 'res_id': ticket.id,
                'view_mode': 'form', 'target': 'current'}
