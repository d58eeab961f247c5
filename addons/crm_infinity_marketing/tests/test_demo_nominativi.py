from odoo.tests.common import SavepointCase

M = 'crm_infinity_marketing.'


class TestDemoNominativi(SavepointCase):
    """The demo office's nominativi: built once, Italian, with consents and proofs, and some
    repeating companies of the demo office so that the promotion shows candidates."""

    def test_demo_nominativi(self):
        self.env['crm.infinity.demo']._demo_build_nominativi()
        self.assertFalse(self.env['crm.infinity.demo']._demo_build_nominativi())  # once
        ref = self.env.ref
        nominativi = self.env['crm.infinity.nominativo'].search(
            [('id', 'in', self.env['ir.model.data'].search(
                [('module', '=', 'crm_infinity_marketing'),
                 ('model', '=', 'crm.infinity.nominativo')]).mapped('res_id'))])
        self.assertGreaterEqual(len(nominativi), 40)
        self.assertTrue(all(n.consent_ids.mapped('proof') for n in nominativi
                            if n.consent_ids))
        revoked = ref(M + 'nominativo_federica_montanari_demo')
        self.assertEqual(self.env['crm.infinity.consent']._crm_consent_map(
            revoked, 'marketing', 'email'), {(revoked._name, revoked.id): False})
        brambilla = ref(M + 'nominativo_brambilla_dup_demo')
        wizard = self.env['crm.infinity.nominativo.promote'].with_context(
            default_nominativo_id=brambilla.id).create({})
        names = wizard.candidate_ids.mapped('name')
        self.assertIn('Officine Meccaniche Brambilla S.p.A.', names)
        self.assertEqual(wizard.company_mode, 'link')
