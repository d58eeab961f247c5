from odoo.exceptions import ValidationError

from .common import SupportCase


class OperatorDayCase(SupportCase):
    """Issue 13: what the support profiles do in the browser on a realistic ticket (with a
    quotation made by a salesperson, T17), done the way the web client does it."""

    def _open_form(self, record, user):
        """Read a record the way the web client opens its form: the form's fields, then the
        records of its one2many/many2many fields with their subview's fields."""
        Model = record.env[record._name].sudo(user)
        view = Model.fields_view_get(view_type='form')
        values = Model.browse(record.id).read(list(view['fields']))[0]
        for name, descr in view['fields'].items():
            if descr['type'] in ('one2many', 'many2many') and values[name]:
                sub_fields = set()
                for sub in (descr.get('views') or {}).values():
                    sub_fields |= set(sub['fields'])
                if sub_fields:
                    Model.env[descr['relation']].browse(values[name]).read(list(sub_fields))
        return values


class TestOperatorOpensTicket(OperatorDayCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._ticket(name='Stampante guasta')
        cls.quote = cls.env['sale.order'].create({
            'partner_id': cls.acme.id, 'user_id': cls.salesperson.id,
            'ticket_id': cls.ticket.id})

    def test_operator_and_manager_open_a_ticket_with_a_quote(self):
        for user in (self.op_a, self.manager):
            values = self._open_form(self.ticket, user)
            self.assertEqual(values['name'], 'Stampante guasta')

    def test_operator_takes_in_charge_and_replies(self):
        ticket = self.ticket.sudo(self.op_a)
        ticket.action_take()
        ticket.message_post(body='Abbiamo preso in carico la richiesta.',
                            message_type='comment', subtype='mail.mt_comment')
        self._open_form(self.ticket, self.op_a)

    def test_reply_from_the_chatter_returns_the_message_id(self):
        """The web client posts with call_kw and formats the id it gets back: an id, not a
        recordset (it showed "Il tuo messaggio non è stato inviato" although saved)."""
        from odoo import api
        Ticket = self.env['crm.infinity.ticket'].sudo(self.op_a)
        message_id = api.call_kw(Ticket, 'message_post', [[self.ticket.id]], {
            'body': 'Risposta al cliente', 'message_type': 'comment',
            'subtype': 'mail.mt_comment'})
        self.assertIsInstance(message_id, int)
        formatted = self.env['mail.message'].sudo(self.op_a).browse(message_id).message_format()
        self.assertEqual(formatted[0]['id'], message_id)
        consultation_model = self.env.get('crm.infinity.ticket.consultation')
        self.assertTrue(getattr(type(consultation_model).message_post, '_returns', None))


class TestCenterWorkingHours(SupportCase):

    def test_calendar_without_working_hours_is_refused(self):
        empty = self.env['resource.calendar'].create({'name': 'Senza orari',
                                                      'attendance_ids': [(5, 0, 0)]})
        self.assertFalse(empty.attendance_ids)
        with self.assertRaisesRegex(ValidationError, 'no working time'):
            self.center.write({'resource_calendar_id': empty.id})
        with self.assertRaisesRegex(ValidationError, 'no working time'):
            self.calendar.write({'attendance_ids': [(5, 0, 0)]})
        # the center still works: its tickets get their SLA
        self.assertTrue(self._ticket(name='Dopo il rifiuto'))


class TestLongSubjects(SupportCase):

    def test_long_subjects_are_cut_in_cockpit_and_cards(self):
        import os
        from lxml import etree
        arch = self.env['crm.infinity.ticket'].sudo(self.op_a).fields_view_get(
            self.env.ref('crm_infinity_support.crm_infinity_ticket_view_kanban').id,
            'kanban')['arch']
        self.assertTrue(etree.fromstring(arch).xpath(
            "//div[hasclass('o_crm_infinity_ticket_subject')]//field[@name='name']"))
        less = os.path.join(os.path.dirname(os.path.dirname(__file__)),
                            'static', 'src', 'less', 'ticket_preview.less')
        with open(less) as stylesheet:
            text = stylesheet.read()
        self.assertIn('.o_crm_infinity_preview_list td.o_data_cell', text)
        self.assertIn('text-overflow: ellipsis', text)
        self.assertIn('.o_crm_infinity_ticket_subject', text)


class TestSatisfactionKpi(SupportCase):

    def test_a_new_rating_request_does_not_hide_the_customers_answer(self):
        """Issue 13: "0 % satisfied" with ratings present: a pending request written after
        the customer's answer (a reopened and closed again ticket) is no answer."""
        ticket = self._ticket(name='Da valutare')
        ticket.rating_apply(10, token=ticket.rating_get_access_token(self.acme_contact))
        token = ticket.rating_get_access_token(self.acme_contact)  # a new, pending request
        pending = self.env['rating.rating'].search([('access_token', '=', token)])
        self.assertFalse(pending.consumed)
        pending.write({'feedback': False})  # written last
        center = self.center.sudo(self.manager)
        center.invalidate_cache()
        self.assertEqual(center.kpi_satisfaction, 100.0)
