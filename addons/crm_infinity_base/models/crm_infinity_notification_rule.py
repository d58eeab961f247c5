import logging

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

from ..engines.phone import to_e164

_logger = logging.getLogger(__name__)


class CrmInfinityNotificationRule(models.Model):
    """Event + condition -> recipients -> channels (SPEC B7), configured without code."""

    _name = 'crm.infinity.notification.rule'
    _description = 'Notification rule'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    event_type_id = fields.Many2one('crm.infinity.event.type', string='Event', required=True,
                                    ondelete='cascade', index=True)
    model_name = fields.Char(related='event_type_id.model_name', readonly=True)
    domain = fields.Char('Condition', default='[]',
                         help='Only records matching this domain trigger the rule.')
    # recipients
    notify_owner = fields.Boolean('Record owner')
    notify_assignee = fields.Boolean('Assignee')
    notify_followers = fields.Boolean('Followers')
    notify_manager = fields.Boolean('Manager of the record',
                                    help='Service-center manager of a ticket, commessa manager '
                                         'of an activity: whoever the model names as manager.')
    notify_partner_salesperson = fields.Boolean("Customer's salesperson")
    group_ids = fields.Many2many('res.groups', 'crm_infinity_notification_rule_group_rel',
                                 'rule_id', 'group_id', string='Members of groups')
    user_ids = fields.Many2many('res.users', 'crm_infinity_notification_rule_user_rel',
                                'rule_id', 'user_id', string='Users')
    # channels
    channel_message = fields.Boolean('Odoo message', default=True)
    channel_email = fields.Boolean('E-mail')
    channel_sms = fields.Boolean('SMS')
    sms_gateway_id = fields.Many2one('crm.infinity.sms.gateway', string='SMS gateway')
    subject = fields.Char(translate=True, help='May use ${object.field} placeholders.')
    body = fields.Text(translate=True, help='May use ${object.field} placeholders.')

    @api.constrains('domain', 'active')
    def _check_domain(self):
        """Refuse a condition that does not evaluate on its model (inactive rules may name fields
        of addons not installed yet)."""
        for rule in self:
            try:
                domain = safe_eval(rule.domain or '[]', {'uid': self.env.uid})
                if rule.active and rule.model_name in self.env:
                    self.env[rule.model_name].search_count(domain)
            except Exception as error:
                raise ValidationError(_('The condition of the rule "%s" is not valid: %s')
                                      % (rule.name, error))

    @api.constrains('channel_sms', 'sms_gateway_id')
    def _check_sms(self):
        for rule in self:
            if rule.channel_sms and not rule.sms_gateway_id:
                raise ValidationError(_('Choose the SMS gateway of the rule "%s".') % rule.name)

    # -- engine ---------------------------------------------------------------------------------

    @api.multi
    def _run(self, records, values):
        for rule in self.sudo():
            matching = rule._matching(records)
            for record in matching:
                users = rule._recipients(record)
                if users:
                    rule._deliver(record, users, values)

    def _matching(self, records):
        domain = safe_eval(self.domain or '[]', {'uid': self.env.uid})
        return records.sudo().search([('id', 'in', records.ids)] + domain)

    def _recipients(self, record):
        users = self.env['res.users']
        owner_field = getattr(record, '_crm_owner_field', 'user_id')
        if self.notify_owner and owner_field in record._fields:
            users |= record[owner_field]
        assignee_field = getattr(record, '_crm_assignee_field', None)
        if self.notify_assignee and assignee_field and assignee_field in record._fields:
            users |= record[assignee_field]
        manager_field = getattr(record, '_crm_manager_field', None)
        if self.notify_manager and manager_field:
            users |= record.mapped(manager_field)
        if self.notify_followers and 'message_partner_ids' in record._fields:
            users |= record.message_partner_ids.mapped('user_ids')
        partner_field = getattr(record, '_crm_partner_field', 'partner_id')
        if self.notify_partner_salesperson and partner_field in record._fields:
            partner = record[partner_field]
            users |= (partner.commercial_partner_id or partner).user_id | partner.user_id
        users |= self.group_ids.mapped('users') | self.user_ids
        return users.filtered(lambda u: u.active)

    def _render(self, text, record):
        if not text:
            return ''
        return self.env['mail.template'].with_context(safe=True).render_template(
            text, record._name, record.id) or ''

    def _deliver(self, record, users, values):
        subject = self._render(self.subject, record) or self.name
        body = self._render(self.body, record) or subject
        partners = users.mapped('partner_id')
        if self.channel_message:
            if hasattr(record, 'message_post'):
                record.message_post(body=body, subject=subject, partner_ids=partners.ids,
                                    subtype='mail.mt_note', message_type='notification')
            else:
                self.env['mail.message'].create({
                    'body': body, 'subject': subject, 'model': record._name,
                    'res_id': record.id, 'message_type': 'notification',
                    'needaction_partner_ids': [(6, 0, partners.ids)],
                    'partner_ids': [(6, 0, partners.ids)]})
        if self.channel_email:
            for user in users.filtered('email'):
                self.env['mail.mail'].create({
                    'subject': subject, 'body_html': '<p>%s</p>' % body.replace('\n', '<br/>')
                    if '<' not in body else body,
                    'recipient_ids': [(4, user.partner_id.id)],
                    'model': record._name, 'res_id': record.id, 'auto_delete': False,
                })
        if self.channel_sms and self.sms_gateway_id:
            Communication = self.env['crm.infinity.communication']
            text = self._render(self.body, record) or subject
            for user in users:
                number = to_e164(user.partner_id.mobile or user.partner_id.phone)
                if not number:
                    continue
                ok, error = self.sms_gateway_id.send(number, text)
                Communication.create({
                    'partner_id': user.partner_id.id, 'kind': 'sms', 'direction': 'out',
                    'subject': subject, 'note': text, 'phone': number,
                    'state': 'done' if ok else 'failed', 'error': error or False,
                    'res_model': record._name, 'res_id': record.id,
                })
