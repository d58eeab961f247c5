"""The index of the Scheda riepilogo on the help desk's sources (tickets opened and closed, the
events of their SLA clocks, the primanota of the tickets): after each change the watches of
``crm_infinity_timeline`` declare, the right sources of the right companies are queued and the
card read through the index equals the card made from the sources, as the operator of the
center, an operator of another center, the center's manager, the salesperson of the company
(who reads no ticket) and an administrator."""
from odoo.addons.crm_infinity_base.tests.common import TimelineIndexMixin

from .test_sla import SlaCase, rome


class TestTimelineIndexSupport(TimelineIndexMixin, SlaCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        friday = cls.env(context=dict(cls.env.context,
                                      crm_infinity_sla_now=rome(2026, 4, 3, 17, 30)))
        cls.ticket = cls.Ticket.with_env(friday).create({
            'name': 'Caldaia in blocco', 'center_id': cls.center.id,
            'partner_id': cls.acme_contact.id, 'user_id': cls.op_a.id})
        cls.ticket_b = cls._ticket(center=cls.center_b, partner=cls.acme, name='Fattura errata')
        cls.ticket_other = cls._ticket(partner=cls.other_contact, name='Perdita')
        cls.viewers = cls.op_a | cls.op_b | cls.manager | cls.salesperson | cls.admin

    def test_the_sources_of_the_help_desk_are_in_the_index(self):
        self._build(self.acme)
        self.assertEqual(self._index_ids(self.acme, 'ticket_opened'),
                         set((self.ticket | self.ticket_b).ids))
        self.assertEqual(self._index_ids(self.acme, 'sla'), set(self.ticket.sla_event_ids.ids))
        self.assertTrue(self.ticket.sla_event_ids)
        self.assertTrue(self._index_keys(self.acme).get('primanota'))

    def test_a_ticket_opened_on_a_contact(self):
        self._build(self.acme, self.other)
        ticket = self._ticket(partner=self.acme_colleague, name='Nuovo guasto')
        self.assertLessEqual({'ticket_opened', 'primanota'}, self._index_queued(self.acme))
        self.assertFalse(self._index_queued(self.other))
        self.assertCardIndexed(self.acme, self.viewers)
        self.assertIn(ticket.id, self._index_ids(self.acme, 'ticket_opened'))

    def test_a_ticket_closed_and_reopened(self):
        self._build(self.acme)
        self.ticket.sudo(self.op_a).write({'stage_id': self.stage_closed.id})
        self.assertTrue(self.ticket.date_closed)
        self.assertIn('ticket_closed', self._index_queued(self.acme))
        self.assertCardIndexed(self.acme, self.viewers)
        self.assertEqual(self._index_ids(self.acme, 'ticket_closed'), set(self.ticket.ids))
        self.ticket.sudo(self.op_a).write({'stage_id': self.stage_open.id})
        self.assertIn('ticket_closed', self._index_queued(self.acme))
        self.assertCardIndexed(self.acme, self.viewers)
        self.assertFalse(self._index_ids(self.acme, 'ticket_closed'))

    def test_a_ticket_moved_to_another_company(self):
        self._build(self.acme, self.other)
        self.ticket.sudo(self.op_a).write({'partner_id': self.other_contact.id})
        for company in (self.acme, self.other):
            self.assertLessEqual({'ticket_opened', 'ticket_closed', 'sla', 'primanota'},
                                 self._index_queued(company))
            self.assertCardIndexed(company, self.viewers)
        self.assertIn(self.ticket.id, self._index_ids(self.other, 'ticket_opened'))
        self.assertLessEqual(set(self.ticket.sla_event_ids.ids),
                             self._index_ids(self.other, 'sla'))
        self.assertFalse(self._index_ids(self.acme, 'sla'))

    def test_the_sla_clock_paused_resumed_and_breached(self):
        self._build(self.acme)
        events = set(self.ticket.sla_event_ids.ids)
        # the ticket waits for the customer: a pause event (the ticket's own columns unchanged)
        self.ticket.sudo(self.op_a).with_env(self.at(2026, 4, 7, 9, 0)).write(
            {'stage_id': self.stage_waiting.id})
        self.assertIn('sla', self._index_queued(self.acme))
        self.assertCardIndexed(self.acme, self.viewers)
        self.ticket.sudo(self.op_a).with_env(self.at(2026, 4, 7, 9, 30)).write(
            {'stage_id': self.stage_open.id})
        self.assertCardIndexed(self.acme, self.viewers)
        # the cron sends the pre-warning and the breach
        self._cron(2026, 4, 8, 12, 0)
        self.assertIn('sla', self._index_queued(self.acme))
        self.assertCardIndexed(self.acme, self.viewers)
        new = set(self.ticket.sla_event_ids.ids) - events
        self.assertLessEqual({'pause', 'resume', 'breach'},
                             set(self.env['crm.infinity.sla.event'].browse(new).mapped('kind')))
        self.assertLessEqual(new, self._index_ids(self.acme, 'sla'))

    def test_a_change_of_the_ticket_logs_a_primanota_line_on_the_card(self):
        self._build(self.acme)
        lines = self._index_ids(self.acme, 'primanota')
        self.ticket.sudo(self.manager).write({'priority': '2'})
        self.assertIn('primanota', self._index_queued(self.acme))
        self.assertCardIndexed(self.acme, self.viewers)
        line = self.env['crm.infinity.primanota'].search([
            ('res_model', '=', 'crm.infinity.ticket'), ('res_id', '=', self.ticket.id)],
            order='id desc', limit=1)
        self.assertEqual(self._index_ids(self.acme, 'primanota') - lines, set(line.ids))

    def test_an_update_of_columns_not_shown_queues_nothing(self):
        self._build(self.acme)
        self.ticket.sudo(self.op_a).write({'description': '<p>Codice errore E42</p>',
                                           'serial_number': 'SN-0042'})
        self.assertFalse(self._index_queued(self.acme))
