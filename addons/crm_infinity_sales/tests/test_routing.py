from collections import Counter

from odoo.exceptions import AccessError

from .common import S, SalesCase

MODEL = 'crm.lead'


class TestDealRouting(SalesCase):
    """SPEC S3: new deals routed by the core routing rules: each kind of condition (products of
    interest, zone, value, source, campaign, customer, keywords, any domain) and of action
    (user, pool, sales group, status, activity, appointment, followers); explained; applied on
    creation, on demand and on a selection; a nominal assignment is not routed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env['crm.infinity.routing.rule']
        # the demo rules would route our deals too
        cls.Rule.search([('model_name', '=', MODEL)]).write({'active': False})
        cls.carla = cls._create_user('t_sales_carla', 'group_crm_salesperson')
        Category = cls.env['product.category']
        cls.climate = Category.create({'name': 'Climatizzazione test'})
        cls.chillers = Category.create({'name': 'Refrigeratori test', 'parent_id': cls.climate.id})
        Product = cls.env['product.product']
        cls.boiler = Product.create({'name': 'Caldaia test', 'type': 'service',
                                     'list_price': 1000.0})
        cls.chiller = Product.create({'name': 'Refrigeratore test', 'type': 'service',
                                      'list_price': 30000.0, 'categ_id': cls.chillers.id})
        cls.italy = cls.env.ref('base.it')
        cls.verona = cls.env.ref('base.state_it_vr')
        cls.milano = cls.env.ref('base.state_it_mi')
        cls.fair = cls.env['utm.source'].create({'name': 'Fiera test'})
        cls.campaign = cls.env['utm.campaign'].create({'name': 'Campagna test'})

    def _rule(self, **values):
        vals = {'name': 'Regola test', 'model_name': MODEL, 'assign': 'user',
                'user_id': self.anna.id}
        vals.update(values)
        return self.Rule.create(vals)

    def _new(self, **values):
        """A deal nobody is assigned to: the rules decide."""
        vals = {'name': 'Nuova trattativa', 'type': 'opportunity'}
        vals.update(values)
        return self.Lead.create(vals)

    def _line(self, product):
        return [(0, 0, {'product_id': product.id})]

    # -- conditions -------------------------------------------------------------------------------

    def test_products_of_interest_and_their_categories(self):
        self._rule(name='Caldaie', product_ids=[(6, 0, self.boiler.ids)])
        self._rule(name='Clima', product_categ_ids=[(6, 0, self.climate.ids)],
                   user_id=self.bruno.id)
        self.assertEqual(self._new(deal_line_ids=self._line(self.boiler)).user_id, self.anna)
        # a product of a subcategory of the rule's category
        self.assertEqual(self._new(deal_line_ids=self._line(self.chiller)).user_id, self.bruno)
        self.assertNotIn(self._new().user_id, self.anna | self.bruno)

    def test_zone_country_province_and_zip_ranges_of_the_deal_or_its_customer(self):
        self._rule(name='Verona', country_ids=[(6, 0, self.italy.ids)],
                   state_ids=[(6, 0, self.verona.ids)])
        self._rule(name='CAP Veneto', zip_ranges='30000-36999, 45*', user_id=self.bruno.id)
        self.assertEqual(self._new(country_id=self.italy.id, state_id=self.verona.id).user_id,
                         self.anna)
        self.assertEqual(self._new(zip='35131').user_id, self.bruno)
        self.assertEqual(self._new(zip='45100').user_id, self.bruno)
        self.assertNotIn(self._new(zip='20121', state_id=self.milano.id).user_id,
                         self.anna | self.bruno)
        # no address on the deal: the customer's
        customer = self.env['res.partner'].create({'name': 'Cliente veronese', 'is_company': True,
                                                   'country_id': self.italy.id,
                                                   'state_id': self.verona.id, 'zip': '37121'})
        self.assertEqual(self._new(partner_id=customer.id).user_id, self.anna)

    def test_value_between_bounds(self):
        self._rule(name='Grandi', value_min=50000)
        self._rule(name='Medie', value_min=10000, value_max=49999.99, user_id=self.bruno.id)
        self.assertEqual(self._new(planned_revenue=80000).user_id, self.anna)
        self.assertEqual(self._new(planned_revenue=20000).user_id, self.bruno)
        self.assertNotIn(self._new(planned_revenue=500).user_id, self.anna | self.bruno)

    def test_source_campaign_customer_and_keywords(self):
        self._rule(name='Fiera', source_ids=[(6, 0, self.fair.ids)],
                   campaign_ids=[(6, 0, self.campaign.ids)])
        self._rule(name='Cliente', partner_ids=[(6, 0, self.customer.ids)], user_id=self.bruno.id)
        self._rule(name='Parole', keywords='fotovoltaico, pompa di calore', user_id=self.carla.id)
        self.assertEqual(self._new(source_id=self.fair.id, campaign_id=self.campaign.id).user_id,
                         self.anna)
        # a source without the campaign does not match the first rule
        self.assertNotIn(self._new(source_id=self.fair.id).user_id,
                         self.anna | self.bruno | self.carla)
        contact = self.env['res.partner'].create({'name': 'Referente', 'parent_id': self.customer.id})
        self.assertEqual(self._new(partner_id=contact.id).user_id, self.bruno)
        self.assertEqual(self._new(name='Impianto a POMPA DI CALORE').user_id, self.carla)

    def test_any_domain_in_python_or_in_sql(self):
        sector = self.env['crm.infinity.sector'].create({'name': 'Settore test'})
        self._rule(name='Settore', domain="[('sector_id', '=', %d)]" % sector.id)
        self._rule(name='Cliente per nome', domain="[('partner_id.name', 'ilike', 'Trattative')]",
                   user_id=self.bruno.id)
        self.assertEqual(self._new(sector_id=sector.id).user_id, self.anna)
        self.assertEqual(self._new(partner_id=self.customer.id).user_id, self.bruno)

    # -- actions ----------------------------------------------------------------------------------

    def test_round_robin_is_fair_over_100_deals(self):
        rule = self._rule(assign='pool', strategy='round_robin',
                          pool_user_ids=[(6, 0, (self.anna | self.bruno | self.carla).ids)])
        deals = [self._new(name='Trattativa %d' % i) for i in range(100)]
        counts = Counter(deal.user_id for deal in deals)
        self.assertEqual(set(counts), {self.anna, self.bruno, self.carla})
        self.assertLessEqual(max(counts.values()) - min(counts.values()), 1)
        self.assertEqual(rule.last_user_id, deals[-1].user_id)
        # consecutive deals never go to the same salesperson
        self.assertTrue(all(a.user_id != b.user_id for a, b in zip(deals, deals[1:])))

    def test_least_loaded_counts_only_open_deals(self):
        for _i in range(2):
            self._deal(self.anna)
        self._deal(self.bruno)
        for _i in range(3):
            self._deal(self.carla, deal_status_id=self.st_lead_lost.id,
                       lost_reason=self.lost_reason.id)
        self._rule(assign='pool', strategy='least_loaded',
                   pool_user_ids=[(6, 0, (self.anna | self.bruno | self.carla).ids)])
        pool = self.anna | self.bruno | self.carla
        base = self.env['crm.lead']._routing_load(pool)
        self.assertEqual([base.get(u.id, 0) for u in pool], [2, 1, 0])
        # carla's deals are closed: she gets the next one; ties go to the first user created
        users = [self._new().user_id for _i in range(4)]
        self.assertEqual(users, [self.carla, self.bruno, self.carla, self.anna])

    def test_sales_group_members_in_turn_skipping_archived_ones(self):
        group = self.env['crm.infinity.sales.group'].create({
            'name': 'Gruppo routing test', 'responsible_id': self.area_manager.id,
            'member_ids': [(6, 0, (self.anna | self.bruno | self.carla).ids)]})
        self._rule(assign='sales_group', sales_group_id=group.id, strategy='round_robin')
        self.carla.active = False
        users = [self._new().user_id for _i in range(4)]
        self.assertEqual(Counter(users), Counter({self.anna: 2, self.bruno: 2}))
        self.carla.active = True

    def test_sales_group_least_loaded(self):
        group = self.env['crm.infinity.sales.group'].create({
            'name': 'Gruppo carico test', 'member_ids': [(6, 0, (self.anna | self.bruno).ids)]})
        self._deal(self.anna)
        self._rule(assign='sales_group', sales_group_id=group.id, strategy='least_loaded')
        self.assertEqual(self._new().user_id, self.bruno)

    def test_set_status_activity_appointment_and_followers(self):
        follower = self.env['res.partner'].create({'name': 'Direttore commerciale test'})
        call = self.env.ref('mail.mail_activity_data_call')
        rule = self._rule(name='Completa', schedule='activity', activity_type_id=call.id,
                          summary='Chiamare il cliente', days=2,
                          follower_partner_ids=[(6, 0, follower.ids)], value_ids=[
                              (0, 0, {'field_id': self.env.ref(S + 'field_crm_lead_deal_status_id').id,
                                      'value': S + 'deal_status_lead_offer'}),
                              (0, 0, {'field_id': self.env.ref('crm.field_crm_lead_priority').id,
                                      'value': '2'})])
        deal = self._new()
        self.assertEqual(deal.deal_status_id, self.env.ref(S + 'deal_status_lead_offer'))
        self.assertEqual(deal.priority, '2')
        self.assertEqual(deal.activity_ids.activity_type_id, call)
        self.assertEqual(deal.activity_ids.user_id, self.anna)
        self.assertEqual(deal.activity_ids.summary, 'Chiamare il cliente')
        self.assertIn(follower, deal.message_partner_ids)
        rule.write({'schedule': 'event', 'summary': 'Visita', 'days': 3, 'duration': 1.5})
        deal = self._new(partner_id=self.customer.id)
        event = self.env['calendar.event'].search([('res_model', '=', MODEL),
                                                   ('res_id', '=', deal.id)])
        self.assertEqual(len(event), 1)
        self.assertEqual(event.user_id, self.anna)
        self.assertEqual(event.partner_ids, self.anna.partner_id | self.customer)
        self.assertEqual(event.duration, 1.5)
        self.assertTrue(event.name.startswith('Visita - '))

    def test_a_status_of_another_phase_is_not_applied_and_is_logged(self):
        rule = self._rule(value_ids=[(0, 0, {
            'field_id': self.env.ref(S + 'field_crm_lead_deal_status_id').id,
            'value': S + 'deal_status_opportunity_offer_issued'})])
        deal = self._new()
        self.assertEqual(deal.deal_status_id, self.st_lead_initial)
        self.assertNotEqual(deal.user_id, self.anna)  # all the rule's actions or none
        log = self.env['crm.infinity.routing.log'].search([('rule_id', '=', rule.id)])
        self.assertEqual((log.state, log.res_id), ('error', deal.id))

    def test_continue_applies_the_following_rules_too(self):
        follower = self.env['res.partner'].create({'name': 'Osservatore test'})
        self._rule(name='Prima', then='continue', assign='none',
                   follower_partner_ids=[(6, 0, follower.ids)])
        self._rule(name='Seconda', user_id=self.bruno.id)
        self._rule(name='Terza', user_id=self.carla.id)
        deal = self._new()
        self.assertEqual(deal.user_id, self.bruno)
        self.assertIn(follower, deal.message_partner_ids)

    # -- when and how -----------------------------------------------------------------------------

    def test_a_nominal_assignment_is_not_routed(self):
        rule = self._rule()
        self.assertEqual(self._deal(self.bruno).user_id, self.bruno)
        deal = self.Lead.with_context(default_user_id=self.carla.id).create(
            {'name': 'Dalla mia pipeline'})
        self.assertEqual(deal.user_id, self.carla)
        self.assertFalse(self.env['crm.infinity.routing.log'].search([('rule_id', '=', rule.id)]))

    def test_routed_on_creation_logged_in_the_primanota(self):
        rule = self._rule(name='Regola per Anna')
        deal = self._new()
        self.assertEqual(deal.user_id, self.anna)
        self.assertEqual(deal.routing_log_count, 1)
        lines = deal.sudo().primanota_ids
        routing_line = lines.filtered(lambda l: l.event_code == 'routing')
        self.assertEqual(len(routing_line), 1)
        self.assertEqual(routing_line.note, 'Regola per Anna')
        self.assertIn(self.anna.name, routing_line.changes_display)
        # the routing comes after the creation line
        self.assertEqual(lines.filtered(lambda l: l.event_code == 'create').id < routing_line.id,
                         True)
        log = self.env['crm.infinity.routing.log'].search([('res_model', '=', MODEL),
                                                           ('res_id', '=', deal.id)])
        self.assertEqual((log.rule_id, log.user_id, log.trigger), (rule, self.anna, 'create'))

    def test_on_demand_and_on_a_selection(self):
        deals = self._deal(self.bruno) | self._deal(self.bruno, name='Seconda')
        self._rule(assign='user', user_id=self.carla.id)
        action = deals[0].sudo(self.admin).action_apply_routing()
        self.assertEqual(deals[0].user_id, self.carla)
        self.assertEqual(deals[1].user_id, self.bruno)
        self.assertEqual(action['res_model'], 'crm.infinity.routing.log')
        server_action = self.env.ref(S + 'crm_lead_action_apply_routing')
        action = server_action.sudo(self.admin).with_context(
            active_model=MODEL, active_ids=deals.ids, active_id=deals[0].id).run()
        self.assertEqual(deals.mapped('user_id'), self.carla)
        logs = self.env['crm.infinity.routing.log'].search(action['domain'])
        self.assertEqual(set(logs.mapped('res_id')), set(deals.ids))
        self.assertEqual(set(logs.mapped('trigger')), {'manual'})

    def test_no_rule_applies_and_only_who_may_write_routes(self):
        deal = self._deal(self.bruno)
        self._rule(value_min=10 ** 9)
        action = deal.sudo(self.admin).action_apply_routing()
        self.assertEqual(action['res_model'], 'crm.infinity.message.wizard')
        with self.assertRaises(AccessError):
            deal.sudo(self.anna).action_apply_routing()

    def test_explain_which_rule_fires_and_why_the_others_do_not(self):
        veneto = self._rule(name='Veneto', zip_ranges='30000-37999')
        big = self._rule(name='Grandi', value_min=50000, user_id=self.bruno.id)
        fair = self._rule(name='Fiera', source_ids=[(6, 0, self.fair.ids)], user_id=self.carla.id)
        deal = self._deal(self.anna, zip='20121', planned_revenue=80000, source_id=self.fair.id)
        result = deal.sudo(self.anna).action_explain_routing()
        wizard = self.env['crm.infinity.routing.explain'].browse(result['res_id'])
        lines = {line.rule_id: line for line in wizard.line_ids}
        self.assertEqual((lines[veneto].matched, lines[veneto].fired), (False, False))
        self.assertEqual(lines[veneto].explanation,
                         '✗ ZIP 20121 is not in the range 30000-37999')
        self.assertEqual((lines[big].matched, lines[big].fired), (True, True))
        self.assertEqual(lines[big].explanation, '✓ Value 80000 is within 50000 -')
        # matches, but the rule before it stops
        self.assertEqual((lines[fair].matched, lines[fair].fired), (True, False))
        self.assertEqual(lines[fair].explanation, '✓ Sources: Fiera test is among Fiera test')
        self.assertEqual(wizard.summary, 'Rules that fire: Grandi')
        # in the reader's language
        it = self.env['crm.infinity.routing.explain'].with_context(lang='it_IT').browse(wizard.id)
        it.action_explain()
        line = it.line_ids.filtered(lambda l: l.rule_id == veneto)
        self.assertNotIn('is not in the range', line.explanation)
