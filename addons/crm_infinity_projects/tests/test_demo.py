from odoo.tests.common import SavepointCase


class TestDemoCommesse(SavepointCase):
    """The demo step builds the commesse of the story (it runs only at installation, so it is
    run here again inside the test's transaction): statuses and waiting states coherent, one
    late, the people of the profiles on them."""

    def test_build(self):
        Demo = self.env['crm.infinity.demo']
        if not self.env.ref('crm_infinity_base.user_paolo_ricci_demo', raise_if_not_found=False):
            self.skipTest('no demo data')
        existing = self.env['ir.model.data'].search([
            ('module', '=', 'crm_infinity_projects'), ('name', '=like', '%_demo'),
            ('model', 'in', ('project.project', 'project.task'))])
        existing.unlink()  # a demo database: build them again
        Demo._demo_build_commesse()
        ref = self.env.ref
        dvr = ref('crm_infinity_projects.commessa_dvr_brambilla_demo')
        self.assertEqual(dvr.crm_state, 'open')
        self.assertEqual(dvr.user_id, ref('crm_infinity_base.user_paolo_ricci_demo'))
        self.assertEqual(ref('crm_infinity_projects.activity_dvr_brambilla_stesura_demo').crm_state,
                         'waiting')
        self.assertEqual(ref('crm_infinity_projects.activity_dvr_brambilla_valutazione_demo')
                         .crm_state, 'in_progress')
        late = self.env['project.project'].search([
            ('crm_task_late', '=', True),
            ('id', 'in', [ref('crm_infinity_projects.commessa_%s_demo' % key).id for key in (
                'dvr_brambilla', 'formazione_emiliana', 'iso_valpadana', 'rspp_rossi')])])
        self.assertEqual(late, ref('crm_infinity_projects.commessa_iso_valpadana_demo'))
        andrea = ref('crm_infinity_base.user_andrea_greco_demo')
        tasks = self.env['project.task'].sudo(andrea).search([])
        self.assertTrue(tasks)
        self.assertFalse(tasks.filtered(lambda t: andrea not in t.crm_assignee_ids))
        company = ref('crm_infinity_projects.activity_ferrario_scadenze_demo')
        self.assertFalse(company.project_id)
        self.assertIn(company, tasks)
