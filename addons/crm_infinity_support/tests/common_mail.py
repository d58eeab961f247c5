import uuid

from odoo.tests.common import SavepointCase

B = 'crm_infinity_base.'
S = 'crm_infinity_support.'
DOMAIN = 'example.com'


class SupportMailCase(SavepointCase):
    """Help desk of the mail gateway tests: an open center (alias test-assistenza) and a reserved
    one (alias test-riservato), own users, a customer with a contact, a consultant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang='en_US', tracking_disable=False))
        Users = cls.env['res.users'].with_context(no_reset_password=True)
        cls.operator = Users.create({
            'name': 'Olga Operatrice', 'login': 't_mail_operator', 'email': 'olga@help.example.com',
            'groups_id': [(6, 0, [cls.env.ref(B + 'group_crm_support_operator').id])]})
        cls.manager = Users.create({
            'name': 'Marco Manager', 'login': 't_mail_manager', 'email': 'marco@help.example.com',
            'groups_id': [(6, 0, [cls.env.ref(B + 'group_crm_support_manager').id])]})
        cls.env['ir.config_parameter'].sudo().set_param('mail.catchall.domain', DOMAIN)
        Partner = cls.env['res.partner']
        cls.company = Partner.create({'name': 'Cliente Gateway S.r.l.', 'is_company': True})
        cls.customer = Partner.create({'name': 'Mario Cliente', 'parent_id': cls.company.id,
                                       'email': 'mario@cliente.example.com'})
        cls.other_company = Partner.create({'name': 'Estranei S.p.A.', 'is_company': True})
        cls.stranger = Partner.create({'name': 'Sara Estranea', 'parent_id': cls.other_company.id,
                                       'email': 'sara@estranei.example.com'})
        cls.consultant = Partner.create({'name': 'Carlo Consulente', 'supplier': True,
                                         'email': 'carlo@consulenti.example.com'})
        Center = cls.env['crm.infinity.service.center']
        cls.center = Center.create({
            'name': 'Assistenza test', 'code': 'TA', 'alias_name': 'test-assistenza',
            'manager_id': cls.manager.id, 'operator_ids': [(6, 0, cls.operator.ids)]})
        cls.reserved = Center.create({
            'name': 'Riservato test', 'code': 'TR', 'alias_name': 'test-riservato',
            'access': 'reserved', 'partner_ids': [(6, 0, cls.company.ids)],
            'manager_id': cls.manager.id, 'operator_ids': [(6, 0, cls.operator.ids)]})
        cls.Ticket = cls.env['crm.infinity.ticket']
        cls.Inbox = cls.env['crm.infinity.support.inbox']
        cls.first_mail_id = cls.env['mail.mail'].search([], order='id desc', limit=1).id or 0

    @staticmethod
    def _raw(subject, body='Buongiorno, la caldaia non parte.', to='test-assistenza@' + DOMAIN,
             sender='Mario Cliente <mario@cliente.example.com>', message_id=None,
             in_reply_to=None, references=None):
        message_id = message_id or '<%s@cliente.example.com>' % uuid.uuid4().hex
        headers = ['From: %s' % sender, 'To: %s' % to, 'Subject: %s' % subject,
                   'Message-ID: %s' % message_id, 'Date: Tue, 10 Mar 2026 09:30:00 +0100',
                   'MIME-Version: 1.0', 'Content-Type: text/plain; charset="utf-8"',
                   'Content-Transfer-Encoding: 8bit']
        if in_reply_to:
            headers.append('In-Reply-To: %s' % in_reply_to)
        if references:
            headers.append('References: %s' % references)
        return '\r\n'.join(headers) + '\r\n\r\n' + body + '\r\n'

    def _receive(self, subject, **kwargs):
        raw = self._raw(subject, **kwargs)
        return self.env['mail.thread'].message_process(None, raw)

    def _emails_of(self, record):
        return self.env['mail.message'].search([('model', '=', record._name),
                                                ('res_id', '=', record.id),
                                                ('message_type', '=', 'email')])

    def _flush_mail_queue(self):
        # mail.mail.process_email_queue() commits: send the queue without committing
        self.env['mail.mail'].search([('state', '=', 'outgoing'), ('id', '>', self.first_mail_id)]) \
            .send(auto_commit=False)

    def _mails_to(self, partner):
        return self.env['mail.mail'].search(['|', ('recipient_ids', 'in', partner.ids),
                                             ('email_to', 'ilike', partner.email)])
