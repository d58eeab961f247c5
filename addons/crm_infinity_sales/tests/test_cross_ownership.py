from .quote_common import QuoteCase


class TestDealOnAnotherSalespersonsCompany(QuoteCase):
    """Issue 13: a salesperson's deal on a company another salesperson is responsible for (as in
    a real office) must not break his deal lists, the deal form or "Create quotation"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.deal_cross = cls._deal(cls.anna, name='Archivio documentale (test)',
                                   partner_id=cls.contact_bruno.id)
        cls.deal_cross_company = cls._deal(cls.anna, name='Sportello al cittadino (test)',
                                           partner_id=cls.comp_bruno.id)

    def _view_fields(self, xmlid, view_type):
        view = self.env.ref(xmlid)
        Lead = self.env['crm.lead'].sudo(self.anna)
        return list(Lead.fields_view_get(view.id, view_type)['fields'])

    def test_deal_list_and_kanban_as_salesperson(self):
        Lead = self.env['crm.lead'].sudo(self.anna)
        for xmlid, view_type in (('crm_infinity_sales.crm_lead_deal_view_tree', 'tree'),
                                 ('crm_infinity_sales.crm_lead_deal_view_kanban', 'kanban')):
            rows = Lead.search_read([('user_id', '=', self.anna.id)],
                                    self._view_fields(xmlid, view_type))
            by_id = {row['id']: row for row in rows}
            self.assertEqual(by_id[self.deal_cross.id]['deal_company_name'],
                             'Azienda di Bruno S.p.A.')
            self.assertEqual(by_id[self.deal_cross.id].get('deal_person_name', 'Referente di Bruno'),
                             'Referente di Bruno')
            self.assertEqual(by_id[self.deal_cross_company.id]['deal_company_name'],
                             'Azienda di Bruno S.p.A.')
        Lead.read_group([('user_id', '=', self.anna.id)], ['planned_revenue', 'deal_phase'], ['deal_phase'])

    def test_deal_form_as_salesperson(self):
        view = self.env.ref('crm.crm_case_form_view_oppor')
        Lead = self.env['crm.lead'].sudo(self.anna)
        fields = list(Lead.fields_view_get(view.id, 'form')['fields'])
        for deal in (self.deal_cross, self.deal_cross_company):
            row = deal.sudo(self.anna).read(fields)[0]
            self.assertEqual(row['partner_id'][0], deal.partner_id.id)

    def test_create_quotation_on_own_deal(self):
        for deal in (self.deal_cross, self.deal_cross_company):
            action = deal.sudo(self.anna).action_create_quotation()
            order = self.env['sale.order'].browse(action['res_id'])
            self.assertEqual(order.partner_id, deal.partner_id)
            self.assertEqual(order.user_id, self.anna)
            self.assertEqual(order.opportunity_id, deal)
            # he opens and prints the quote of his deal
            order.sudo(self.anna).read(['partner_id', 'partner_invoice_id', 'amount_total'])

    def test_causale_create_quotation_on_own_deal(self):
        self.deal_cross.sudo(self.anna).apply_causale(self.causale_offer.id, {})
        order = self.env['sale.order'].search([('opportunity_id', '=', self.deal_cross.id)])
        self.assertEqual(order.partner_id, self.contact_bruno)


class TestAppointmentCausale(QuoteCase):
    """Issue 13: "Fissa appuntamento" puts the meeting in the agenda of the deal's salesperson
    (whoever applies it) and links it to the deal (its meeting counter); its date is marked
    required as soon as the causale is chosen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        model = cls.env['ir.model']._get('crm.lead')
        cls.causale_meeting = cls.env['crm.infinity.causale'].create({
            'name': 'Fissa appuntamento (test)', 'kind': 'collaborative', 'channel': 'visit',
            'date_required': True, 'model_ids': [(6, 0, model.ids)],
            'effect_ids': [(0, 0, {'effect_type': 'event', 'summary': 'Appuntamento',
                                   'duration': 1.5, 'user_source': 'applicant'})]})

    def test_meeting_in_the_salespersons_agenda_and_on_the_deal(self):
        deal = self.deal_anna
        deal.sudo(self.area_manager).apply_causale(
            self.causale_meeting.id, {'date': '2026-03-02 09:00:00'})
        event = self.env['calendar.event'].search([('res_model', '=', 'crm.lead'),
                                                   ('res_id', '=', deal.id)])
        self.assertEqual(len(event), 1)
        self.assertIn(self.anna.partner_id, event.partner_ids)
        self.assertIn(deal.partner_id, event.partner_ids)
        self.assertEqual(event.opportunity_id, deal)
        deal.invalidate_cache()
        self.assertEqual(deal.sudo(self.anna).meeting_count, 1)

    def test_date_marked_required_when_the_causale_is_chosen(self):
        Wizard = self.env['crm.infinity.causale.apply.wizard'].sudo(self.anna)
        view = Wizard.fields_view_get(view_type='form')
        spec = Wizard._onchange_spec(view)
        values = {name: False for name in view['fields']}
        values.update({'res_model': 'crm.lead', 'res_ids': str(self.deal_anna.id),
                       'causale_id': self.causale_meeting.id})
        result = Wizard.onchange(values, 'causale_id', spec)
        self.assertTrue(result['value'].get('date_required'))


class TestDealScreens(QuoteCase):
    """Issue 13: one status bar on the deal form, kanban columns in lifecycle order, no
    duplicate menus."""

    def test_kanban_columns_in_lifecycle_order(self):
        from ..models.crm_lead_sicurweb import LEAD_STATUSES
        from ..models.crm_infinity_deal_status import PHASE_SELECTION
        Lead = self.env['crm.lead'].sudo(self.anna)
        for field, selection in (('crm_lead_status', LEAD_STATUSES),
                                 ('deal_phase', PHASE_SELECTION)):
            groups = Lead.read_group([('user_id', '=', self.anna.id)], [field], [field])
            keys = [group[field] for group in groups if group[field]]
            self.assertEqual(keys, [key for key, _label in selection])

    def test_deal_form_has_one_status_bar(self):
        import json
        from lxml import etree
        view = self.env.ref('crm.crm_case_form_view_oppor')
        arch = self.env['crm.lead'].sudo(self.anna).fields_view_get(view.id, 'form')['arch']
        bars = [node for node in etree.fromstring(arch).iter('field')
                if node.get('widget') == 'statusbar'
                and not json.loads(node.get('modifiers') or '{}').get('invisible')]
        self.assertEqual([bar.get('name') for bar in bars], ['deal_phase'])

    def test_no_duplicate_menus(self):
        ref = lambda xmlid: self.env.ref(xmlid, raise_if_not_found=False)
        self.assertFalse(ref('crm_infinity_sales.sales_pipeline_menu'))
        self.assertFalse(ref('crm_infinity_sales.sales_config_routing_rule_menu'))
        # Odoo's sales channels are called so, not "teams" beside our sales force
        self.assertEqual(ref('crm_infinity_base.crm_infinity_team_menu').name, 'Sales channels')
