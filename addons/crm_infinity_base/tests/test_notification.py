from odoo.tools.safe_eval import safe_eval

from .common import CoreEngineCase
from .servers import SmsGatewayStub, SmtpCatcher


class TestNotificationRules(CoreEngineCase):
    """SPEC B6-B7: event + condition -> recipients -> Odoo message, e-mail, SMS."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.event_type = cls.env['crm.infinity.event.type'].create({
            'name': 'Pratica chiusa', 'code': 'test_record_closed',
            'model_name': 'crm.infinity.test.record'})
        cls.customer.user_id = cls.dario
        cls.anna.partner_id.mobile = '347 111 2233'
        cls.group_people = cls._create_user('t_group_member', 'group_crm_support_manager')

    def _rule(self, **values):
        vals = {'name': 'Regola', 'event_type_id': self.event_type.id,
                'channel_message': False}
        vals.update(values)
        return self.env['crm.infinity.notification.rule'].create(vals)

    def _emit(self, record):
        return record._crm_emit('test_record_closed')

    def _notified(self, record):
        messages = self.env['mail.message'].search([('model', '=', record._name), ('res_id', '=', record.id),
                                                    ('message_type', '=', 'notification')])
        return messages.mapped('partner_ids.user_ids')

    def test_each_recipient_kind(self):
        record = self._record(self.anna, assignee_id=self.bruno.id, partner_id=self.customer.id)
        record.message_subscribe_users([self.carla.id])
        cases = [
            ({'notify_owner': True}, self.anna),
            ({'notify_assignee': True}, self.bruno),
            ({'notify_followers': True}, self.carla | self.anna),
            ({'notify_partner_salesperson': True}, self.dario),
            ({'group_ids': [(6, 0, [self.env.ref('crm_infinity_base.group_crm_support_manager').id])]},
             self.group_people),
            ({'user_ids': [(6, 0, [self.south.id])]}, self.south),
        ]
        for values, expected in cases:
            rule = self._rule(channel_message=True, **values)
            self.env['mail.message'].search([('model', '=', record._name), ('res_id', '=', record.id),
                                             ('message_type', '=', 'notification')]).unlink()
            self._emit(record)
            self.assertTrue(expected <= self._notified(record), values)
            if 'group_ids' in values:
                self.assertIn(self.admin, self._notified(record))  # CRM admins manage support too
            rule.active = False

    def test_condition_filters_records(self):
        self._rule(notify_owner=True, channel_message=True, domain="[('priority', '=', '3')]")
        normal = self._record(self.anna)
        urgent = self._record(self.anna, priority='3')
        self._emit(normal)
        self._emit(urgent)
        self.assertFalse(self._notified(normal))
        self.assertEqual(self._notified(urgent), self.anna)

    def test_event_is_recorded(self):
        record = self._record(self.anna)
        events = self._emit(record)
        self.assertEqual((events.code, events.res_id, events.res_model),
                         ('test_record_closed', record.id, record._name))

    def test_email_goes_through_the_mail_queue_to_a_real_smtp_server(self):
        with SmtpCatcher() as smtp:
            self.env['ir.mail_server'].create({'name': 'loopback', 'smtp_host': '127.0.0.1',
                                               'smtp_port': smtp.port, 'sequence': 1})
            self._rule(notify_owner=True, channel_email=True, subject='Pratica ${object.name} chiusa',
                       body='La pratica ${object.name} è chiusa.')
            record = self._record(self.anna, name='Impianto Rossi')
            self._emit(record)
            mails = self.env['mail.mail'].search([('model', '=', record._name), ('res_id', '=', record.id)])
            self.assertEqual(mails.mapped('state'), ['outgoing'])
            mails.send()
            self.assertEqual(len(smtp.messages), 1)
            self.assertEqual(smtp.messages[0]['to'], ['t_anna@example.com'])
            self.assertIn('Impianto Rossi', smtp.messages[0]['subject'])

    def test_sms_through_the_http_gateway(self):
        with SmsGatewayStub() as gateway:
            sms = self.env['crm.infinity.sms.gateway'].create({
                'name': 'stub', 'url': gateway.url, 'sender': 'Infinity',
                'auth_header': 'Bearer segreto'})
            self._rule(notify_owner=True, channel_sms=True, sms_gateway_id=sms.id,
                       body='Pratica ${object.name} chiusa')
            record = self._record(self.anna, name='Impianto Rossi')
            self._emit(record)
            self.assertEqual(len(gateway.requests), 1)
            request = gateway.requests[0]
            self.assertEqual(request['body'], {'to': '+393471112233', 'text': 'Pratica Impianto Rossi chiusa',
                                               'from': 'Infinity'})
            self.assertEqual(request['headers']['Authorization'], 'Bearer segreto')
            comm = self.env['crm.infinity.communication'].search([('res_id', '=', record.id),
                                                                  ('res_model', '=', record._name)])
            self.assertEqual((comm.kind, comm.state, comm.phone), ('sms', 'done', '+393471112233'))

    def test_sms_gateway_failure_is_logged_not_raised(self):
        with SmsGatewayStub(status=500) as gateway:
            sms = self.env['crm.infinity.sms.gateway'].create({'name': 'stub', 'url': gateway.url})
            self._rule(notify_owner=True, channel_sms=True, sms_gateway_id=sms.id, body='x')
            record = self._record(self.anna)
            self._emit(record)
            comm = self.env['crm.infinity.communication'].search([('res_id', '=', record.id),
                                                                  ('res_model', '=', record._name)])
            self.assertEqual(comm.state, 'failed')
            self.assertIn('500', comm.error)

    def test_invalid_condition_is_refused(self):
        from odoo.exceptions import ValidationError
        with self.assertRaises(ValidationError):
            self._rule(domain="[('no_such_field', '=', 1)]", notify_owner=True)

    def test_shipped_examples_exist_active_with_their_model(self):
        """The SPEC B7 examples ship inactive; the addon of their model switches them on."""
        for xmlid in ('notification_rule_ticket_closed_salesperson', 'notification_rule_ticket_blocked_customer',
                      'notification_rule_lead_acquired'):
            rule = self.env.ref('crm_infinity_base.' + xmlid)
            model = self.env.get(rule.model_name)
            usable = model is not None and all(
                leaf[0].split('.')[0] in model._fields
                for leaf in safe_eval(rule.domain or '[]') if isinstance(leaf, (list, tuple)))
            self.assertEqual(rule.active, usable, xmlid)
