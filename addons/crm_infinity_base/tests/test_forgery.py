from odoo.exceptions import AccessError

from .common import CrmInfinityCase


class TestNoForgery(CrmInfinityCase):
    """Hostile review: what an RPC caller could pass that Odoo 11 takes as given."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.anna = cls._create_user('t_forge_anna', 'group_crm_salesperson')
        cls.customer = cls.env['res.partner'].create({'name': 'Cliente Forgiato Srl',
                                                      'is_company': True})
        cls.portal = cls._create_user('t_forge_portal', 'base.group_portal')

    def test_no_message_in_the_name_of_somebody_else(self):
        partner = self.env['res.partner'].sudo(self.anna).create({
            'name': 'Cliente di Anna Srl', 'is_company': True})
        with self.assertRaisesRegex(AccessError, 'somebody else'):
            partner.message_post(body='Confermo io', message_type='comment',
                                 author_id=self.customer.id)
        with self.assertRaisesRegex(AccessError, 'somebody else'):
            self.env['mail.message'].sudo(self.anna).create({
                'model': 'res.partner', 'res_id': partner.id,
                'body': 'Confermo io', 'author_id': self.customer.id})
        self.assertFalse(self.env['mail.message'].search([('author_id', '=', self.customer.id)]))
        # in one's own name, or without an author (the user's): as before
        message = partner.message_post(body='Nota mia', message_type='comment',
                                       author_id=self.anna.partner_id.id)
        self.assertEqual(message.author_id, self.anna.partner_id)
        self.assertEqual(partner.message_post(body='Altra nota').author_id, self.anna.partner_id)

    def test_the_engines_still_post_for_the_customer(self):
        message = self.customer.sudo().message_post(body='Scritto dal cliente',
                                                    author_id=self.customer.id)
        self.assertEqual(message.author_id, self.customer)

    def test_portal_user_cannot_look_up_callers(self):
        with self.assertRaisesRegex(AccessError, 'employees'):
            self.env['crm.infinity.caller.lookup'].sudo(self.portal).create({
                'number': '+390212345678', 'partner_ids': [(6, 0, self.customer.ids)]})
        lookup = self.env['crm.infinity.caller.lookup'].sudo(self.anna).create({
            'number': '+390212345678'})
        self.assertTrue(lookup)
