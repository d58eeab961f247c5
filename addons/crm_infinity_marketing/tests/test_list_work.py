import base64

from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from .campaign_common import MarketingCase


class TestWorkOnList(MarketingCase):
    """Work on a list (SPEC M4) as a marketing operator, on companies owned by salespeople:
    deals through the routing rules, causali, activities, documents; dry run; all or nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env['crm.infinity.routing.rule']
        Rule.search([('model_name', '=', 'crm.lead')]).write({'active': False})
        cls.campaign = cls.Campaign.sudo(cls.silvia).create({'name': 'Campagna lavoro test'})
        cls.product = cls.env['product.product'].create({
            'name': 'Pompa di calore test', 'type': 'service', 'list_price': 5000.0})
        cls.campaign.crm_product_ids = cls.product
        # Milano's deals to bruno, the rest to anna, through the rules
        cls.env.ref('base.it')
        Rule.create({'name': 'Campagna Milano test', 'model_name': 'crm.lead',
                     'assign': 'user', 'user_id': cls.bruno.id, 'sequence': 1,
                     'keywords': 'Milano'})
        Rule.create({'name': 'Campagna resto test', 'model_name': 'crm.lead', 'assign': 'user',
                     'user_id': cls.anna.id, 'sequence': 2,
                     'campaign_ids': [(6, 0, cls.campaign.ids)]})
        cls.mlist = cls.List.sudo(cls.silvia).create({
            'name': 'Lavoro test', 'crm_campaign_id': cls.campaign.id})
        cls.env['crm.infinity.list.member']._crm_bulk_add(
            cls.mlist, [{'res_model': 'res.partner', 'res_id': p.id} for p in cls.companies])

    def _wizard(self, user=None, **values):
        Wizard = self.env['crm.infinity.list.work'].sudo(user or self.silvia).with_context(
            active_model='mail.mass_mailing.list', active_id=self.mlist.id)
        vals = Wizard.default_get(list(Wizard._fields))
        vals.update(values)
        return Wizard.create(vals)

    def test_bulk_deals_through_the_routing_rules(self):
        wizard = self._wizard(deal_name=False)
        self.assertEqual(wizard.campaign_id, self.campaign)
        self.assertEqual(wizard.product_ids, self.product)
        wizard.action_dry_run()
        self.assertEqual(wizard.record_count, 4)
        self.assertFalse(self.env['crm.lead'].search([('campaign_id', '=', self.campaign.id)]))
        wizard.action_run()
        deals = self.env['crm.lead'].search([('campaign_id', '=', self.campaign.id)])
        self.assertEqual(len(deals), 4)
        self.assertEqual(deals.mapped('partner_id'), self.companies)
        self.assertEqual(set(deals.mapped('deal_line_ids.product_id').ids), {self.product.id})
        # routed by the rules: the name holds "Lista Test n S.r.l."; Milano by keyword -> none,
        # so all by the campaign rule to anna
        self.assertEqual(set(deals.mapped('user_id').ids), {self.anna.id})
        log = self.env['crm.infinity.primanota'].sudo().search(
            [('res_model', '=', 'crm.lead'), ('res_id', 'in', deals.ids),
             ('user_id', '=', self.silvia.id)])
        self.assertEqual(len(log), 4)
        # again: who has an open deal of the campaign is skipped
        wizard = self._wizard()
        wizard.action_dry_run()
        self.assertEqual(wizard.record_count, 0)
        self.assertIn('4', wizard.dry_run_text)

    def test_deals_by_keyword_rule(self):
        wizard = self._wizard(deal_name='Milano promo')
        wizard.action_run()
        deals = self.env['crm.lead'].search([('campaign_id', '=', self.campaign.id)])
        self.assertEqual(set(deals.mapped('user_id').ids), {self.bruno.id})

    def test_activities_and_documents(self):
        """On nominativi, which the operator manages; not on contacts he may not change."""
        Nominativo = self.env['crm.infinity.nominativo']
        people = Nominativo.browse([Nominativo.create({
            'name': 'Nominativo lavoro %d' % i, 'email': 'n%d@lavoro.example.com' % i}).id
            for i in range(3)])
        mlist = self.List.sudo(self.silvia).create({'name': 'Nominativi test'})
        self.env['crm.infinity.list.member']._crm_bulk_add(
            mlist, [{'res_model': people._name, 'res_id': p.id} for p in people])
        todo = self.env.ref('mail.mail_activity_data_todo')
        Wizard = self.env['crm.infinity.list.work'].sudo(self.silvia)
        Wizard.create({'list_id': mlist.id, 'operation': 'activity', 'summary': 'Richiamare',
                       'activity_type_id': todo.id, 'user_id': self.anna.id,
                       'date_deadline': '2026-12-20'}).action_run()
        activities = self.env['mail.activity'].search([('res_model', '=', people._name),
                                                       ('res_id', 'in', people.ids),
                                                       ('summary', '=', 'Richiamare')])
        self.assertEqual(len(activities), 3)
        self.assertEqual(activities.mapped('user_id'), self.anna)
        Wizard.create({'list_id': mlist.id, 'operation': 'document',
                       'attachment': base64.b64encode(b'%PDF-1.4 test'),
                       'attachment_name': 'listino.pdf'}).action_run()
        attachments = self.env['ir.attachment'].search([('res_model', '=', people._name),
                                                        ('res_id', 'in', people.ids),
                                                        ('name', '=', 'listino.pdf')])
        self.assertEqual(len(attachments), 3)
        # the companies of the salespeople: the operator may not change them
        with self.assertRaises(UserError):
            self._wizard(operation='activity', activity_type_id=todo.id,
                         user_id=self.anna.id).action_dry_run()

    def test_all_or_nothing(self):
        """The third deal fails: none of the four is created."""
        wizard = self._wizard(deal_name='Tutto o niente')
        Wizard = type(wizard)
        original = Wizard._crm_deal_values
        calls = []

        def failing(self_, record):
            calls.append(record.id)
            if len(calls) == 3:
                raise UserError('guasto simulato')
            return original(self_, record)
        Wizard._crm_deal_values = failing
        try:
            with self.assertRaises(UserError):
                wizard.action_run()
        finally:
            Wizard._crm_deal_values = original
        self.assertEqual(len(calls), 3)
        self.assertFalse(self.env['crm.lead'].search([('name', '=', 'Tutto o niente')]))

    @mute_logger('odoo.models')
    def test_other_operator_cannot_work_on_my_list(self):
        with self.assertRaises(AccessError):
            self._wizard(user=self.marta).action_run()

    @mute_logger('odoo.models')
    def test_salesperson_cannot_work_on_a_marketing_list(self):
        """Salespeople have no access to the mailing lists: not through the wizard either."""
        wizard = self.env['crm.infinity.list.work'].sudo(self.anna).create(
            {'list_id': self.mlist.id, 'operation': 'deal', 'deal_name': 'Lista altrui'})
        with self.assertRaises(AccessError):
            wizard.action_run()
        self.assertFalse(self.env['crm.lead'].search([('name', '=', 'Lista altrui')]))

    def test_missing_inputs_are_said(self):
        with self.assertRaises(UserError):
            self._wizard(operation='causale').action_dry_run()


class TestWorkOnListAsSalesperson(MarketingCase):
    """A salesperson works a selection of his nominativi (over RPC: the wizard is a transient
    model every user may call): the deals are created as him, so the create rule of deals
    applies, to the deal routed too: he may not hand deals to salespeople outside his part of
    the sales force (the hostile review's finding: they were created with sudo())."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env['crm.infinity.routing.rule']
        Rule.search([('model_name', '=', 'crm.lead')]).write({'active': False})
        cls.campaign = cls.Campaign.create({'name': 'Campagna venditore test'})
        # "Milano" in the deal's name to bruno (group Altro), the campaign's others to anna
        Rule.create({'name': 'Milano a bruno test', 'model_name': 'crm.lead', 'assign': 'user',
                     'user_id': cls.bruno.id, 'sequence': 1, 'keywords': 'Milano'})
        Rule.create({'name': 'Campagna ad anna test', 'model_name': 'crm.lead',
                     'assign': 'user', 'user_id': cls.anna.id, 'sequence': 2,
                     'campaign_ids': [(6, 0, cls.campaign.ids)]})
        Nominativo = cls.env['crm.infinity.nominativo'].with_context(tracking_disable=True)
        cls.mine = Nominativo.browse([Nominativo.create({
            'name': 'Prospect di anna %d' % i, 'user_id': cls.anna.id,
            'email': 'anna%d@prospect.example.com' % i}).id for i in range(2)])

    def _wizard(self, user, **values):
        Wizard = self.env['crm.infinity.list.work'].sudo(user).with_context(
            active_model='crm.infinity.nominativo', active_ids=self.mine.ids)
        vals = Wizard.default_get(list(Wizard._fields))
        vals.update(campaign_id=self.campaign.id, **values)
        return Wizard.create(vals)

    def _deals(self):
        return self.env['crm.lead'].search([('crm_nominativo_id', 'in', self.mine.ids)])

    def test_salesperson_creates_his_deals_as_himself(self):
        self._wizard(self.anna, deal_name='Riattivazione').action_run()
        deals = self._deals()
        self.assertEqual(len(deals), 2)
        self.assertEqual(deals.mapped('user_id'), self.anna)
        # created by him, not by the system: the create rule of deals applied
        self.assertEqual(deals.mapped('create_uid'), self.anna)
        self.assertEqual(len(deals.sudo(self.anna).search([('id', 'in', deals.ids)])), 2)

    def test_manager_routes_to_his_subordinates(self):
        self._wizard(self.area_manager, deal_name='Riattivazione').action_run()
        deals = self._deals()
        self.assertEqual((deals.mapped('user_id'), deals.mapped('create_uid')),
                         (self.anna, self.area_manager))

    @mute_logger('odoo.models')
    def test_salesperson_cannot_route_deals_to_others(self):
        """The rules would give the deals to bruno, outside anna's part of the sales force:
        refused in Italian, nothing created."""
        wizard = self._wizard(self.anna, deal_name='Promo Milano').with_context(lang='it_IT')
        with self.assertRaisesRegex(UserError, 'Non è stato fatto nulla: Le regole di smistamento '
                                    'assegnano 2 trattative a commerciali cui non puoi'):
            wizard.action_run()
        self.assertFalse(self._deals())
