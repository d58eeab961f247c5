import base64
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError

from .test_sicurweb import SicurwebCase

VAT = 'IT05612340025'
OTHER_VAT = 'IT01987650049'


class TestLeadConversion(SicurwebCase):
    """SPEC S4: a CRM administrator converts an acquired lead into a company with all its data,
    contacts, history, quotes and deals; all or nothing. S5: a deal won goes to its customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sector = cls.env['crm.infinity.sector'].create({'name': 'Settore conversione'})
        cls.tool = cls.env['crm.infinity.competitor.tool'].create({'name': 'Foglio conversione'})
        cls.person = cls.env['res.partner'].create({'name': 'Giovanni Prospetto',
                                                    'email': 'giovanni@prospetto.example.com'})
        cls.product = cls.env['product.product'].create({'name': 'Consulenza sicurezza',
                                                         'list_price': 1200.0})

    def _acquired_lead(self, **values):
        vals = {'name': 'Prospetto Conversione', 'partner_name': 'Prospetto Conversione S.r.l.',
                'vat': VAT, 'contact_name': 'Carla Prospetto', 'function': 'Titolare',
                'email_from': 'info@prospetto.example.com', 'phone': '+39 02 1234 5678',
                'street': 'Via Roma 1', 'zip': '20100', 'city': 'Milano',
                'country_id': self.env.ref('base.it').id, 'description': 'Cliente molto promettente',
                'sector_id': self.sector.id, 'competitor_tool_ids': [(6, 0, self.tool.ids)],
                'crm_lead_contact_ids': [(0, 0, {'name': 'Dario Sicurezza', 'function': 'RSPP',
                                                 'email': 'dario@prospetto.example.com'})]}
        vals.update(values)
        lead = self._lead(**vals)
        lead.sudo(self.anna).write({'crm_lead_status': 'acquired'})
        return lead

    def _history(self, lead):
        """Give the lead a message, an attachment, an activity, a communication, a quote and a
        deal of the same prospect."""
        as_anna = lead.sudo(self.anna)
        message = as_anna.message_post(body='Telefonata con il titolare', subtype='mail.mt_note')
        attachment = self.env['ir.attachment'].create({
            'name': 'visura.pdf', 'datas': base64.b64encode(b'%PDF-1.4 visura'),
            'res_model': 'crm.lead', 'res_id': lead.id})
        activity = self.env['mail.activity'].create({
            'res_model_id': self.env['ir.model']._get('crm.lead').id, 'res_id': lead.id,
            'user_id': self.anna.id, 'summary': 'Inviare il contratto'})
        communication = self.env['crm.infinity.communication'].create({
            'partner_id': self.person.id, 'kind': 'phone', 'subject': 'Primo contatto',
            'res_model': 'crm.lead', 'res_id': lead.id})
        quote = self.env['sale.order'].create({
            'partner_id': self.person.id, 'opportunity_id': lead.id,
            'order_line': [(0, 0, {'product_id': self.product.id, 'product_uom_qty': 2})]})
        deal = self.Lead.create({'name': 'Trattativa del prospetto', 'type': 'opportunity',
                                 'partner_name': 'Prospetto Conversione S.r.l.',
                                 'user_id': self.anna.id})
        return {'message': message, 'attachment': attachment, 'activity': activity,
                'communication': communication, 'quote': quote, 'deal': deal}

    def _wizard(self, lead, user=None, **values):
        Wizard = self.env['crm.infinity.lead.convert.wizard'].sudo(user or self.admin)
        vals = Wizard.with_context(default_lead_id=lead.id).default_get(list(Wizard._fields))
        vals.update(values)
        return Wizard.create(vals)

    def _primanota(self, record):
        return self.env['crm.infinity.primanota'].search(
            [('res_model', '=', record._name), ('res_id', '=', record.id)])

    def test_conversion_keeps_every_linked_record(self):
        lead = self._acquired_lead()
        linked = self._history(lead)
        messages = self.env['mail.message'].search([('model', '=', 'crm.lead'),
                                                    ('res_id', '=', lead.id)])
        primanota = self._primanota(lead)
        self.assertTrue(primanota)
        wizard = self._wizard(lead)
        self.assertEqual(wizard.action, 'create')
        self.assertIn(linked['deal'], wizard.deal_ids)
        self.assertEqual(wizard.user_id, self.anna)
        company = wizard.convert()

        # data
        self.assertTrue(company.is_company and company.customer)
        self.assertEqual((company.name, company.vat, company.phone, company.email, company.street,
                          company.zip, company.city, company.user_id, company.sector_id),
                         ('Prospetto Conversione S.r.l.', VAT, '+39 02 1234 5678',
                          'info@prospetto.example.com', 'Via Roma 1', '20100', 'Milano',
                          self.anna, self.sector))
        self.assertEqual(company.competitor_tool_ids, self.tool)
        self.assertIn('promettente', company.comment)
        # contacts
        self.assertEqual(sorted(company.child_ids.mapped('name')),
                         ['Carla Prospetto', 'Dario Sicurezza'])
        self.assertEqual(company.child_ids.filtered(lambda p: p.name == 'Dario Sicurezza').function,
                         'RSPP')
        self.assertEqual(lead.crm_lead_contact_ids.partner_id.parent_id, company)
        # the lead points to its company
        self.assertEqual(lead.crm_converted_partner_id, company)
        self.assertEqual(lead.partner_id.commercial_partner_id, company)
        self.assertIn(lead, company.crm_converted_lead_ids)
        # history: messages, attachments, activities, communications on the company
        self.assertTrue(messages)
        for message in messages:
            self.assertEqual((message.model, message.res_id), ('res.partner', company.id))
        self.assertEqual((linked['attachment'].res_model, linked['attachment'].res_id),
                         ('res.partner', company.id))
        self.assertEqual((linked['activity'].res_model, linked['activity'].res_id),
                         ('res.partner', company.id))
        self.assertEqual(linked['activity'].user_id, self.anna)
        self.assertEqual(linked['communication'].commercial_partner_id, company)
        # primanota: the lead's lines are kept untouched, the company logs the conversion
        self.assertEqual(self._primanota(lead) & primanota, primanota)
        self.assertIn('lead_converted', self._primanota(company).mapped('event_code'))
        company.invalidate_cache()
        self.assertTrue(primanota <= company.primanota_ids)
        action = company.action_view_primanota()
        self.assertTrue(primanota <= self.env['crm.infinity.primanota'].search(action['domain']))
        # quotes and deals
        self.assertEqual(linked['quote'].partner_id, company)
        self.assertEqual(linked['quote'].opportunity_id, lead)
        self.assertEqual(linked['deal'].partner_id, company)
        events = self.env['crm.infinity.event'].search([('code', '=', 'lead_converted'),
                                                        ('res_id', '=', lead.id)])
        self.assertEqual(len(events), 1)

    def test_merge_into_the_company_with_the_same_vat(self):
        existing = self.env['res.partner'].create({'name': 'Prospetto Già Cliente S.p.A.',
                                                   'is_company': True, 'vat': VAT,
                                                   'phone': '+39 02 0000 0000'})
        lead = self._acquired_lead()
        wizard = self._wizard(lead)
        self.assertEqual((wizard.action, wizard.partner_id), ('merge', existing))
        company = wizard.convert()
        self.assertEqual(company, existing)
        # its own data wins, what it lacked comes from the lead
        self.assertEqual((company.name, company.phone, company.city),
                         ('Prospetto Già Cliente S.p.A.', '+39 02 0000 0000', 'Milano'))
        self.assertEqual(self.env['res.partner'].search_count(
            [('vat', '=', VAT), ('is_company', '=', True)]), 1)
        self.assertEqual(lead.crm_converted_partner_id, existing)

    def test_vat_of_another_company_is_refused(self):
        other = self.env['res.partner'].create({'name': 'Altra Azienda S.r.l.',
                                                'is_company': True, 'vat': OTHER_VAT})
        lead = self._acquired_lead()
        wizard = self._wizard(lead, action='merge', partner_id=other.id)
        with self.assertRaises(UserError) as caught:
            wizard.convert()
        self.assertIn(OTHER_VAT, caught.exception.name)
        # creating a second company with an existing VAT is refused as well
        existing = self.env['res.partner'].create({'name': 'Stessa Partita IVA S.r.l.',
                                                   'is_company': True, 'vat': VAT})
        wizard = self._wizard(lead, action='create', partner_id=False)
        with self.assertRaises(UserError) as caught:
            wizard.convert()
        self.assertIn(existing.name, caught.exception.name)
        self.assertFalse(lead.crm_converted_partner_id)

    def test_only_acquired_leads_and_only_once(self):
        lead = self._lead(crm_lead_status='contacted')
        with self.assertRaises(UserError):
            self._wizard(lead).convert()
        lead = self._acquired_lead()
        self._wizard(lead).convert()
        with self.assertRaises(UserError):
            self._wizard(lead).convert()

    def test_errors_are_in_italian(self):
        lead = self._lead(crm_lead_status='contacted')
        wizard = self._wizard(lead).with_context(lang='it_IT')
        with self.assertRaises(UserError) as caught:
            wizard.convert()
        self.assertIn('non è acquisito', caught.exception.name)

    def test_salesperson_cannot_convert(self):
        lead = self._acquired_lead()
        with self.assertRaises(AccessError):
            lead.sudo(self.anna).action_open_convert_wizard()
        wizard = self._wizard(lead, user=self.anna)
        with self.assertRaises(AccessError):
            wizard.convert()
        self.assertFalse(lead.crm_converted_partner_id)
        self.assertFalse(self.env['res.partner'].search([('vat', '=', VAT)]))

    def test_failure_half_way_leaves_nothing(self):
        lead = self._acquired_lead()
        linked = self._history(lead)
        partners_before = self.env['res.partner'].search_count([])
        wizard = self._wizard(lead)
        with patch.object(type(wizard), '_move_history', side_effect=RuntimeError('disco pieno')):
            with self.assertRaises(UserError) as caught:
                wizard.convert()
        self.assertIn('disco pieno', caught.exception.name)
        self.assertEqual(self.env['res.partner'].search_count([]), partners_before)
        self.assertFalse(self.env['res.partner'].search([('vat', '=', VAT)]))
        self.assertFalse(lead.crm_converted_partner_id)
        self.assertFalse(lead.partner_id)
        self.assertFalse(lead.crm_lead_contact_ids.partner_id)
        self.assertEqual(linked['quote'].partner_id, self.person)
        self.assertFalse(linked['deal'].partner_id)
        self.assertEqual(linked['message'].model, 'crm.lead')
        # and the conversion works afterwards
        self.assertTrue(self._wizard(lead).convert())


class TestWonDealToCustomer(SicurwebCase):
    """S5: Odoo's *Mark won* only moves the deal to the won stage; here the deal also gets its
    customer, and its quotes go to it."""

    def test_won_deal_creates_and_attaches_the_customer(self):
        product = self.env['product.product'].create({'name': 'Corso antincendio'})
        person = self.env['res.partner'].create({'name': 'Referente Provvisorio'})
        deal = self.Lead.create({'name': 'Corso per Nuovo Cliente', 'type': 'opportunity',
                                 'partner_name': 'Nuovo Cliente S.r.l.', 'user_id': self.anna.id})
        quote = self.env['sale.order'].create({
            'partner_id': person.id, 'opportunity_id': deal.id,
            'order_line': [(0, 0, {'product_id': product.id})]})
        activity = self.env['mail.activity'].create({
            'res_model_id': self.env['ir.model']._get('crm.lead').id, 'res_id': deal.id,
            'user_id': self.anna.id, 'summary': 'Firmare il contratto'})
        deal.sudo(self.anna).action_set_won()
        self.assertEqual(deal.deal_status_type, 'won')
        customer = deal.partner_id.commercial_partner_id
        self.assertEqual(customer.name, 'Nuovo Cliente S.r.l.')
        self.assertTrue(customer.customer)
        self.assertEqual(customer.user_id, self.anna)
        self.assertEqual(quote.partner_id, customer)
        self.assertEqual((activity.res_model, activity.res_id, activity.user_id),
                         ('res.partner', customer.id, self.anna))

    def test_won_deal_of_a_customer_keeps_it(self):
        deal = self._deal(self.anna)
        deal.write({'deal_phase': 'opportunity', 'deal_status_id': self.st_won.id})
        self.assertEqual(deal.partner_id, self.customer)
        self.assertTrue(self.customer.customer)
