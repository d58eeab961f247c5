import datetime

from .common import ProjectsCase


class TestDeadlines(ProjectsCase):
    """B8: the commesse's deadlines as the provider gives them, per user (record rules)."""

    def setUp(self):
        super().setUp()
        self.commessa.write({'crm_date_doc_delivery': '2026-03-20',
                             'crm_date_contract_expiry': '2026-12-31'})
        self.survey.write({'crm_planned_end': '2026-03-25 16:00:00'})

    def _deadlines(self, user, kinds=None):
        Provider = self.env['crm.infinity.deadline.provider'].sudo(user)
        rows = Provider._crm_deadlines('2026-03-01', '2026-03-31', kinds=kinds)
        return sorted((r['kind'], r['res_model'], r['res_id'], r['date'], tuple(r['user_ids']))
                      for r in rows if r['kind'] in ('commessa_end', 'doc_delivery',
                                                     'contract_expiry', 'activity_end'))

    def test_kinds(self):
        codes = dict(self.env['crm.infinity.deadline.provider']._crm_deadline_kinds())
        for code in ('commessa_end', 'doc_delivery', 'contract_expiry', 'activity_end'):
            self.assertIn(code, codes)

    def test_manager_and_assignee_deadlines(self):
        commessa = ('project.project', self.commessa.id)
        self.assertEqual(self._deadlines(self.manager), [
            ('activity_end', 'project.task', self.survey.id,
             datetime.datetime(2026, 3, 25, 16, 0), (self.assignee.id,)),
            ('commessa_end',) + commessa + (datetime.date(2026, 3, 31), (self.manager.id,)),
            ('doc_delivery',) + commessa + (datetime.date(2026, 3, 20), (self.manager.id,)),
        ])
        # the assignee: his activity only; the other manager and the salesperson: nothing
        self.assertEqual([row[0] for row in self._deadlines(self.assignee)], ['activity_end'])
        self.assertEqual(self._deadlines(self.manager2), [])
        self.assertEqual(self._deadlines(self.salesperson), [])
        # kinds asked only
        self.assertEqual([row[0] for row in self._deadlines(self.manager, ['doc_delivery'])],
                         ['doc_delivery'])

    def test_finished_records_have_no_deadline(self):
        self.survey.write({'crm_state': 'done'})
        self.report.write({'crm_state': 'cancelled'})
        self.commessa.write({'crm_state': 'closed'})
        self.assertEqual(self._deadlines(self.manager), [])
