import uuid

import psycopg2

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from .crm_infinity_ticket_stage import DONE_STATES, STATES

PRIORITIES = [('0', 'Low'), ('1', 'Normal'), ('2', 'High'), ('3', 'Urgent')]
CHANNELS = [('email', 'E-mail'), ('phone', 'Phone'), ('portal', 'Portal'), ('web', 'Web form'),
            ('other', 'Other')]


class CrmInfinityTicket(models.Model):
    """A support request (SPEC T2) handled by a service center. Takes part in the core engines:
    causali and primanota (ticket history), system events and notification rules."""

    _name = 'crm.infinity.ticket'
    _description = 'Ticket'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'portal.mixin', 'rating.mixin',
                'crm.infinity.causale.mixin']
    _order = 'priority desc, id desc'
    _mail_post_access = 'read'
    _primanota_tracked_fields = ['stage_id', 'user_id', 'operator_group_id', 'priority',
                                 'center_id', 'category_id', 'partner_id']
    _crm_owner_field = 'user_id'
    _crm_assignee_field = 'user_id'
    _crm_partner_field = 'partner_id'
    _crm_manager_field = 'center_id.manager_id'

    number = fields.Char(readonly=True, copy=False, index=True, default='/')
    name = fields.Char('Subject', required=True, track_visibility='onchange')
    description = fields.Html()
    center_id = fields.Many2one('crm.infinity.service.center', string='Service center',
                                required=True, index=True, track_visibility='onchange',
                                default=lambda self: self._default_center_id())
    company_id = fields.Many2one(related='center_id.company_id', store=True, readonly=True)
    partner_id = fields.Many2one('res.partner', string='Contact', index=True,
                                 track_visibility='onchange')
    commercial_partner_id = fields.Many2one('res.partner', string='Customer', index=True,
                                            compute='_compute_commercial_partner_id', store=True)
    partner_name = fields.Char('Contact name')
    partner_email = fields.Char('E-mail')
    partner_phone = fields.Char('Phone')
    product_id = fields.Many2one('product.product', string='Product', index=True)
    serial_number = fields.Char('Serial number', index=True)
    category_id = fields.Many2one('crm.infinity.ticket.category', string='Category', index=True,
                                  track_visibility='onchange',
                                  domain="['|', ('center_id', '=', False), ('center_id', '=', center_id)]")
    priority = fields.Selection(PRIORITIES, default='1', required=True, index=True,
                                track_visibility='onchange')
    channel = fields.Selection(CHANNELS, default='phone', required=True)
    stage_id = fields.Many2one('crm.infinity.ticket.stage', string='Status', index=True,
                               track_visibility='onchange', group_expand='_read_group_stage_ids',
                               default=lambda self: self._default_stage_id(), copy=False,
                               ondelete='restrict',
                               domain="['|', ('center_ids', '=', False), ('center_ids', 'in', center_id)]")
    state = fields.Selection(STATES, related='stage_id.state', store=True, readonly=True,
                             index=True)
    user_id = fields.Many2one('res.users', string='Operator', index=True,
                              track_visibility='onchange', copy=False)
    operator_group_id = fields.Many2one('crm.infinity.operator.group', string='Operator group',
                                        index=True, track_visibility='onchange',
                                        domain="[('center_id', '=', center_id)]")
    date_assigned = fields.Datetime('Taken in charge', readonly=True, copy=False)
    date_first_response = fields.Datetime('First response', readonly=True, copy=False)
    date_closed = fields.Datetime('Closed', readonly=True, copy=False, index=True)
    date_last_stage_update = fields.Datetime('Last status change', readonly=True, copy=False,
                                             default=fields.Datetime.now, index=True)
    reopen_count = fields.Integer('Reopened', readonly=True, copy=False)
    parent_id = fields.Many2one('crm.infinity.ticket', string='Split from', index=True,
                                readonly=True, copy=False, ondelete='set null')
    child_ids = fields.One2many('crm.infinity.ticket', 'parent_id', string='Split tickets')
    child_count = fields.Integer('Split tickets', compute='_compute_child_count')
    active = fields.Boolean(default=True, help='Archived tickets are kept and searchable.')
    color = fields.Integer()
    kanban_state = fields.Selection([('normal', 'In progress'), ('blocked', 'Blocked'),
                                     ('done', 'Ready')], default='normal', copy=False)
    # the token lets its holder act as the customer on the portal (reply, close): operators
    # only; the portal routes and the mails read it as superuser (a salesperson reading his
    # customers' tickets read it over RPC and wrote to the ticket as the customer)
    access_token = fields.Char('Portal access token', copy=False, readonly=True,
                               default=lambda self: str(uuid.uuid4()),
                               groups='crm_infinity_base.group_crm_support_operator')
    history_html = fields.Html('Ticket history', compute='_compute_history_html', sanitize=False)

    # -- defaults -------------------------------------------------------------------------------

    @api.model
    def _default_center_id(self):
        center_id = self.env.context.get('default_center_id')
        if center_id:
            return center_id
        Center = self.env['crm.infinity.service.center']
        uid = self.env.uid
        return Center.search(['|', '|', ('manager_id', '=', uid), ('operator_ids', 'in', uid),
                              ('operator_group_ids.user_ids', 'in', uid)], limit=1)

    @api.model
    def _default_stage_id(self):
        return self._stage_for_state('new', self.env.context.get('default_center_id'))

    @api.model
    def _stage_for_state(self, state, center_id=False):
        """The first status of kind ``state`` of a center (its own before the shared ones)."""
        Stage = self.env['crm.infinity.ticket.stage']
        if center_id:
            stage = Stage.search([('state', '=', state), ('center_ids', 'in', center_id)], limit=1)
            if stage:
                return stage
        return Stage.search([('state', '=', state), ('center_ids', '=', False)], limit=1)

    @api.model
    def _read_group_stage_ids(self, stages, domain, order):
        center_id = self.env.context.get('default_center_id')
        search = [('center_ids', '=', False)]
        if center_id:
            search = ['|', ('center_ids', '=', False), ('center_ids', 'in', center_id)]
        return stages.search(search, order=order)

    # -- computes -------------------------------------------------------------------------------

    @api.depends('partner_id', 'partner_id.commercial_partner_id')
    def _compute_commercial_partner_id(self):
        for ticket in self:
            ticket.commercial_partner_id = ticket.partner_id.commercial_partner_id

    @api.multi
    def _compute_child_count(self):
        data = self.read_group([('parent_id', 'in', self.ids)], ['parent_id'], ['parent_id'])
        counts = {row['parent_id'][0]: row['parent_id_count'] for row in data}
        for ticket in self:
            ticket.child_count = counts.get(ticket.id, 0)

    @api.multi
    def _compute_history_html(self):
        """The ticket history (its primanota) as a table, for the form and for e-mails. Whoever
        reads the ticket reads its history, hence the sudo() after the ticket was read."""
        lines = self.env['crm.infinity.primanota'].sudo().search(
            [('res_model', '=', self._name), ('res_id', 'in', self.ids)], order='date, id')
        by_ticket = {}
        for line in lines:
            by_ticket.setdefault(line.res_id, []).append(line)
        for ticket in self:
            ticket.history_html = ticket._history_table(by_ticket.get(ticket.id, []))

    def _history_table(self, lines):
        if not lines:
            return '<p>%s</p>' % html_escape(_('No history yet.'))
        head = ''.join('<th>%s</th>' % html_escape(title) for title in (
            _('Date'), _('User'), _('Causale'), _('Changes'), _('Note')))
        rows = []
        for line in lines:
            date = fields.Datetime.context_timestamp(self, fields.Datetime.from_string(line.date))
            cells = (date.strftime('%d/%m/%Y %H:%M'), line.user_id.name or '',
                     line.causale_id.name or '', line.changes_display or '', line.note or '')
            rows.append('<tr>%s</tr>' % ''.join(
                '<td>%s</td>' % html_escape(cell).replace('\n', '<br/>') for cell in cells))
        return ('<table class="table table-condensed o_crm_infinity_ticket_history">'
                '<thead><tr>%s</tr></thead><tbody>%s</tbody></table>' % (head, ''.join(rows)))

    @api.multi
    def _compute_portal_url(self):
        for ticket in self:
            ticket.portal_url = '/my/tickets/%s' % ticket.id

    # -- constraints and onchanges --------------------------------------------------------------

    @api.constrains('center_id', 'partner_id')
    def _check_center_access(self):
        for ticket in self:
            if ticket.partner_id and not ticket.center_id._accepts_partner(ticket.partner_id):
                raise ValidationError(
                    _('The service center "%s" is reserved: %s is not enabled on it.')
                    % (ticket.center_id.name, ticket.partner_id.commercial_partner_id.name))

    @api.onchange('partner_id')
    def _onchange_partner_id(self):
        if self.partner_id:
            self.partner_name = self.partner_id.name
            self.partner_email = self.partner_id.email
            self.partner_phone = self.partner_id.phone or self.partner_id.mobile

    @api.onchange('center_id')
    def _onchange_center_id(self):
        if self.operator_group_id.center_id != self.center_id:
            self.operator_group_id = False
        if self.category_id.center_id and self.category_id.center_id != self.center_id:
            self.category_id = False
        if self.center_id and self.stage_id.center_ids and self.center_id not in self.stage_id.center_ids:
            self.stage_id = self._stage_for_state(self.state or 'new', self.center_id.id)

    # -- CRUD -----------------------------------------------------------------------------------

    @api.model
    def create(self, vals):
        vals = self._prepare_create_values(vals)
        ticket = super(CrmInfinityTicket, self.with_context(mail_create_nolog=True)).create(vals)
        if ticket.partner_id:
            ticket.message_subscribe(partner_ids=ticket.partner_id.ids)
        ticket._crm_emit('ticket_created')
        if ticket.user_id:
            ticket._crm_emit('ticket_assigned')
        return ticket

    @api.model
    def _prepare_create_values(self, vals):
        vals = dict(vals)
        center = self.env['crm.infinity.service.center'].browse(
            vals.get('center_id') or self._default_center_id().id)
        if vals.get('number', '/') == '/':
            sequence = self.env['ir.sequence'].next_by_code('crm.infinity.ticket') or '/'
            vals['number'] = '%s-%s' % (center.code, sequence) if center.code else sequence
        if not vals.get('stage_id'):
            vals['stage_id'] = self._stage_for_state('new', center.id).id
        if vals.get('user_id'):
            vals.setdefault('date_assigned', fields.Datetime.now())
        if vals.get('partner_id'):
            partner = self.env['res.partner'].browse(vals['partner_id'])
            vals.setdefault('partner_name', partner.name)
            vals.setdefault('partner_email', partner.email)
            vals.setdefault('partner_phone', partner.phone or partner.mobile)
        return vals

    @api.multi
    def write(self, vals):
        now = fields.Datetime.now()
        if 'stage_id' in vals:
            vals = self._stage_change_values(vals, now)
        if vals.get('user_id'):
            vals.setdefault('date_assigned', now)
        previous = {t.id: (t.state, t.user_id.id) for t in self} if (
            'stage_id' in vals or 'user_id' in vals) else {}
        reopened = self.filtered(lambda t: t.state in DONE_STATES) if 'stage_id' in vals else self.browse()
        res = super().write(vals)
        if 'stage_id' in vals:
            for ticket in reopened.filtered(lambda t: t.state not in DONE_STATES):
                super(CrmInfinityTicket, ticket).write({'reopen_count': ticket.reopen_count + 1})
        if previous:
            self._emit_changes(previous)
        return res

    def _stage_change_values(self, vals, now):
        vals = dict(vals, date_last_stage_update=now)
        stage = self.env['crm.infinity.ticket.stage'].browse(vals['stage_id'])
        if stage.state in DONE_STATES:
            vals.setdefault('date_closed', now)
        else:
            vals['date_closed'] = False
        return vals

    def _emit_changes(self, previous):
        for ticket in self:
            state, user_id = previous[ticket.id]
            if ticket.user_id and ticket.user_id.id != user_id:
                ticket._crm_emit('ticket_assigned')
            if ticket.state != state:
                ticket._crm_emit('ticket_stage_changed', {'from': state, 'to': ticket.state})
                if ticket.state in DONE_STATES and state not in DONE_STATES:
                    ticket._crm_emit('ticket_closed')
                    ticket._send_stage_mail()

    def _send_stage_mail(self):
        template = self.stage_id.mail_template_id
        if template and self.center_id.notify_enabled and self.partner_id:
            self.with_context(crm_infinity_automatic=True).message_post_with_template(template.id)

    @api.multi
    def name_get(self):
        return [(ticket.id, '[%s] %s' % (ticket.number, ticket.name) if ticket.number not in (False, '/')
                 else ticket.name) for ticket in self]

    @api.model
    def name_search(self, name='', args=None, operator='ilike', limit=100):
        args = list(args or [])
        if name:
            args = ['|', ('number', operator, name), ('name', operator, name)] + args
            return self.search(args, limit=limit).name_get()
        return super().name_search(name, args, operator, limit)

    # -- actions --------------------------------------------------------------------------------

    @api.multi
    def action_take(self):
        """Take the ticket in charge. Two operators taking it at once: the first wins, the other
        is told who has it (the row lock is taken without waiting)."""
        self.ensure_one()
        cr = self.env.cr
        try:
            with cr.savepoint():
                cr.execute('SELECT user_id FROM crm_infinity_ticket WHERE id = %s FOR UPDATE NOWAIT',
                           (self.id,))
                row = cr.fetchone()
        except (psycopg2.errors.LockNotAvailable, psycopg2.errors.SerializationFailure):
            raise UserError(_('Another operator is taking the ticket %s in charge right now: '
                              'reload the page.') % self.number)
        self.invalidate_cache(['user_id'], self.ids)
        if row and row[0] and row[0] != self.env.uid:
            raise UserError(_('The ticket %s has already been taken in charge by %s.')
                            % (self.number, self.env['res.users'].sudo().browse(row[0]).name))
        vals = {'user_id': self.env.uid}
        if self.state == 'new':
            vals['stage_id'] = self._stage_for_state('open', self.center_id.id).id
        self.write(vals)
        return True

    @api.multi
    def action_close(self):
        for ticket in self:
            ticket.write({'stage_id': self._stage_for_state('closed', ticket.center_id.id).id})
        return True

    @api.multi
    def _set_state(self, state):
        """Move the tickets to the first status of kind ``state`` of their center."""
        for ticket in self:
            stage = self._stage_for_state(state, ticket.center_id.id)
            if stage and stage != ticket.stage_id:
                ticket.write({'stage_id': stage.id})
        return True

    @api.multi
    def action_view_children(self):
        self.ensure_one()
        action = self.env.ref('crm_infinity_support.crm_infinity_ticket_action').read()[0]
        action['domain'] = [('parent_id', '=', self.id)]
        action['context'] = {'default_parent_id': self.id, 'default_center_id': self.center_id.id}
        return action

    # -- causali (management methods called by causale effects) -------------------------------
    # private: the causale engine calls ``_causale_x`` for an effect named ``causale_x``, after
    # checking the causale's groups and the user's write access; never callable over RPC

    @api.multi
    def _causale_reply_customer(self, causale, values):
        """Send the note given with the causale to the customer, by e-mail."""
        self._reply_customer(values.get('note'), with_history=False)

    @api.multi
    def _causale_reply_customer_history(self, causale, values):
        """Send the note to the customer with the ticket history below it."""
        self._reply_customer(values.get('note'), with_history=True)

    def _reply_customer(self, note, with_history):
        if not note:
            raise UserError(_('Write the reply to the customer in the note.'))
        for ticket in self:
            if not ticket.partner_id:
                raise UserError(_('The ticket %s has no customer contact to reply to.') % ticket.number)
            body = '<p>%s</p>' % html_escape(note).replace('\n', '<br/>')
            if with_history:
                body += '<h4>%s</h4>%s' % (html_escape(_('Ticket history')), ticket.history_html)
            ticket.message_post(body=body, message_type='comment', subtype='mail.mt_comment',
                                partner_ids=ticket.partner_id.ids)

    # -- mail -----------------------------------------------------------------------------------

    @api.multi
    @api.returns('mail.message', lambda value: value.id)
    def message_post(self, *args, **kwargs):
        """The first message an operator sends to the customer is the first response (SLA);
        automatic mails (reminders, status templates: context ``crm_infinity_automatic``) are not.

        Posting needs read access (``_mail_post_access``) for the customers on the portal; an
        internal user who only reads the ticket (a salesperson following the customer) may not
        write to the customer nor in the ticket's history: he needs write access."""
        if self.env.uid != SUPERUSER_ID and not self.env.user.share:
            self.check_access_rights('write')
            self.check_access_rule('write')
        message = super().message_post(*args, **kwargs)
        if (message.message_type == 'comment' and message.subtype_id
                and not self.env.context.get('crm_infinity_automatic')
                and message.subtype_id == self.env.ref('mail.mt_comment')
                and not self.env.user.share):
            self.filtered(lambda t: not t.date_first_response).sudo().write(
                {'date_first_response': fields.Datetime.now()})
        return message

    @api.multi
    def _track_subtype(self, init_values):
        self.ensure_one()
        if 'stage_id' in init_values and self.state in DONE_STATES:
            return 'crm_infinity_support.mt_ticket_closed'
        if 'stage_id' in init_values:
            return 'crm_infinity_support.mt_ticket_stage'
        return super()._track_subtype(init_values)
