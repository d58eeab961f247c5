from odoo.exceptions import AccessError

from .quote_common import QuoteCase


class TestCompanyRules(QuoteCase):
    """B2 row Companies: a salesperson sees and edits the companies he is responsible for, his
    subordinates' and their contacts; what every user needs to work (colleagues' partners, his
    own, his company's) stays readable; CRM admins and support operators see all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.companies = cls.comp_anna | cls.contact_anna | cls.comp_bruno | cls.contact_bruno \
            | cls.comp_free

    def _visible(self, user):
        return self.env['res.partner'].sudo(user).search([('id', 'in', self.companies.ids)])

    def test_salesperson_sees_his_companies_and_their_contacts(self):
        self.assertEqual(self._visible(self.anna), self.comp_anna | self.contact_anna)
        self.assertEqual(self._visible(self.bruno), self.comp_bruno | self.contact_bruno)
        with self.assertRaises(AccessError):
            self.comp_bruno.sudo(self.anna).read(['name', 'email'])

    def test_salesperson_reads_no_receivable_or_payable(self):
        """Odoo sums them in SQL from journal items a salesperson may not read: his own
        company's customers included, the amounts are the invoicing users'."""
        for field in ('credit', 'debit'):
            with self.assertRaises(AccessError):
                self.comp_anna.sudo(self.anna).read([field])
            with self.assertRaises(AccessError):
                self.env['res.partner'].sudo(self.anna).search([(field, '>', 0)])
        accountant = self._create_user('t_b2_accountant', 'account.group_account_invoice')
        self.assertIn('credit', self.comp_free.sudo(accountant).read(['credit'])[0])

    def test_manager_sees_his_subordinates_companies(self):
        self.assertEqual(self._visible(self.area_manager), self.comp_anna | self.contact_anna)
        self.assertEqual(self._visible(self.other_manager),
                         self.comp_bruno | self.contact_bruno)

    def test_crm_admin_and_support_operator_see_all(self):
        operator = self._create_user('t_b2_operator', 'group_crm_support_operator')
        self.assertEqual(self._visible(self.admin), self.companies)
        self.assertEqual(self._visible(operator), self.companies)

    def test_salesperson_edits_only_his(self):
        self.contact_anna.sudo(self.anna).write({'phone': '02 1234567'})
        with self.assertRaises(AccessError):
            self.comp_bruno.sudo(self.anna).write({'phone': '02 7654321'})
        with self.assertRaises(AccessError):
            self.bruno.partner_id.sudo(self.anna).write({'phone': '02 7654321'})

    def test_what_a_salesperson_creates_is_his(self):
        Partner = self.env['res.partner'].sudo(self.anna)
        company = Partner.create({'name': 'Nuovo cliente di Anna', 'is_company': True})
        self.assertEqual(company.user_id, self.anna)
        contact = Partner.create({'name': 'Nuovo referente', 'parent_id': company.id})
        self.assertFalse(contact.user_id)
        self.assertEqual(Partner.search([('id', 'in', (company | contact).ids)]),
                         company | contact)
        with self.assertRaises(AccessError):
            Partner.create({'name': 'Cliente di Bruno', 'is_company': True,
                            'user_id': self.bruno.id})

    def test_colleagues_own_and_company_partners_stay_readable(self):
        Partner = self.env['res.partner'].sudo(self.anna)
        needed = (self.bruno.partner_id | self.admin.partner_id | self.anna.partner_id
                  | self.env.user.company_id.partner_id)
        self.assertEqual(Partner.search([('id', 'in', needed.ids)]), needed)
        self.anna.sudo(self.anna).write({'signature': 'Anna'})  # preferences
        self.assertEqual(self.env['res.users'].sudo(self.anna).browse(self.bruno.id).name,
                         self.bruno.name)

    def test_portal_contact_follows_its_company(self):
        portal = self._create_user('t_b2_portal', 'base.group_portal',
                                   partner_id=self.contact_anna.id)
        self.assertIn(self.contact_anna, self._visible(self.anna))
        self.assertNotIn(self.contact_anna, self._visible(self.bruno))
        # the portal user still reads his own partner and his company (Odoo's portal rule)
        self.assertEqual(portal.partner_id.sudo(portal).read(['name'])[0]['name'], portal.name)
        self.assertEqual(self.comp_anna.sudo(portal).name, 'Azienda di Anna S.r.l.')

    def test_salesperson_posts_on_his_deal_and_the_customer_follows(self):
        deal = self.deal_anna.sudo(self.anna)
        deal.message_subscribe(partner_ids=self.contact_anna.ids)
        message = deal.message_post(body='Inviata documentazione', message_type='comment',
                                    subtype='mail.mt_comment')
        self.assertIn(self.contact_anna, message.sudo().partner_ids | deal.message_partner_ids)
        self.assertTrue(deal.read(['message_follower_ids', 'partner_id']))

    def test_salesperson_quote_form_reads_its_partners(self):
        order = self._quote(self.anna, self.contact_anna)
        data = order.sudo(self.anna).read(['partner_id', 'partner_invoice_id',
                                           'partner_shipping_id', 'company_id', 'user_id'])
        self.assertEqual(data[0]['partner_id'][0], self.contact_anna.id)


class TestListAll(QuoteCase):
    """The optional permission "see the lists of all companies / leads, open only own": the
    directories list everything with list columns only; the records stay closed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lia = cls._create_user('t_b2_list_all', 'group_crm_salesperson', 'group_crm_list_all')
        cls.comp_lia = cls.env['res.partner'].create({'name': 'Azienda di Lia', 'is_company': True,
                                                      'user_id': cls.lia.id})
        cls.deal_lia = cls._deal(cls.lia, partner_id=cls.comp_lia.id)

    def test_lists_show_all_companies_and_leads(self):
        companies = self.env['crm.infinity.company.directory'].sudo(self.lia)
        rows = companies.search([('id', 'in', (self.comp_anna | self.comp_bruno | self.comp_lia).ids)])
        self.assertEqual(set(rows.ids), set((self.comp_anna | self.comp_bruno | self.comp_lia).ids))
        own = {row.id: row.is_own for row in rows}
        self.assertEqual(own, {self.comp_anna.id: False, self.comp_bruno.id: False,
                               self.comp_lia.id: True})
        leads = self.env['crm.infinity.lead.directory'].sudo(self.lia)
        self.assertEqual(set(leads.search([('id', 'in', (self.deal_anna | self.deal_lia).ids)]).ids),
                         set((self.deal_anna | self.deal_lia).ids))

    def test_opens_only_his_own(self):
        Companies = self.env['crm.infinity.company.directory'].sudo(self.lia)
        with self.assertRaisesRegex(AccessError, 'not yours'):
            Companies.browse(self.comp_anna.id).action_open()
        self.assertEqual(Companies.browse(self.comp_lia.id).action_open()['res_id'],
                         self.comp_lia.id)
        with self.assertRaises(AccessError):
            self.comp_anna.sudo(self.lia).read(['email'])
        with self.assertRaises(AccessError):
            self.deal_anna.sudo(self.lia).read(['planned_revenue'])
        with self.assertRaises(AccessError):
            self.env['crm.infinity.lead.directory'].sudo(self.lia).browse(
                self.deal_anna.id).action_open()

    def test_directory_holds_list_columns_only(self):
        fields = set(self.env['crm.infinity.company.directory'].fields_get())
        self.assertFalse({'email', 'phone', 'vat', 'street', 'comment'} & fields)
        lead_fields = set(self.env['crm.infinity.lead.directory'].fields_get())
        self.assertFalse({'planned_revenue', 'description', 'email_from', 'phone'} & lead_fields)

    def test_salesperson_without_the_permission_has_no_list(self):
        with self.assertRaises(AccessError):
            self.env['crm.infinity.company.directory'].sudo(self.anna).search([])
