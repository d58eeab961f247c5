from odoo.exceptions import AccessError, UserError
from odoo.service import model as rpc_model
from odoo.tools import mute_logger

from .common import NOMINATIVO, MarketingCase


class TestNominativoAccess(MarketingCase):
    """B2 of nominativi, as each profile calls it over RPC (Odoo's dispatcher)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.n_anna = cls._nominativo(cls.anna, name='Nominativo Anna B2')
        cls.n_bruno = cls._nominativo(cls.bruno, name='Nominativo Bruno B2')
        cls.n_manager = cls._nominativo(cls.area_manager, name='Nominativo Area B2')
        cls.n_nobody = cls._nominativo(None, name='Nominativo libero B2')
        cls.mine = cls.n_anna | cls.n_bruno | cls.n_manager | cls.n_nobody
        Consent = cls.env['crm.infinity.consent']
        cls.c_anna = Consent._crm_record_consent(cls.n_anna, 'marketing', 'email', 'granted',
                                                 'operator')
        cls.c_bruno = Consent._crm_record_consent(cls.n_bruno, 'marketing', 'email', 'granted',
                                                  'operator')

    def _rpc(self, user, model, method, *args, **kwargs):
        return rpc_model.execute_cr(self.env.cr, user.id, model, method, *args, **kwargs)

    def _visible(self, user):
        return set(self._rpc(user, NOMINATIVO, 'search', [('id', 'in', self.mine.ids)]))

    def test_salesperson_sees_his_own_only(self):
        self.assertEqual(self._visible(self.anna), {self.n_anna.id})
        self.assertEqual(self._visible(self.bruno), {self.n_bruno.id})

    def test_manager_sees_his_subordinates(self):
        self.assertEqual(self._visible(self.area_manager), {self.n_anna.id, self.n_manager.id})
        self.assertEqual(self._visible(self.other_manager), {self.n_bruno.id})

    def test_marketing_and_admin_see_all(self):
        self.assertEqual(self._visible(self.mkt), set(self.mine.ids))
        self.assertEqual(self._visible(self.admin), set(self.mine.ids))

    @mute_logger('odoo.models', 'odoo.addons.base.ir.ir_model')
    def test_salesperson_cannot_read_or_change_others(self):
        with self.assertRaises(AccessError):
            self._rpc(self.anna, NOMINATIVO, 'read', [self.n_bruno.id], ['name'])
        with self.assertRaises(AccessError):
            self._rpc(self.anna, NOMINATIVO, 'write', [self.n_bruno.id], {'name': 'X'})
        with self.assertRaises(AccessError):
            self._rpc(self.anna, NOMINATIVO, 'write', [self.n_nobody.id], {'user_id': self.anna.id})
        with self.assertRaises(AccessError):
            self._rpc(self.anna, NOMINATIVO, 'unlink', [self.n_anna.id])
        self.assertTrue(self._rpc(self.anna, NOMINATIVO, 'write', [self.n_anna.id],
                                  {'city': 'Parma'}))
        self.assertEqual(self.n_anna.city, 'Parma')

    @mute_logger('odoo.models', 'odoo.addons.base.ir.ir_model')
    def test_marketing_operator_manages_all(self):
        self._rpc(self.mkt, NOMINATIVO, 'write', [self.n_bruno.id], {'user_id': self.anna.id})
        self.assertEqual(self._visible(self.anna), {self.n_anna.id, self.n_bruno.id})
        new_id = self._rpc(self.mkt, NOMINATIVO, 'create', {'name': 'Nuovo da marketing'})
        self._rpc(self.mkt, NOMINATIVO, 'unlink', [new_id])

    @mute_logger('odoo.models', 'odoo.addons.base.ir.ir_model')
    def test_consents_follow_the_nominativo(self):
        Consent = 'crm.infinity.consent'
        found = self._rpc(self.anna, Consent, 'search', [('id', 'in', (self.c_anna | self.c_bruno).ids)])
        self.assertEqual(found, self.c_anna.ids)
        with self.assertRaises(AccessError):
            self._rpc(self.anna, Consent, 'read', self.c_bruno.ids, ['state'])
        with self.assertRaises((AccessError, UserError)):
            self._rpc(self.mkt, Consent, 'write', self.c_bruno.ids, {'state': 'revoked'})
        with self.assertRaises(UserError):
            self._rpc(self.mkt, Consent, 'unlink', self.c_bruno.ids)
        # a salesperson records a consent on his own nominativo, not on another's
        self._rpc(self.anna, Consent, 'create', {'nominativo_id': self.n_anna.id,
                                                 'purpose': 'tracking', 'channel': 'email',
                                                 'state': 'granted', 'origin': 'operator'})
        with self.assertRaises(AccessError):
            self._rpc(self.anna, Consent, 'create', {'nominativo_id': self.n_bruno.id,
                                                     'purpose': 'tracking', 'channel': 'email',
                                                     'state': 'granted', 'origin': 'operator'})


class TestConsent(MarketingCase):

    def test_latest_line_wins_in_one_query(self):
        Consent = self.env['crm.infinity.consent']
        a = self._nominativo(name='Consenso A')
        b = self._nominativo(name='Consenso B')
        c = self._nominativo(name='Consenso C')
        Consent._crm_record_consent(a, 'marketing', 'email', 'granted', 'form', ip='10.0.0.1',
                                    user_agent='Mozilla/5.0', proof='Modulo web')
        Consent._crm_record_consent(b, 'marketing', 'email', 'granted', 'import')
        line = Consent._crm_record_consent(b, 'marketing', 'email', 'revoked', 'link')
        Consent._crm_record_consent(c, 'marketing', 'sms', 'granted', 'operator')
        self.assertEqual(line.nominativo_id, b)
        self.assertEqual(line.user_id, self.env.user)
        (a | b | c).mapped('name')  # the records' own reads are not the helper's
        before = self.env.cr.sql_log_count
        result = Consent._crm_consent_map(a | b | c, 'marketing', 'email')
        self.assertEqual(self.env.cr.sql_log_count - before, 1)
        self.assertEqual(result, {(NOMINATIVO, a.id): True, (NOMINATIVO, b.id): False,
                                  (NOMINATIVO, c.id): False})
        self.assertEqual(Consent._crm_consent_map(c, 'marketing', 'sms'), {(NOMINATIVO, c.id): True})
        # as a filter (dynamic lists, search view)
        Nominativo = self.env[NOMINATIVO]
        abc = [('id', 'in', (a | b | c).ids)]
        self.assertEqual(Nominativo.search(abc + [('crm_consent_marketing_email', '=', True)]), a)
        self.assertEqual(Nominativo.search(abc + [('crm_consent_marketing_email', '=', False)]),
                         b | c)
        self.assertEqual((a | b).mapped('crm_consent_marketing_email'), [True, False])

    def test_partner_consents(self):
        Consent = self.env['crm.infinity.consent']
        partner = self.env['res.partner'].create({'name': 'Contatto consenso'})
        Consent._crm_record_consent(partner, 'tracking', 'email', 'granted', 'promotion')
        self.assertEqual(Consent._crm_consent_map(partner, 'tracking', 'email'),
                         {('res.partner', partner.id): True})
        self.assertEqual(partner.crm_consent_ids.origin, 'promotion')
        with self.assertRaises(ValueError):
            Consent._crm_consent_map(self.env['res.users'].browse(self.env.uid), 'tracking', 'email')

    def test_normalised_keys(self):
        n = self._nominativo(name='Chiavi', email='  Mario.ROSSI@Example.it ',
                             phone='02/1234567', mobile='0039 347 1234567')
        self.assertEqual(n.email_normalized, 'mario.rossi@example.it')
        self.assertEqual(n.phone_normalized, '+39021234567')
        self.assertEqual(n.mobile_normalized, '+393471234567')
