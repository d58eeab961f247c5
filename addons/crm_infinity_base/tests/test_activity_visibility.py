from odoo.exceptions import AccessError

from .common import CoreEngineCase


class TestActivityVisibility(CoreEngineCase):
    """B2: a salesperson does not read the activities of the records he cannot see (their
    summary, note and the name of the record): Odoo 11 had no rule on mail.activity."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Record = cls.env['crm.infinity.test.record']
        cls.rec_anna = Record.create({'name': 'Trattativa riservata di Anna', 'user_id': cls.anna.id})
        cls.rec_dario = Record.create({'name': 'Trattativa di Dario', 'user_id': cls.dario.id})
        model = cls.env['ir.model']._get('crm.infinity.test.record')
        todo = cls.env.ref('mail.mail_activity_data_todo')

        def activity(record, user, summary):
            return cls.env['mail.activity'].create({
                'res_model_id': model.id, 'res_id': record.id, 'activity_type_id': todo.id,
                'summary': summary, 'note': 'nota %s' % summary, 'user_id': user.id})
        cls.act_anna = activity(cls.rec_anna, cls.anna, 'Sollecito segreto')
        cls.act_dario = activity(cls.rec_dario, cls.dario, 'Chiamata di Dario')
        cls.act_for_dario = activity(cls.rec_anna, cls.dario, 'Per Dario sul record di Anna')

    def test_salesperson_does_not_read_others_activities(self):
        Activity = self.env['mail.activity'].sudo(self.dario)
        found = Activity.search([('id', 'in', (self.act_anna | self.act_dario | self.act_for_dario).ids)])
        self.assertEqual(found, self.act_dario | self.act_for_dario)
        self.assertEqual(Activity.search_count([('summary', '=', 'Sollecito segreto')]), 0)
        with self.assertRaises(AccessError):
            Activity.browse(self.act_anna.id).read(['summary', 'note', 'res_name'])
        groups = Activity.read_group([('id', 'in', (self.act_anna | self.act_dario).ids)],
                                     ['res_name'], ['res_name'])
        self.assertEqual([g['res_name'] for g in groups], ['Trattativa di Dario'])
        self.assertEqual(Activity.browse(self.act_for_dario.id).read(['summary'])[0]['summary'],
                         'Per Dario sul record di Anna')

    def test_manager_reads_his_subordinates_activities(self):
        Activity = self.env['mail.activity'].sudo(self.north)
        self.assertIn(self.act_anna, Activity.search([]))
        self.assertEqual(Activity.browse(self.act_anna.id).read(['summary'])[0]['summary'],
                         'Sollecito segreto')
