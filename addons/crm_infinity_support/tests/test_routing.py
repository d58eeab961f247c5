from .common import SupportCase

MODEL = 'crm.infinity.ticket'


class TestTicketRouting(SupportCase):
    """SPEC T5: tickets routed by category, product, priority, customer and keywords to an
    operator or an operator group with its strategy; explained."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env['crm.infinity.ticket.category']
        cls.impianti = Category.create({'name': 'Impianti', 'center_id': cls.center.id})
        cls.caldaie = Category.create({'name': 'Caldaie', 'parent_id': cls.impianti.id,
                                       'center_id': cls.center.id})
        cls.caldaia = cls.env['product.product'].create({'name': 'Caldaia a condensazione'})
        cls.Rule = cls.env['crm.infinity.routing.rule']
        cls.group.assignment = 'round_robin'

    def _rule(self, **values):
        vals = {'name': 'Regola', 'model_name': MODEL, 'assign': 'operator_group',
                'operator_group_id': self.group.id}
        vals.update(values)
        return self.Rule.create(vals)

    def test_category_and_its_subcategories_go_round_robin_in_the_group(self):
        self._rule(ticket_category_ids=[(6, 0, self.impianti.ids)])
        tickets = [self._ticket(category_id=self.caldaie.id) for _i in range(4)]
        self.assertEqual({t.operator_group_id for t in tickets}, {self.group})
        users = [t.user_id for t in tickets]
        self.assertEqual(users[:2], users[2:])
        self.assertEqual(set(users), {self.op_a, self.op_g})
        self.assertEqual(self.group.last_assigned_user_id, users[-1])
        self.assertFalse(self._ticket().user_id)  # no category: no rule
        # routed on creation: the assignment event and the date are there
        self.assertTrue(tickets[0].date_assigned)

    def test_least_loaded_and_manual_groups(self):
        self.group.assignment = 'least_loaded'
        self._ticket(user_id=self.op_a.id)
        self._rule(product_ids=[(6, 0, self.caldaia.ids)])
        self.assertEqual(self._ticket(product_id=self.caldaia.id).user_id, self.op_g)
        self.group.assignment = 'manual'
        ticket = self._ticket(product_id=self.caldaia.id)
        self.assertEqual((ticket.operator_group_id, ticket.user_id), (self.group, self.env['res.users']))

    def test_customer_priority_and_keywords(self):
        self._rule(assign='user', user_id=self.op_b.id, center_ids=[(6, 0, self.center.ids)],
                   partner_ids=[(6, 0, self.acme.ids)], domain="[('priority', '=', '3')]",
                   keywords='caldaia, perdita')
        self.assertEqual(self._ticket(priority='3', description='<p>Perdità dalla CALDAIA</p>').user_id,
                         self.op_b)
        self.assertFalse(self._ticket(priority='1', description='<p>perdita</p>').user_id)
        self.assertFalse(self._ticket(priority='3', partner=self.other_contact,
                                      description='<p>perdita</p>').user_id)

    def test_logged_in_the_ticket_history_and_explained(self):
        rule = self._rule(name='Impianti', ticket_category_ids=[(6, 0, self.impianti.ids)])
        ticket = self._ticket(category_id=self.caldaie.id)
        line = ticket.sudo().primanota_ids.filtered(
            lambda l: l.event_code == 'routing' and l.note == 'Impianti')
        self.assertEqual(len(line), 1)
        self.assertIn('Operator group', line.changes_display)
        wizard = self.env['crm.infinity.routing.explain'].browse(
            ticket.action_explain_routing()['res_id'])
        line = wizard.line_ids.filtered(lambda l: l.rule_id == rule)
        self.assertTrue(line.fired)
        self.assertEqual(line.explanation, '✓ Ticket categories: Impianti is among Impianti')

    def test_a_ticket_assigned_by_hand_is_not_routed(self):
        self._rule()
        self.assertEqual(self._ticket(user_id=self.op_b.id).user_id, self.op_b)
