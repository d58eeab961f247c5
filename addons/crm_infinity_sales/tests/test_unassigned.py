from odoo.exceptions import AccessError

from .common import SalesCase


class TestUnassignedAndForeignCompanies(SalesCase):
    """B2 (issue 12 §6): the deals and quotes nobody is assigned to, by setting (SPEC default:
    a salesperson does not see them); no deal on a company the salesperson cannot see."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({'user_id': cls.anna.id})
        cls.unassigned = cls.Lead.with_context(crm_infinity_no_routing=True).create({
            'name': 'Trattativa di nessuno', 'type': 'opportunity', 'user_id': False})
        cls.own = cls._deal(cls.anna)
        cls.quote = cls.env['sale.order'].create({'partner_id': cls.customer.id,
                                                  'user_id': False})

    def _set(self, value):
        settings = self.env['res.config.settings'].create(
            {'crm_salesperson_sees_unassigned': value})
        settings.execute()

    def _seen(self, user):
        leads = self.env['crm.lead'].sudo(user).search(
            [('id', 'in', (self.unassigned | self.own).ids)])
        quotes = self.env['sale.order'].sudo(user).search([('id', '=', self.quote.id)])
        return leads, quotes

    def test_default_only_own(self):
        self.assertFalse(self.env['res.config.settings'].create({})
                         .crm_salesperson_sees_unassigned)
        leads, quotes = self._seen(self.anna)
        self.assertEqual(leads, self.own)
        self.assertFalse(quotes)
        with self.assertRaises(AccessError):
            self.unassigned.sudo(self.anna).read(['name'])
        # administrators see them all
        leads, quotes = self._seen(self.admin)
        self.assertEqual(leads, self.unassigned | self.own)
        self.assertEqual(quotes, self.quote)

    def test_setting_shows_unassigned(self):
        self._set(True)
        self.assertTrue(self.env['res.config.settings'].create({})
                        .crm_salesperson_sees_unassigned)
        leads, quotes = self._seen(self.anna)
        self.assertEqual(leads, self.unassigned | self.own)
        self.assertEqual(quotes, self.quote)
        self._set(False)
        leads, quotes = self._seen(self.anna)
        self.assertEqual(leads, self.own)
        self.assertFalse(quotes)

    def test_no_deal_on_a_company_he_cannot_see(self):
        foreign = self.env['res.partner'].create({'name': 'Azienda di Bruno S.p.A.',
                                                  'is_company': True, 'user_id': self.bruno.id})
        Lead = self.env['crm.lead'].sudo(self.anna)
        with self.assertRaises(AccessError):
            Lead.create({'name': 'Intrusione', 'partner_id': foreign.id})
        with self.assertRaises(AccessError):
            self.own.sudo(self.anna).write({'partner_id': foreign.id})
        self.assertEqual(self.own.partner_id, self.customer)
        # his own company: fine
        deal = Lead.create({'name': 'Nuova trattativa', 'partner_id': self.customer.id})
        self.assertEqual(deal.user_id, self.anna)
