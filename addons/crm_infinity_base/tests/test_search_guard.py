from odoo.exceptions import AccessError

from .common import CrmInfinityCase


class TestPasswordSearchGuard(CrmInfinityCase):
    """Nobody but the superuser searches the users by their password hash, whatever the path:
    Odoo 11 checked only a term naming ``password_crypt`` directly on res.users, and the
    auto-joined ``res.partner.user_ids`` / ``res.users.partner_id`` let any user ask yes/no
    questions about any user's hash (e.g. ``=like '$pbkdf2-sha512$25000$a%'``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls._create_user('t_guard_sales', 'group_crm_salesperson',
                                           password='guard-password-1')
        cls.portal = cls._create_user('t_guard_portal', 'base.group_portal')

    def test_no_password_oracle_through_a_path(self):
        for user in (self.salesperson, self.portal):
            for model, path in (('res.partner', 'user_ids.password_crypt'),
                                ('res.partner', 'user_ids.password'),
                                ('res.users', 'partner_id.user_ids.password_crypt'),
                                ('mail.message', 'author_id.user_ids.password_crypt')):
                with self.assertRaises(AccessError, msg=(user.login, model, path)):
                    self.env[model].sudo(user).search_count([(path, '=like', '$pbkdf2%')])

    def test_ordinary_searches_through_the_same_paths_still_work(self):
        Partner = self.env['res.partner'].sudo(self.salesperson)
        self.assertEqual(Partner.search([('user_ids.login', '=', 't_guard_sales')]),
                         self.salesperson.partner_id)
        self.assertTrue(self.env['res.users'].sudo(self.salesperson).search_count(
            [('partner_id.user_ids.login', '=', 't_guard_sales')]))
