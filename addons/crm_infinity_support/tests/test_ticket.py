from odoo.exceptions import AccessError, UserError, ValidationError

from .common import SupportCase


class TestTicket(SupportCase):

    def test_create_numbers_and_subscribes_the_customer(self):
        ticket = self._ticket()
        self.assertTrue(ticket.number.startswith('TT-'), ticket.number)
        self.assertEqual(ticket.stage_id, self.stage_new)
        self.assertEqual(ticket.state, 'new')
        self.assertEqual(ticket.commercial_partner_id, self.acme)
        self.assertEqual(ticket.partner_email, 'aldo@acme.example.com')
        self.assertIn(self.acme_contact, ticket.message_partner_ids)
        self.assertIn(ticket.number, ticket.display_name)
        found = self.Ticket.name_search(ticket.number)
        self.assertEqual([row[0] for row in found], ticket.ids)
        event = self.env['crm.infinity.event'].search(
            [('code', '=', 'ticket_created'), ('res_id', '=', ticket.id)])
        self.assertEqual(len(event), 1)

    def test_reserved_center_refuses_customers_not_enabled(self):
        self._ticket(center=self.center_b, partner=self.acme_colleague)
        with self.assertRaisesRegex(ValidationError, 'reserved'):
            self._ticket(center=self.center_b, partner=self.other_contact)

    def test_take_in_charge(self):
        ticket = self._ticket()
        ticket.sudo(self.op_a).action_take()
        self.assertEqual(ticket.user_id, self.op_a)
        self.assertEqual(ticket.state, 'open')
        self.assertTrue(ticket.date_assigned)
        with self.assertRaisesRegex(UserError, 'already been taken in charge by %s' % self.op_a.name):
            ticket.sudo(self.op_g).action_take()
        self.assertEqual(ticket.user_id, self.op_a)
        history = ticket.primanota_ids.filtered(lambda l: 'user_id' in (l.changes or ''))
        self.assertTrue(history, 'taking in charge is in the ticket history')

    def test_close_and_reopen(self):
        ticket = self._ticket(user_id=self.op_a.id)
        ticket.action_close()
        self.assertEqual(ticket.state, 'closed')
        self.assertTrue(ticket.date_closed)
        closed = self.env['crm.infinity.event'].search(
            [('code', '=', 'ticket_closed'), ('res_id', '=', ticket.id)])
        self.assertEqual(len(closed), 1)
        ticket.write({'stage_id': self.stage_open.id})
        self.assertEqual(ticket.reopen_count, 1)
        self.assertFalse(ticket.date_closed)

    def test_first_response_is_the_first_reply_to_the_customer(self):
        ticket = self._ticket(user_id=self.op_a.id)
        ticket.sudo(self.op_a).message_post(body='Nota interna', message_type='comment',
                                            subtype='mail.mt_note')
        self.assertFalse(ticket.date_first_response)
        ticket.sudo(self.op_a).message_post(body='Buongiorno, verifichiamo subito.',
                                            message_type='comment', subtype='mail.mt_comment')
        self.assertTrue(ticket.date_first_response)

    def test_automatic_mail_is_not_a_first_response(self):
        ticket = self._ticket(user_id=self.op_a.id)
        ticket.with_context(crm_infinity_automatic=True).message_post(
            body='Promemoria', message_type='comment', subtype='mail.mt_comment')
        self.assertFalse(ticket.date_first_response)

    def test_causale_waiting_replies_and_pauses(self):
        model = self.env['ir.model']._get('crm.infinity.ticket')
        stage_field = self.env['ir.model.fields'].search(
            [('model', '=', 'crm.infinity.ticket'), ('name', '=', 'stage_id')])
        causale = self.env['crm.infinity.causale'].create({
            'name': 'Attesa cliente', 'kind': 'crm', 'channel': 'email', 'note_required': True,
            'model_ids': [(6, 0, model.ids)],
            'group_ids': [(6, 0, self.env.ref('crm_infinity_base.group_crm_support_operator').ids)],
            'effect_ids': [
                (0, 0, {'sequence': 1, 'effect_type': 'method',
                        'method_name': 'causale_reply_customer_history'}),
                (0, 0, {'sequence': 2, 'effect_type': 'set_field', 'field_id': stage_field.id,
                        'value': 'crm_infinity_support.stage_waiting'}),
            ]})
        ticket = self._ticket(user_id=self.op_a.id)
        ticket.sudo(self.op_a).apply_causale(causale.id, {'note': 'Ci manda il numero di serie?'})
        self.assertEqual(ticket.state, 'waiting')
        reply = ticket.message_ids.filtered(lambda m: 'numero di serie' in (m.body or ''))
        self.assertEqual(len(reply), 1)
        self.assertIn(self.acme_contact, reply.partner_ids)
        self.assertIn('<table', reply.body, 'the history goes with the reply')
        self.assertIn('Ticket history', reply.body)
        line = ticket.primanota_ids.filtered(lambda l: l.causale_id == causale)
        self.assertEqual(line.note, 'Ci manda il numero di serie?')
        self.assertIn('Attesa cliente', ticket.history_html)
        # all or nothing: without the note the causale does nothing
        other = self._ticket(user_id=self.op_a.id)
        with self.assertRaises(UserError):
            other.sudo(self.op_a).apply_causale(causale.id, {})
        self.assertEqual(other.state, 'new')

    def test_demo_causale_waiting_as_operator(self):
        """The demo causale "In attesa del cliente" sets the ticket's status (its effect once
        named the status model's ID field through a colliding external ID)."""
        causale = self.env.ref('crm_infinity_support.causale_ticket_attesa_cliente_demo')
        ticket = self._ticket(user_id=self.op_a.id)
        ticket.sudo(self.op_a).apply_causale(causale.id, {'note': 'Ci manda il numero di serie?'})
        self.assertEqual(ticket.stage_id, self.stage_waiting)
        id_field = self.env['ir.model.fields'].search(
            [('model', '=', 'crm.infinity.ticket.stage'), ('name', '=', 'id')])
        with self.assertRaises(ValidationError):
            causale.write({'effect_ids': [(0, 0, {'effect_type': 'set_field', 'field_id': id_field.id,
                                                  'value': 'crm_infinity_support.stage_waiting'})]})

    def test_causale_permission(self):
        model = self.env['ir.model']._get('crm.infinity.ticket')
        causale = self.env['crm.infinity.causale'].create({
            'name': 'Solo responsabili', 'kind': 'crm', 'model_ids': [(6, 0, model.ids)],
            'group_ids': [(6, 0, self.env.ref('crm_infinity_base.group_crm_support_manager').ids)],
            'effect_ids': [(0, 0, {'effect_type': 'assign_user', 'user_source': 'applicant'})]})
        ticket = self._ticket()
        with self.assertRaises(AccessError):
            ticket.sudo(self.op_a).apply_causale(causale.id, {})
        ticket.sudo(self.manager).apply_causale(causale.id, {})
        self.assertEqual(ticket.user_id, self.manager)

    def test_blocked_customer_notifies_the_center_manager(self):
        self.acme.crm_blocked = True
        ticket = self._ticket()
        notes = ticket.message_ids.filtered(lambda m: self.manager.partner_id in m.partner_ids)
        self.assertTrue(notes, 'the rule "ticket on a blocked customer" told the center manager')

    def test_stage_of_center_preferred(self):
        own = self.env['crm.infinity.ticket.stage'].create(
            {'name': 'Da smistare', 'state': 'new', 'sequence': 0,
             'center_ids': [(6, 0, self.center_b.ids)]})
        self.assertEqual(self._ticket(center=self.center_b).stage_id, own)
        self.assertEqual(self._ticket().stage_id, self.stage_new)
