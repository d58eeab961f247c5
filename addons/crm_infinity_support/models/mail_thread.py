import logging
import re

from odoo import api, models, tools

_logger = logging.getLogger(__name__)

TICKET = 'crm.infinity.ticket'
INBOX = 'crm.infinity.support.inbox'
CONSULTATION = 'crm.infinity.ticket.consultation'
# a ticket number in a subject: "[AT-2026/00012]", "[2026/00012]"
TICKET_NUMBER_RE = re.compile(r'\[((?:[A-Za-z0-9_]+-)?\d{4}/\d+)\]')


class MailThread(models.AbstractModel):
    """The support mail gateway (SPEC T7) on top of Odoo's routing:

    * a mail naming an existing ticket in its subject (``[AT-2026/00012]``) goes to that ticket
      when the sender is its customer, a follower of it or an internal user, even without the
      References/In-Reply-To headers (the customer wrote anew instead of replying);
    * a mail to a reserved service center from a sender who is not enabled on it does not open a
      ticket: it waits in the unmatched-mail cockpit, where an operator decides;
    * a reply of a third party (consultant) to a consultation becomes a new incoming
      consultation of the same ticket, never a message of the customer thread;
    * a mail that matches nothing (no alias, no reply, no ticket number) lands in the
      unmatched-mail cockpit instead of being lost (system parameter
      ``crm_infinity_support.inbox_catchall`` = ``0`` restores Odoo's refusal).
    """

    _inherit = 'mail.thread'

    @api.model
    def message_route(self, message, message_dict, model=None, thread_id=None, custom_values=None):
        try:
            routes = super().message_route(message, message_dict, model=model, thread_id=thread_id,
                                           custom_values=custom_values)
        except ValueError:
            route = self._support_route_unmatched(message, message_dict)
            if not route:
                raise
            return [route]
        return [self._support_reroute(message, message_dict, route) for route in routes]

    @api.model
    def _support_reroute(self, message, message_dict, route):
        model, thread_id, values, user_id, alias = route
        if model == CONSULTATION and thread_id:
            consultation = self.env[CONSULTATION].sudo().browse(thread_id).exists()
            if consultation:
                return (CONSULTATION, False, consultation._reply_values(), user_id, alias)
        if model != TICKET or thread_id:
            return route
        ticket = self._support_ticket_from_subject(message_dict)
        if ticket:
            _logger.info('Mail %s appended to ticket %s named in its subject',
                         message_dict.get('message_id'), ticket.number)
            return (TICKET, ticket.id, None, user_id, alias)
        center = self.env['crm.infinity.service.center'].sudo().browse(
            (values or {}).get('center_id')).exists()
        if center and center.access == 'reserved':
            author = self.env['res.partner'].sudo().browse(message_dict.get('author_id')).exists()
            if not author or not center._accepts_partner(author):
                _logger.info('Mail %s from %s to the reserved center %s sent to the unmatched '
                             'mail cockpit', message_dict.get('message_id'),
                             message_dict.get('email_from'), center.code)
                return (INBOX, False, {'reason': 'reserved', 'center_id': center.id},
                        user_id, None)
        return route

    @api.model
    def _support_route_unmatched(self, message, message_dict):
        """Route of a mail that Odoo could not route: the ticket named in the subject, else the
        unmatched-mail cockpit. None when the cockpit is switched off."""
        route = None
        ticket = self._support_ticket_from_subject(message_dict)
        if ticket:
            route = (TICKET, ticket.id, None, self._uid, None)
        elif self.env['ir.config_parameter'].sudo().get_param(
                'crm_infinity_support.inbox_catchall', '1') not in ('0', 'False', 'false'):
            route = (INBOX, False, {'reason': 'unmatched'}, self._uid, None)
        if route:
            route = self.message_route_verify(message, message_dict, route, update_author=True,
                                              assert_model=False, create_fallback=True)
        return route or None

    @api.model
    def _support_ticket_from_subject(self, message_dict):
        """The ticket whose number is in the subject, if the sender may write on it."""
        match = TICKET_NUMBER_RE.search(message_dict.get('subject') or '')
        if not match:
            return None
        ticket = self.env[TICKET].sudo().with_context(active_test=False).search(
            [('number', '=', match.group(1))], limit=1)
        if not ticket:
            return None
        email = (tools.email_split(message_dict.get('email_from') or '') or [''])[0].lower()
        author = self.env['res.partner'].sudo().browse(message_dict.get('author_id')).exists()
        if not author and email:
            author = self.env['res.partner'].sudo().search([('email', '=ilike', email)], limit=1)
        allowed = (
            (email and (ticket.partner_email or '').lower() == email)
            or (author and (author in ticket.message_partner_ids
                            or author.commercial_partner_id == ticket.commercial_partner_id
                            or author.user_ids.filtered(lambda u: not u.share)))
        )
        return ticket if allowed else None
