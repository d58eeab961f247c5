from email.utils import formataddr

from odoo import _, api, fields, models
from odoo.tools import email_split


class CrmInfinityTicket(models.Model):
    """Tickets and e-mail (SPEC T7): a mail to a center's alias opens a ticket, a reply (by
    headers or by the number in the subject) appends to it and brings a ticket waiting for the
    customer back in progress; operators' replies leave with the number in the subject and the
    center's alias as Reply-To. Third-party communications live in their own threads (T2)."""

    _inherit = 'crm.infinity.ticket'

    # the support desk's: other employees who read the ticket (the customer's salesperson) do
    # not read its third-party threads, and Odoo 11 reads the fields of hidden pages too
    consultation_ids = fields.One2many('crm.infinity.ticket.consultation', 'ticket_id',
                                       string='Third-party communications',
                                       groups='crm_infinity_base.group_crm_support_operator')
    consultation_count = fields.Integer('Third-party communications',
                                        compute='_compute_consultation_count',
                                        groups='crm_infinity_base.group_crm_support_operator')

    @api.multi
    def _compute_consultation_count(self):
        data = self.env['crm.infinity.ticket.consultation'].read_group(
            [('ticket_id', 'in', self.ids)], ['ticket_id'], ['ticket_id'])
        counts = {row['ticket_id'][0]: row['ticket_id_count'] for row in data}
        for ticket in self:
            ticket.consultation_count = counts.get(ticket.id, 0)

    # -- actions --------------------------------------------------------------------------------

    @api.multi
    def action_write_third_party(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Write to a third party'),
            'res_model': 'crm.infinity.ticket.consultation',
            'view_mode': 'form',
            'view_id': self.env.ref(
                'crm_infinity_support.crm_infinity_ticket_consultation_view_form_compose').id,
            'target': 'new',
            'context': {'default_ticket_id': self.id, 'default_subject': self.name},
        }

    # -- mail gateway ---------------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A ticket from an incoming e-mail: subject, body, sender (a known contact, or its
        name and address kept on the ticket) and the center given by the alias defaults."""
        values = self._values_from_mail(msg_dict)
        values.update(custom_values or {})
        return super().message_new(msg_dict, values)

    @api.model
    def _values_from_mail(self, msg_dict):
        email_from = msg_dict.get('email_from') or ''
        name, email = self.env['res.partner']._parse_partner_name(email_from)
        email = email or (email_split(email_from) or [False])[0]
        values = {
            'name': msg_dict.get('subject') or _('(no subject)'),
            'description': msg_dict.get('body'),
            'channel': 'email',
            'partner_email': email,
            'partner_name': name if name and name != email else False,
        }
        partner = self.env['res.partner'].browse(msg_dict.get('author_id')).exists()
        if not partner and email:
            partner = self.env['res.partner'].search([('email', '=ilike', email)], limit=1)
        if partner:
            values['partner_id'] = partner.id
        return values

    @api.multi
    def message_update(self, msg_dict, update_vals=None):
        """A customer's answer brings a ticket waiting for him (or solved) back in progress."""
        res = super().message_update(msg_dict, update_vals=update_vals)
        author = self.env['res.partner'].browse(msg_dict.get('author_id')).exists()
        if not author.user_ids.filtered(lambda user: not user.share):
            self.filtered(lambda t: t.state in ('waiting', 'solved'))._set_state('open')
        return res

    @api.model
    def message_get_reply_to(self, res_ids, default=None):
        """Answers go to the alias of the ticket's center (routing by headers comes first)."""
        res = super().message_get_reply_to(res_ids, default=default)
        res.update(self.sudo().browse(res_ids).exists()._center_reply_to())
        return res

    @api.multi
    def _center_reply_to(self):
        """{ticket id: "Company Center <alias@domain>"} for the tickets whose center has an alias."""
        domain = self.env['ir.config_parameter'].sudo().get_param('mail.catchall.domain')
        if not domain:
            return {}
        company = self.env.user.company_id.name
        res = {}
        for ticket in self:
            alias = ticket.center_id.alias_id
            if alias.alias_name:
                res[ticket.id] = formataddr(('%s %s' % (company, ticket.center_id.name),
                                             '%s@%s' % (alias.alias_name, domain)))
        return res

    @api.multi
    def message_get_suggested_recipients(self):
        result = super().message_get_suggested_recipients()
        for ticket in self:
            if ticket.partner_id:
                ticket._message_add_suggested_recipient(result, partner=ticket.partner_id,
                                                        reason=_('Customer'))
            elif ticket.partner_email:
                ticket._message_add_suggested_recipient(result, email=ticket.partner_email,
                                                        reason=_('Customer e-mail'))
        return result

    @api.multi
    @api.returns('mail.message', lambda value: value.id)
    def message_post(self, *args, **kwargs):
        """What leaves with an explicit subject carries the ticket number, for the customer's
        mail client and for the gateway when he writes again."""
        subject = kwargs.get('subject')
        if subject and kwargs.get('message_type') != 'email' and len(self) == 1 \
                and self.number not in (False, '/') and self.number not in subject:
            kwargs['subject'] = '[%s] %s' % (self.number, subject)
        return super().message_post(*args, **kwargs)
