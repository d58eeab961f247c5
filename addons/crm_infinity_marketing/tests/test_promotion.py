from odoo.exceptions import AccessError

from .common import MarketingCase

PROMOTE = 'crm.infinity.nominativo.promote'


class TestPromotion(MarketingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env['res.partner']
        cls.company = Partner.create({'name': 'Carpenteria Emiliana Promo S.r.l.',
                                      'is_company': True, 'vat': 'IT04455660371',
                                      'user_id': cls.anna.id, 'phone': '051 4455660'})
        cls.person = Partner.create({'name': 'Elena Guidetti Promo', 'parent_id': cls.company.id,
                                     'email': 'elena.guidetti@promo.example'})
        cls.other_company = Partner.create({'name': 'Carpenteria Emiliana Promo Due',
                                            'is_company': True, 'user_id': cls.bruno.id})
        cls.product = cls.env['product.product'].create({'name': 'Gestionale Promo'})
        cls.source = cls.env['utm.source'].create({'name': 'Fiera Promo'})

    def _wizard(self, nominativo, user):
        return self.env[PROMOTE].sudo(user).with_context(
            default_nominativo_id=nominativo.id).create({})

    def test_candidates_are_found_and_linked(self):
        nominativo = self._nominativo(
            self.anna, name='elena GUIDETTI promo', company_name='Carpenteria Emiliana Promo',
            email='Elena.Guidetti@promo.example', vat='04455660371', source_id=self.source.id,
            product_ids=[(6, 0, self.product.ids)])
        Consent = self.env['crm.infinity.consent']
        Consent.with_context(crm_consent_keep_date=True).create({
            'nominativo_id': nominativo.id, 'purpose': 'marketing', 'channel': 'email',
            'state': 'granted', 'origin': 'form', 'date': '2026-01-10 09:00:00',
            'proof': 'Modulo fiera', 'ip': '10.1.1.1'})
        Consent._crm_record_consent(nominativo, 'tracking', 'email', 'revoked', 'operator')
        wizard = self._wizard(nominativo, self.anna)
        by_partner = {c.partner_id: c for c in wizard.candidate_ids}
        self.assertIn(self.company, by_partner)
        self.assertIn('VAT number', by_partner[self.company].reasons)
        self.assertIn('e-mail', by_partner[self.person].reasons)
        self.assertIn('name', by_partner[self.person].reasons)
        # bruno's similar company is shown by name, and may not be linked by anna
        self.assertFalse(by_partner[self.other_company].readable)
        # best first: the person (her e-mail, name and the company's VAT), then the company
        self.assertEqual(wizard.candidate_ids[:2].mapped('partner_id'), self.person | self.company)
        # the strong candidates are proposed
        self.assertEqual((wizard.company_mode, wizard.company_id), ('link', self.company))
        self.assertEqual((wizard.contact_mode, wizard.contact_id), ('link', self.person))
        action = wizard.action_promote()
        lead = self.env['crm.lead'].browse(action['res_id'])
        self.assertEqual(lead.partner_id, self.person)
        self.assertEqual(lead.user_id, self.anna)
        self.assertEqual(lead.crm_nominativo_id, nominativo)
        self.assertEqual(lead.source_id, self.source)
        self.assertEqual(lead.deal_line_ids.product_id, self.product)
        self.assertEqual(nominativo.partner_id, self.person)
        self.assertEqual(nominativo.lead_ids, lead)
        consents = self.person.crm_consent_ids
        self.assertEqual(sorted(consents.mapped('purpose')), ['marketing', 'tracking'])
        self.assertEqual(set(consents.mapped('origin')), {'promotion'})
        marketing = consents.filtered(lambda c: c.purpose == 'marketing')
        self.assertEqual((marketing.date, marketing.ip), ('2026-01-10 09:00:00', '10.1.1.1'))
        self.assertIn('Modulo fiera', marketing.proof)
        self.assertEqual(Consent._crm_consent_map(self.person, 'marketing', 'email'),
                         {('res.partner', self.person.id): True})
        Primanota = self.env['crm.infinity.primanota']
        self.assertTrue(Primanota.search([('res_model', '=', 'crm.infinity.nominativo'),
                                          ('res_id', '=', nominativo.id),
                                          ('event_code', '=', 'nominativo_promoted')]))
        self.assertTrue(Primanota.search([('res_model', '=', 'crm.lead'), ('res_id', '=', lead.id),
                                          ('event_code', '=', 'promoted_from_nominativo')]))
        self.assertIn('promoted to the deal', lead.message_ids[0].body)
        self.assertIn('promoted to the deal', self.person.message_ids[0].body)

    def test_creates_company_and_contact(self):
        nominativo = self._nominativo(self.anna, name='Walter Bonfanti Nuovo',
                                      company_name='Bonfanti Serramenti Nuova',
                                      phone='0341 998877', city='Lecco')
        wizard = self._wizard(nominativo, self.anna)
        self.assertEqual((wizard.company_mode, wizard.contact_mode), ('create', 'create'))
        lead = self.env['crm.lead'].browse(wizard.action_promote()['res_id'])
        contact = lead.partner_id
        self.assertEqual(contact.name, 'Walter Bonfanti Nuovo')
        self.assertEqual(contact.parent_id.name, 'Bonfanti Serramenti Nuova')
        self.assertEqual(contact.parent_id.user_id, self.anna)
        self.assertEqual(contact.parent_id.city, 'Lecco')
        # anna sees and edits what she created
        contact.parent_id.sudo(self.anna).write({'website': 'https://bonfanti.example'})

    def test_salesperson_cannot_promote_others_nominativo(self):
        nominativo = self._nominativo(self.bruno, name='Nominativo di Bruno Promo',
                                      company_name='Azienda di Bruno Promo')
        with self.assertRaises(AccessError):
            self._wizard(nominativo, self.anna)  # she may not even open it
        wizard = self.env[PROMOTE].sudo(self.anna).create({
            'nominativo_id': nominativo.id, 'deal_name': 'Forzata via RPC',
            'company_mode': 'create', 'contact_mode': 'create'})
        with self.assertRaises(AccessError):
            wizard.action_promote()
        self.assertFalse(nominativo.partner_id)
        self.assertFalse(nominativo.lead_ids)

    def test_cannot_link_a_company_he_may_not_read(self):
        nominativo = self._nominativo(self.anna, name='Collegamento vietato',
                                      company_name='X')
        wizard = self._wizard(nominativo, self.anna)
        wizard.write({'company_mode': 'link', 'company_id': self.other_company.id,
                      'contact_mode': 'none'})
        with self.assertRaises(AccessError):
            wizard.action_promote()
        self.assertFalse(nominativo.lead_ids)
