"""Reports of the commesse (SPEC C7): figures equal hand-computed sums, and each reader sees
only what B2 lets him see (the commessa manager his commesse)."""
import subprocess

from odoo.exceptions import AccessError

from .test_gantt import GanttCase, render_pdf


class ReportsCase(GanttCase):
    """On top of the DVR of GanttCase, hours at known rates (anna 40 €/h, marco 30 €/h):

    =========  ==========  ===========  =====  =======
    who        activity    day          hours  cost
    =========  ==========  ===========  =====  =======
    anna       A (DVR)     2027-03-02   2      80
    anna       B (DVR)     2027-03-04   5      200
    marco      C (DVR)     2027-03-05   4      120
    anna       X (Altro)   2027-03-03   3      120
    =========  ==========  ===========  =====  =======

    plus an extra cost of 50 € on B. DVR Rossi: 11 hours, cost 80 + 200 + 120 + 50 = 450.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rate = cls.env['crm.infinity.hourly.rate']
        Rate.create({'user_id': cls.anna.id, 'date_from': '2027-01-01', 'date_to': '2027-12-31', 'cost_rate': 40.0,
                     'sale_rate': 70.0})
        Rate.create({'user_id': cls.marco.id, 'date_from': '2027-01-01', 'date_to': '2027-12-31', 'cost_rate': 30.0,
                     'sale_rate': 60.0})
        Line = cls.env['account.analytic.line']
        for user, task, day, hours in ((cls.anna, cls.a, '2027-03-02', 2.0),
                                       (cls.anna, cls.b, '2027-03-04', 5.0),
                                       (cls.marco, cls.c, '2027-03-05', 4.0),
                                       (cls.anna, cls.x, '2027-03-03', 3.0)):
            Line.create({'name': 'Lavoro su %s' % task.name, 'user_id': user.id,
                         'task_id': task.id, 'project_id': task.project_id.id,
                         'account_id': task.project_id.analytic_account_id.id,
                         'date': day, 'unit_amount': hours})
        cls.env['crm.infinity.extra.cost'].create({
            'name': 'Trasferta', 'task_id': cls.b.id, 'amount': 50.0, 'date': '2027-03-04'})


class TestProjectsReports(ReportsCase):

    def _group(self, user, model, groupby, fields, domain=None):
        groups = self.env[model].sudo(user).read_group(domain or [], fields + [groupby],
                                                       [groupby], lazy=False)
        return {g[groupby] and g[groupby][0]: {f: g[f] for f in fields} for g in groups}

    def test_commessa_report_as_manager_only_his(self):
        rows = self._group(self.manager, 'crm.infinity.commessa.report', 'project_id',
                           ['hours', 'time_cost', 'extra_cost', 'cost', 'activity_count'])
        self.assertEqual(list(rows), [self.project.id])
        self.assertEqual(rows[self.project.id], {'hours': 11.0, 'time_cost': 400.0,
                                                 'extra_cost': 50.0, 'cost': 450.0,
                                                 'activity_count': 6})
        # the same figure as the commessa's own actual cost
        self.assertAlmostEqual(self.project.crm_actual_cost, 450.0)
        by_company = self._group(self.manager, 'crm.infinity.commessa.report', 'partner_id',
                                 ['cost'])
        self.assertEqual(by_company, {self.customer.id: {'cost': 450.0}})

    def test_cost_per_user_as_manager_and_as_admin(self):
        domain = [('kind', '=', 'time')]
        as_manager = self._group(self.manager, 'crm.infinity.cost.report', 'user_id',
                                 ['hours', 'cost'], domain)
        self.assertEqual(as_manager, {self.anna.id: {'hours': 7.0, 'cost': 280.0},
                                      self.marco.id: {'hours': 4.0, 'cost': 120.0}})
        as_admin = self._group(self.admin, 'crm.infinity.cost.report', 'user_id',
                               ['hours', 'cost'], domain + [('date', '>=', '2027-03-01'),
                                                            ('date', '<=', '2027-03-31')])
        self.assertEqual(as_admin[self.anna.id], {'hours': 10.0, 'cost': 400.0})
        per_commessa = self._group(self.admin, 'crm.infinity.cost.report', 'project_id',
                                   ['cost'])
        self.assertEqual(per_commessa[self.project.id], {'cost': 450.0})
        self.assertEqual(per_commessa[self.other.id], {'cost': 120.0})

    def test_assignee_report(self):
        rows = self._group(self.manager, 'crm.infinity.assignee.report', 'user_id',
                           ['activity_count', 'planned_hours', 'hours', 'cost'])
        # anna: A (8 h shared with marco: 4), B, D, E (8 h each) = 28 planned hours
        self.assertEqual(rows[self.anna.id], {'activity_count': 4, 'planned_hours': 28.0,
                                              'hours': 7.0, 'cost': 280.0})
        self.assertEqual(rows[self.marco.id], {'activity_count': 2, 'planned_hours': 12.0,
                                               'hours': 4.0, 'cost': 120.0})
        # the assignee sees his own rows only
        own = self._group(self.marco, 'crm.infinity.assignee.report', 'user_id',
                          ['activity_count'])
        self.assertEqual(own, {self.marco.id: {'activity_count': 2}})

    def test_salesperson_sees_no_report(self):
        seller = self._create_user('t_gantt_seller', 'group_crm_salesperson')
        with self.assertRaises(AccessError):
            self.env['crm.infinity.commessa.report'].sudo(seller).search([])
        with self.assertRaises(AccessError):
            self.env['crm.infinity.cost.report'].sudo(seller).search([])

    def test_printed_report_totals_in_italian_format(self):
        report = self.env.ref('crm_infinity_projects.action_report_crm_management')
        data = {'kind': 'cost_user', 'date_from': '2027-03-01', 'date_to': '2027-03-31'}
        html = report.sudo(self.manager).render_qweb_html([], data=data)[0]
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn('Anna Assegnataria', html)
        self.assertIn('Marco Bianchi', html)
        self.assertIn('€ 280,00', html)
        # the extra cost has no user: its own row; total 280 + 120 + 50
        self.assertIn('€ 450,00', html)
        self.assertIn('01/03/2027 - 31/03/2027', html)
        self.assertNotIn('Altro lavoro', html)
        html_admin = report.sudo(self.admin).render_qweb_html([], data=dict(
            data, kind='companies', date_from='2027-01-01', date_to='2027-12-31'))[0]
        html_admin = html_admin.decode() if isinstance(html_admin, bytes) else html_admin
        self.assertIn('Rossi Costruzioni S.r.l.', html_admin)
        pdf = render_pdf(report.sudo(self.manager), [], data)
        self.assertTrue(pdf.startswith(b'%PDF'))
        text = subprocess.run(['pdftotext', '-layout', '-', '-'], input=pdf,
                              stdout=subprocess.PIPE, check=True).stdout.decode()
        self.assertRegex(text, r'(Page|Pagina) 1 (of|di) \d+')
