from collections import Counter

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import CoreEngineCase

MODEL = 'crm.infinity.test.record'


class RoutingCase(CoreEngineCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env['crm.infinity.routing.rule']
        cls.Log = cls.env['crm.infinity.routing.log']
        cls.italy = cls.env.ref('base.it')
        cls.france = cls.env.ref('base.fr')
        cls.verona = cls.env['res.country.state'].create({'name': 'Verona', 'code': 'VR-T',
                                                          'country_id': cls.italy.id})
        categ = cls.env['product.category']
        cls.categ_hw = categ.create({'name': 'Hardware'})
        cls.categ_printers = categ.create({'name': 'Stampanti', 'parent_id': cls.categ_hw.id})
        cls.printer = cls.env['product.product'].create({'name': 'Stampante laser',
                                                         'categ_id': cls.categ_printers.id})
        cls.software = cls.env['product.product'].create({'name': 'Gestionale'})
        cls.source = cls.env['utm.source'].create({'name': 'Fiera di Milano'})
        cls.campaign = cls.env['utm.campaign'].create({'name': 'Primavera'})
        cls.contact = cls.env['res.partner'].create({'name': 'Mario Rossi',
                                                     'parent_id': cls.customer.id})

    def _rule(self, **values):
        vals = {'name': 'Regola', 'model_name': MODEL, 'assign': 'user', 'user_id': self.bruno.id}
        vals.update(values)
        return self.Rule.create(vals)

    def _new(self, **values):
        vals = {'name': 'Richiesta'}
        vals.update(values)
        return self.Record.create(vals)


class TestRoutingConditions(RoutingCase):
    """SPEC S3/T5: each kind of condition decides whether a rule takes a record."""

    def test_each_condition_kind(self):
        cases = [
            ({'country_ids': [(6, 0, self.italy.ids)]},
             {'country_id': self.italy.id}, {'country_id': self.france.id}),
            ({'state_ids': [(6, 0, self.verona.ids)]},
             {'state_id': self.verona.id}, {}),
            ({'zip_ranges': '20100-20199, 00100'},
             {'zip': '20121'}, {'zip': '37121'}),
            ({'product_ids': [(6, 0, self.printer.ids)]},
             {'product_ids': [(6, 0, (self.printer | self.software).ids)]},
             {'product_ids': [(6, 0, self.software.ids)]}),
            ({'product_categ_ids': [(6, 0, self.categ_hw.ids)]},  # the printer's parent category
             {'product_ids': [(6, 0, self.printer.ids)]},
             {'product_ids': [(6, 0, self.software.ids)]}),
            ({'value_min': 1000, 'value_max': 5000},
             {'amount': 5000}, {'amount': 5000.5}),
            ({'source_ids': [(6, 0, self.source.ids)]},
             {'source_id': self.source.id}, {}),
            ({'campaign_ids': [(6, 0, self.campaign.ids)]},
             {'campaign_id': self.campaign.id}, {}),
            ({'partner_ids': [(6, 0, self.customer.ids)]},  # a contact of the customer
             {'partner_id': self.contact.id}, {'partner_id': self.anna.partner_id.id}),
            ({'keywords': 'non funziona, guasto'},
             {'description': 'La stampante NON funziona più'}, {'description': 'Funziona bene'}),
            ({'domain': "[('priority', '=', '3')]"},  # evaluated in Python
             {'priority': '3'}, {'priority': '1'}),
            ({'domain': "[('partner_id.name', 'ilike', 'cliente test')]"},  # searched in SQL
             {'partner_id': self.customer.id}, {'partner_id': self.contact.id}),
        ]
        for values, matching, other in cases:
            rule = self._rule(**values)
            yes, no = self._new(**matching), self._new(**other)
            self.assertEqual(yes.assignee_id, self.bruno, values)
            self.assertFalse(no.assignee_id, values)
            rule.active = False

    def test_python_domains_agree_with_the_database(self):
        tag = self.env['res.partner.category'].create({'name': 'VIP'})
        records = self.Record.with_context(crm_infinity_no_routing=True)
        records = records.browse([records.create(vals).id for vals in [
            {'name': 'a', 'amount': 0, 'priority': '3', 'assignee_id': self.anna.id},
            {'name': 'b', 'amount': 2500.5, 'zip': '', 'tag_ids': [(6, 0, tag.ids)]},
            {'name': 'Impianto Rossi', 'state': 'done', 'zip': '20121'},
        ]])
        self.env.cr.execute('UPDATE crm_infinity_test_record SET amount = NULL, priority = NULL '
                            'WHERE id = %s', (records[2].id,))
        records.invalidate_cache()
        domains = [
            [('amount', '=', 0)], [('amount', '>', 1000)], [('amount', '!=', 0)],
            [('priority', '=', False)], [('priority', '!=', '3')], [('priority', 'in', ['3', False])],
            [('priority', 'not in', ['3'])], [('assignee_id', '=', False)],
            [('assignee_id', '!=', self.anna.id)], [('assignee_id', 'in', [self.anna.id])],
            [('zip', '=', False)], [('zip', '=', '')], [('zip', 'ilike', '201')],
            [('zip', 'not ilike', '201')], [('name', 'like', 'Rossi')], [('name', 'ilike', '')],
            [('tag_ids', 'in', tag.ids)], [('tag_ids', 'not in', tag.ids)],
            ['|', ('state', '=', 'done'), '!', ('amount', '<', 100)],
            [('id', 'in', records[:2].ids)],
        ]
        from ..engines.routing import compile_domain
        from ..models.crm_infinity_routing_rule import _column_values, _field_types
        types = _field_types(self.Record)
        for domain in domains:
            predicate, needed = compile_domain(domain, types)
            values = _column_values(records, needed)
            in_python = {rid for rid in records.ids if predicate(values[rid])}
            in_sql = set(self.Record.search([('id', 'in', records.ids)] + domain).ids)
            self.assertEqual(in_python, in_sql, domain)

    def test_bad_conditions_are_refused_with_a_clear_message(self):
        with self.assertRaisesRegex(ValidationError, 'The condition of the rule "Regola" is not valid'):
            self._rule(domain="[('no_such_field', '=', 1)]")
        with self.assertRaisesRegex(ValidationError, 'The condition of the rule "Regola" is not valid'):
            self._rule(domain="[('name', '=', ")
        with self.assertRaisesRegex(ValidationError, '"2010-20199" is neither a code'):
            self._rule(zip_ranges='20100-20199, 2010-20199')
        with self.assertRaisesRegex(ValidationError, 'above its maximum'):
            self._rule(value_min=10, value_max=5)
        with self.assertRaisesRegex(ValidationError, 'Choose the users of the pool'):
            self._rule(assign='pool')

    def test_bad_domain_is_refused_in_italian(self):
        with self.assertRaisesRegex(ValidationError, 'La condizione della regola "Regola" non è valida'):
            self.Rule.with_context(lang='it_IT').create({
                'name': 'Regola', 'model_name': MODEL, 'domain': "[('no_such_field', '=', 1)]"})


class TestRoutingActions(RoutingCase):
    """SPEC S3/T5: what a rule does to the records it takes, logged in the routing log and in
    the primanota."""

    def test_assignment_is_logged_with_its_explanation_and_in_the_primanota(self):
        rule = self._rule(name='Nord', zip_ranges='20100-20199')
        record = self.Record.sudo(self.anna).create({'name': 'Richiesta', 'zip': '20121'})
        self.assertEqual(record.assignee_id, self.bruno)
        log = self.Log.search([('res_model', '=', MODEL), ('res_id', '=', record.id)])
        self.assertEqual((log.rule_id, log.user_id, log.author_id, log.trigger, log.state),
                         (rule, self.bruno, self.anna, 'create', 'done'))
        self.assertEqual(log.explanation_text, '✓ ZIP 20121 is in the range 20100-20199')
        self.assertEqual(record.routing_log_count, 1)
        line = record.sudo().primanota_ids.filtered(lambda l: l.event_code == 'routing')
        self.assertEqual((line.user_id, line.note), (self.anna, 'Nord'))
        self.assertIn('Assignee: — → Bruno', line.changes_display.replace('T Bruno', 'Bruno'))

    def test_set_fields_activity_followers_and_causale(self):
        call = self.env.ref('mail.mail_activity_data_call')
        causale = self._causale('Presa in carico', [
            {'effect_type': 'set_field', 'field_id': self._field(MODEL, 'amount').id, 'value': '42'}])
        self._rule(value_ids=[(0, 0, {'field_id': self._field(MODEL, 'state').id, 'value': 'open'}),
                              (0, 0, {'field_id': self._field(MODEL, 'priority').id, 'value': '3'})],
                   schedule='activity', activity_type_id=call.id, summary='Chiamare il cliente',
                   days=2, follower_partner_ids=[(6, 0, self.carla.partner_id.ids)],
                   causale_id=causale.id)
        record = self._new()
        self.assertEqual((record.state, record.priority, record.amount), ('open', '3', 42.0))
        self.assertEqual(record.activity_ids.mapped('summary'), ['Chiamare il cliente'])
        self.assertEqual(record.activity_ids.user_id, self.bruno)
        self.assertIn(self.carla.partner_id, record.message_partner_ids)
        codes = record.sudo().primanota_ids.mapped('event_code')
        self.assertIn('routing', codes)
        self.assertIn('causale', codes)

    def test_appointment(self):
        self._rule(schedule='event', summary='Sopralluogo', days=1, duration=2)
        record = self._new(partner_id=self.customer.id)
        event = self.env['calendar.event'].search([('res_model', '=', MODEL), ('res_id', '=', record.id)])
        self.assertEqual(event.name, 'Sopralluogo - Richiesta')
        self.assertEqual(event.user_id, self.bruno)
        self.assertEqual(event.partner_ids, self.bruno.partner_id | self.customer)

    def test_round_robin_is_fair_skips_archived_members_and_keeps_its_turn(self):
        archived = self._create_user('t_archived', 'group_crm_salesperson')
        archived.active = False
        pool = self.anna | self.bruno | self.carla | archived
        rule = self._rule(assign='pool', pool_user_ids=[(6, 0, pool.ids)], strategy='round_robin')
        records = [self._new(name='Richiesta %d' % i) for i in range(100)]
        counts = Counter(r.assignee_id for r in records)
        self.assertEqual(set(counts), {self.anna, self.bruno, self.carla})
        self.assertLessEqual(max(counts.values()) - min(counts.values()), 1)
        self.assertEqual(rule.last_user_id, records[-1].assignee_id)
        # the turn goes on from where it stopped, also when records come in a batch
        batch = self.Record.with_context(crm_infinity_no_routing=True)
        batch = batch.browse([batch.create({'name': 'b%d' % i}).id for i in range(3)])
        batch.action_apply_routing()
        order = sorted((self.anna | self.bruno | self.carla).ids)
        start = order.index(records[-1].assignee_id.id) + 1
        self.assertEqual(batch.mapped('assignee_id').ids,
                         [order[(start + i) % 3] for i in range(3)])

    def test_least_loaded_counts_open_records(self):
        for _i in range(3):
            self._record(self.anna, assignee_id=self.anna.id)
        self._record(self.bruno, assignee_id=self.bruno.id)
        self._record(self.carla, assignee_id=self.carla.id, state='done')  # closed: not a load
        self._rule(assign='pool', strategy='least_loaded',
                   pool_user_ids=[(6, 0, (self.anna | self.bruno | self.carla).ids)])
        # loads 3/1/0: carla, then the tie bruno-carla goes to the older user
        assigned = [self._new().assignee_id for _i in range(4)]
        first, second = sorted([self.bruno, self.carla], key=lambda u: u.id)
        self.assertEqual(assigned[0], self.carla)
        self.assertEqual(assigned[1:], [first, second, first])

    def test_first_matching_rule_stops_unless_it_continues(self):
        first = self._rule(name='Tutto il nord', sequence=1, zip_ranges='2*', user_id=self.anna.id)
        second = self._rule(name='Milano', sequence=2, zip_ranges='20100-20199',
                            value_ids=[(0, 0, {'field_id': self._field(MODEL, 'state').id,
                                               'value': 'open'})], assign='none')
        record = self._new(zip='20121')
        self.assertEqual((record.assignee_id, record.state), (self.anna, 'draft'))
        first.then = 'continue'
        record = self._new(zip='20121')
        self.assertEqual((record.assignee_id, record.state), (self.anna, 'open'))
        logs = self.Log.search([('res_model', '=', MODEL), ('res_id', '=', record.id)])
        self.assertEqual(logs.mapped('rule_id'), first | second)

    def test_no_routing_when_assigned_by_hand_or_asked_not_to(self):
        self._rule()
        self.assertEqual(self._new(assignee_id=self.carla.id).assignee_id, self.carla)
        quiet = self.Record.with_context(crm_infinity_no_routing=True).create({'name': 'x'})
        self.assertFalse(quiet.assignee_id)
        quiet.action_apply_routing()
        self.assertEqual(quiet.assignee_id, self.bruno)

    def test_a_failing_rule_does_not_block_the_creation_but_is_logged(self):
        causale = self._causale('Solo su altri modelli', [], models=('res.partner',))
        self._rule(causale_id=causale.id)
        record = self._new()
        self.assertFalse(record.assignee_id)  # all the rule's actions or none
        log = self.Log.search([('res_model', '=', MODEL), ('res_id', '=', record.id)])
        self.assertEqual(log.state, 'error')
        self.assertIn('cannot be applied', log.error)
        with self.assertRaisesRegex(UserError, 'The routing rule "Regola" was not applied'):
            record.action_apply_routing()


class TestRoutingExplain(RoutingCase):
    """SPEC S3/T5: the explain view shows, for every active rule, whether it matches and why."""

    def test_explain_every_rule(self):
        nord = self._rule(name='Nord', sequence=1, zip_ranges='20100-20199')
        big = self._rule(name='Grandi', sequence=2, value_min=10000,
                         country_ids=[(6, 0, self.france.ids)])
        rest = self._rule(name='Tutto il resto', sequence=3, assign='none')
        self._rule(name='Archiviata', sequence=4, active=False)
        record = self._new(zip='37121', amount=50000, country_id=self.italy.id)
        action = record.action_explain_routing()
        wizard = self.env['crm.infinity.routing.explain'].browse(action['res_id'])
        lines = wizard.line_ids.sorted('sequence')
        self.assertEqual([(l.rule_id, l.matched, l.fired) for l in lines],
                         [(nord, False, False), (big, False, False), (rest, True, True)])
        self.assertEqual(lines[0].explanation, '✗ ZIP 37121 is not in the range 20100-20199')
        self.assertEqual(lines[1].explanation.splitlines(), [
            '✗ Countries: Italy is not among France', '✓ Value 50000 is within 10000 -'])
        self.assertEqual(lines[2].explanation, '✓ The rule has no condition: it matches every record')
        self.assertIn('Tutto il resto', wizard.summary)

    def test_explain_in_italian(self):
        self._rule(name='Nord', zip_ranges='20100-20199')
        record = self._new(zip='37121')
        wizard = self.env['crm.infinity.routing.explain'].with_context(lang='it_IT').create(
            {'record_ref': '%s,%d' % (MODEL, record.id)})
        wizard.action_explain()
        self.assertEqual(wizard.line_ids.explanation, "✗ CAP 37121 non è nell'intervallo 20100-20199")


class TestRoutingAccess(RoutingCase):

    def test_admins_and_support_managers_configure_users_read(self):
        manager = self._create_user('t_support_mgr', 'group_crm_support_manager')
        rule = self.Rule.sudo(manager).create({'name': 'Supporto', 'model_name': MODEL})
        self.assertEqual(self.Rule.sudo(self.anna).browse(rule.id).name, 'Supporto')
        with self.assertRaises(AccessError):
            self.Rule.sudo(self.anna).browse(rule.id).write({'name': 'Mia'})
        with self.assertRaises(AccessError):
            self.Rule.sudo(self.anna).create({'name': 'Mia', 'model_name': MODEL})

    def test_users_see_the_log_of_what_they_routed_or_received(self):
        self._rule()
        record = self.Record.sudo(self.anna).create({'name': 'Richiesta'})
        log = self.Log.search([('res_id', '=', record.id), ('res_model', '=', MODEL)])
        self.assertTrue(self.Log.sudo(self.bruno).search([('id', '=', log.id)]))
        self.assertTrue(self.Log.sudo(self.anna).search([('id', '=', log.id)]))
        self.assertFalse(self.Log.sudo(self.carla).search([('id', '=', log.id)]))
        with self.assertRaises(UserError):
            log.write({'user_id': self.carla.id})

    def test_nobody_creates_routing_log_lines(self):
        """A log line created by hand would claim that a rule routed any record to anybody."""
        for user in (self.anna, self.env.user):
            with self.assertRaises(AccessError):
                self.Log.sudo(user).create({
                    'res_model': MODEL, 'res_id': 1, 'user_id': self.anna.id,
                    'date': '2020-01-01 00:00:00', 'explanation': '[]'})
