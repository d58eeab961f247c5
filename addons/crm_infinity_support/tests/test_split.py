from odoo.exceptions import UserError

from .common_mail import SupportMailCase


class TestSplit(SupportMailCase):
    """SPEC T9: derive tickets from one; the parent is solved when all children are done."""

    def _split(self, ticket, lines):
        wizard = self.env['crm.infinity.ticket.split.wizard'].sudo(self.operator).create({
            'ticket_id': ticket.id,
            'line_ids': [(0, 0, line) for line in lines]})
        return wizard.action_split()

    def test_split_links_both_ways_and_logs_both(self):
        ticket = self.Ticket.create({'name': 'Impianto completo', 'center_id': self.center.id,
                                     'partner_id': self.customer.id, 'priority': '2'})
        category = self.env['crm.infinity.ticket.category'].create(
            {'name': 'Caldaie', 'center_id': self.center.id})
        action = self._split(ticket, [
            {'name': 'Caldaia', 'center_id': self.center.id, 'category_id': category.id,
             'user_id': self.operator.id},
            {'name': 'Fattura impianto', 'center_id': self.reserved.id},
        ])
        children = ticket.child_ids
        self.assertEqual(len(children), 2)
        self.assertEqual(self.Ticket.search(action['domain']), children)
        self.assertEqual(children.mapped('parent_id'), ticket)
        self.assertEqual(ticket.child_count, 2)
        first, second = children.sorted('id')
        self.assertEqual((first.category_id, first.user_id, first.state),
                         (category, self.operator, 'open'))
        self.assertEqual((second.center_id, second.state, second.user_id.id), (self.reserved, 'new', False))
        self.assertEqual(children.mapped('partner_id'), self.customer)
        self.assertEqual(set(children.mapped('priority')), {'2'})
        parent_line = ticket.primanota_ids.filtered(lambda l: l.event_code == 'split')
        self.assertEqual(len(parent_line), 1)
        self.assertIn(first.number, parent_line.note)
        for child in children:
            line = child.primanota_ids.filtered(lambda l: l.event_code == 'split')
            self.assertIn(ticket.number, line.note)
        self.assertTrue(self.Ticket.search([('id', '=', ticket.id), ('child_ids', '!=', False)]))

    def test_split_needs_lines(self):
        ticket = self.Ticket.create({'name': 'Impianto', 'center_id': self.center.id})
        with self.assertRaises(UserError):
            self._split(ticket, [])

    def test_cron_solves_the_parent_when_all_children_are_done(self):
        ticket = self.Ticket.create({'name': 'Impianto completo', 'center_id': self.center.id})
        self._split(ticket, [{'name': 'Parte %d' % i, 'center_id': self.center.id}
                             for i in range(3)])
        first, second, third = ticket.child_ids.sorted('id')
        first._set_state('solved')
        second.action_close()
        self.Ticket._cron_propagate_split_status()
        self.assertEqual(ticket.state, 'new', 'one child still open')
        third._set_state('solved')
        solved = self.Ticket._cron_propagate_split_status()
        self.assertIn(ticket, solved)
        self.assertEqual(ticket.state, 'solved')
        self.assertNotIn(ticket, self.Ticket._cron_propagate_split_status())
