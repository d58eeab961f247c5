import base64

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html_escape, plaintext2html

from .crm_infinity_ticket_stage import DONE_STATES

RATING_SCORES = (1, 5, 10)


class CrmInfinityTicket(models.Model):
    """The ticket seen by its customer (SPEC T16), the satisfaction request after closure
    (T15) and the knowledge base articles drawn from it (T14)."""

    _inherit = 'crm.infinity.ticket'

    kb_article_ids = fields.One2many('crm.infinity.kb.article', 'ticket_id',
                                     string='Knowledge base articles')
    kb_article_count = fields.Integer('Articles', compute='_compute_kb_article_count')

    @api.multi
    def _compute_kb_article_count(self):
        data = self.env['crm.infinity.kb.article'].read_group(
            [('ticket_id', 'in', self.ids)], ['ticket_id'], ['ticket_id'])
        counts = {row['ticket_id'][0]: row['ticket_id_count'] for row in data}
        for ticket in self:
            ticket.kb_article_count = counts.get(ticket.id, 0)

    # -- knowledge base -------------------------------------------------------------------------

    @api.multi
    def action_create_kb_article(self):
        """Open a new article prefilled from the ticket: subject, description and the last reply
        an operator sent to the customer (the solution, usually). Nothing is saved until the
        operator saves the form."""
        self.ensure_one()
        body = self.description or ''
        reply = self._last_operator_reply()
        if reply:
            body += '<h3>%s</h3>%s' % (html_escape(_('Solution')), reply.body)
        return {
            'type': 'ir.actions.act_window',
            'name': _('Knowledge base article'),
            'res_model': 'crm.infinity.kb.article',
            'view_mode': 'form',
            'target': 'current',
            'context': {
                'default_name': self.name,
                'default_body': body,
                'default_ticket_id': self.id,
                'default_center_id': self.center_id.id,
                'default_category_id': self.category_id.id,
            },
        }

    @api.multi
    def action_view_kb_articles(self):
        self.ensure_one()
        action = self.env.ref('crm_infinity_support.crm_infinity_kb_article_action').read()[0]
        action['domain'] = [('ticket_id', '=', self.id)]
        action['context'] = {'default_ticket_id': self.id, 'default_center_id': self.center_id.id}
        return action

    def _last_operator_reply(self):
        """The last message sent to the customer by an internal user (not a note)."""
        comment = self.env.ref('mail.mt_comment')
        messages = self.env['mail.message'].sudo().search(
            [('model', '=', self._name), ('res_id', '=', self.id),
             ('message_type', '=', 'comment'), ('subtype_id', '=', comment.id)],
            order='date desc, id desc')
        for message in messages:
            users = message.author_id.user_ids
            if users and not all(user.share for user in users):
                return message
        return self.env['mail.message']

    # -- portal ---------------------------------------------------------------------------------

    @api.multi
    def _portal_messages(self):
        """The public history: what was said to and by the customer. Internal notes and internal
        tracking never reach the portal, whoever reads (sudo included)."""
        self.ensure_one()
        return self.env['mail.message'].sudo().search(
            [('model', '=', self._name), ('res_id', '=', self.id),
             ('message_type', 'in', ('comment', 'email')),
             ('subtype_id', '!=', False), ('subtype_id.internal', '=', False)],
            order='date desc, id desc')

    @api.multi
    def _portal_attachments(self):
        """Attachments the customer may download: those of the public history."""
        self.ensure_one()
        return self._portal_messages().mapped('attachment_ids')

    @api.multi
    def _portal_reply(self, body, attachments=None, author=None):
        """A reply of the customer from the portal, with files as (name, bytes) pairs. Runs as
        the customer: posting only needs read access (``_mail_post_access``). A ticket waiting
        for the customer goes back to the operators. ``author``: the writing partner when the
        ticket is reached through its access token (then ``self`` is superuser)."""
        self.ensure_one()
        if not (body or '').strip() and not attachments:
            raise UserError(_('Write a message or attach a file.'))
        # customers may not write on tickets, which Odoo requires to attach files to them: the
        # files are created as superuser, linked to this ticket only, once read access is known
        self.check_access_rule('read')
        # a customer's HTML/SVG/XML is stored as text/plain (Odoo's flag for uploads of non
        # administrators): never rendered as active content in our origin (issue 12 §5)
        files = self.env['ir.attachment']
        Attachment = self.env['ir.attachment'].sudo().with_context(attachments_mime_plainxml=True)
        for name, data in attachments or []:
            files |= Attachment.create({
                'name': name, 'datas_fname': name, 'datas': base64.b64encode(data),
                'res_model': self._name, 'res_id': self.id})
        message = self._post_as_customer(plaintext2html(body or ''), author, files.ids)
        if self.state == 'waiting':
            self.sudo()._set_state('open')
        return message

    @api.multi
    def _portal_close(self, author=None):
        """The customer closes his ticket from the portal. Private: the portal route calls it
        once it checked that the requester may see the ticket (record rules or access token)."""
        self.ensure_one()
        if self.state == 'closed':
            return False
        self.sudo().action_close()
        self._post_as_customer('<p>%s</p>' % html_escape(_('Closed by the customer from the portal.')),
                               author)
        return True

    def _post_as_customer(self, body, author=None, attachment_ids=None):
        """Post a customer message. The ticket's message_post takes a comment by a non-portal
        user for the operators' first response: under sudo (access-token holders) it must not."""
        first_response = self.sudo().date_first_response
        author = author or self.env.user.partner_id
        message = self.with_context(mail_create_nosubscribe=True).message_post(
            body=body, message_type='comment', subtype='mail.mt_comment',
            author_id=author.id, attachment_ids=attachment_ids or [])
        if not first_response and self.sudo().date_first_response:
            self.sudo().write({'date_first_response': False})
        return message

    @api.model
    def _portal_centers(self, partner):
        """Service centers where ``partner`` may open tickets on the portal."""
        centers = self.env['crm.infinity.service.center'].sudo().search(
            [('portal_enabled', '=', True)])
        return centers.filtered(lambda center: center._accepts_partner(partner))

    @api.model
    def _portal_create_ticket(self, values, attachments=None):
        """Open a ticket from the portal for the current user's contact. ``values`` holds ids
        typed by the customer: each is checked (center open to him on the portal, category and
        product of that center); errors are raised before anything is written."""
        partner = self.env.user.partner_id
        center = self._portal_centers(partner).filtered(
            lambda c: c.id == values.get('center_id'))
        if not center:
            raise ValidationError(_('Choose a service center you are enabled on.'))
        name = (values.get('name') or '').strip()
        if not name:
            raise ValidationError(_('Write the subject of the request.'))
        description = (values.get('description') or '').strip()
        if not description:
            raise ValidationError(_('Describe the request.'))
        category = self.env['crm.infinity.ticket.category'].sudo().browse(
            values.get('category_id') or [])
        if category and (not category.exists() or category.center_id not in (center, center.browse())):
            raise ValidationError(_('The category does not belong to the service center.'))
        product = self.env['product.product'].sudo().browse(values.get('product_id') or [])
        if product and (not product.exists() or product not in center.product_ids):
            raise ValidationError(_('The product is not supported by the service center.'))
        ticket = self.sudo().create({
            'name': name,
            'description': plaintext2html(description),
            'center_id': center.id,
            'category_id': category.id,
            'product_id': product.id,
            'serial_number': (values.get('serial_number') or '').strip() or False,
            'partner_id': partner.id,
            'channel': 'portal',
        })
        ticket = ticket.sudo(self.env.uid)
        if attachments:
            ticket._portal_reply(_('Attachments of the request.'), attachments)
        return ticket

    # -- feedback -------------------------------------------------------------------------------

    def _send_stage_mail(self):
        """On closure, also ask the customer how it went (when the center sends e-mails)."""
        super()._send_stage_mail()
        self._send_rating_request()

    @api.multi
    def _send_rating_request(self):
        template = self.env.ref('crm_infinity_support.mail_template_ticket_rating',
                                raise_if_not_found=False)
        for ticket in self:
            if template and ticket.center_id.notify_enabled and ticket.partner_id.email:
                # an e-mail to the customer alone: followers (operators) must not get his links
                template.sudo().send_mail(ticket.id, force_send=False)
                ticket.sudo().message_post(
                    body=_('Satisfaction request sent to %s.') % html_escape(ticket.partner_id.name),
                    message_type='notification', subtype='mail.mt_note')

    @api.multi
    def rating_url(self, score):
        """The one-click link of the satisfaction e-mail for ``score`` (1, 5 or 10). It lets its
        holder rate as the customer: the e-mail (sent as superuser) and who may change the
        ticket get it, not whoever only reads it."""
        self.ensure_one()
        self._check_rating_access()
        base = self.env['ir.config_parameter'].sudo().get_param('web.base.url')
        return '%s/rating/%s/%s' % (base, self.sudo().rating_get_access_token(), score)

    def rating_get_access_token(self, partner=None):
        """Odoo reads the pending rating through the rating_ids cache, which a rating created in
        the same transaction does not update: the three links of one e-mail would get three
        ratings. Look it up in the database instead. The token lets its holder rate as the
        customer: for the superuser (mails, portal routes) and who may change the ticket."""
        self._check_rating_access()
        partner = partner or self.rating_get_partner_id()
        pending = self.env['rating.rating'].sudo().search(
            [('res_model', '=', self._name), ('res_id', '=', self.id),
             ('partner_id', '=', partner.id), ('consumed', '=', False)], limit=1)
        if pending:
            return pending.access_token
        token = super().rating_get_access_token(partner=partner)
        self.invalidate_cache(['rating_ids'], self.ids)
        return token

    def _check_rating_access(self):
        if self.env.uid != SUPERUSER_ID:
            self.check_access_rights('write')
            self.check_access_rule('write')

    @api.multi
    def rating_apply(self, rate, token=None, feedback=None, subtype=None):
        """Rate the ticket. Odoo finds the rating by token alone: a token must belong to this
        very ticket, and a vote is recorded once (the first click wins; a later comment is
        added to it). Without a token (Odoo's back-office path) only who may change the ticket
        rates it."""
        self.ensure_one()
        if not token:
            self._check_rating_access()
        if token:
            rating = self.env['rating.rating'].sudo().search([('access_token', '=', token)], limit=1)
            if not rating or rating.res_model != self._name or rating.res_id != self.id:
                raise AccessError(_('This rating link does not belong to the ticket.'))
            if rating.consumed:
                if feedback and feedback != rating.feedback:
                    rating.write({'feedback': feedback})
                    self.message_post(body=plaintext2html(feedback),
                                      subtype='crm_infinity_support.mt_ticket_rating',
                                      message_type='comment', author_id=rating.partner_id.id)
                return rating
        if rate not in RATING_SCORES:
            raise ValidationError(_('The rating must be 1, 5 or 10.'))
        return super().rating_apply(rate, token=token, feedback=feedback,
                                    subtype=subtype or 'crm_infinity_support.mt_ticket_rating')
