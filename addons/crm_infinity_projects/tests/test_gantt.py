"""Gantt of the commesse (SPEC C6): data read as the user, critical path on the hand-checked DVR
(engines/tests/test_schedule.py), rows by assignee, baselines, reschedule with the form's rights
(the public method as the RPC dispatcher calls it), and the printed PDF."""
import re
import subprocess
import tempfile
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tools import config

from odoo.addons.crm_infinity_base.tests.common import CrmInfinityCase


def render_pdf(report, ids, data):
    """The real PDF through wkhtmltopdf (Odoo's test mode would give the HTML)."""
    with tempfile.TemporaryDirectory() as directory, \
            patch.dict(config.options, {'test_report_directory': directory}):
        return report.render_qweb_pdf(ids, data=data)[0]


def _utc(day, hour=8):
    """Planned datetimes at ``hour`` UTC (a morning in Rome: the local day is ``day``)."""
    return '%s %02d:00:00' % (day, hour)


class GanttCase(CrmInfinityCase):
    """Commessa *DVR Rossi* of ``manager`` with the six activities of the hand-checked DVR:

    A Sopralluogo 1-3 Mar (anna, marco), B Valutazione rischi 4-8 Mar after A (anna),
    C Formazione 4-5 Mar after A (marco), D Stesura DVR 9-10 Mar after B and C (anna),
    E Consegna 11 Mar after D (anna), F Verbale riunione 1-2 Mar (nobody).
    Critical path A -> B -> D -> E; slack of C 3 days, of F 9 days.
    Commessa *Altro* belongs to ``other_manager``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mk = cls._create_user
        tz = {'tz': 'Europe/Rome'}
        cls.admin = mk('t_gantt_admin', 'group_crm_admin', **tz)
        cls.manager = mk('t_gantt_manager', 'group_crm_commessa_manager', **tz)
        cls.other_manager = mk('t_gantt_other_manager', 'group_crm_commessa_manager', **tz)
        cls.anna = mk('t_gantt_anna', 'group_crm_assignee', name='Anna Assegnataria', **tz)
        cls.marco = mk('t_gantt_marco', 'group_crm_assignee', name='Marco Bianchi', **tz)
        cls.customer = cls.env['res.partner'].create({'name': 'Rossi Costruzioni S.r.l.',
                                                      'is_company': True})
        Project = cls.env['project.project'].with_context(tracking_disable=True,
                                                          mail_create_nolog=True)
        cls.project = Project.create({
            'name': 'DVR Rossi', 'partner_id': cls.customer.id, 'user_id': cls.manager.id,
            'crm_date_start': '2027-03-01', 'crm_date_planned_end': '2027-03-11',
            'crm_date_doc_delivery': '2027-03-12', 'crm_date_contract_expiry': '2028-02-28'})
        cls.other = Project.create({'name': 'Altro', 'user_id': cls.other_manager.id})
        Task = cls.env['project.task'].with_context(tracking_disable=True,
                                                    mail_create_nolog=True)

        def task(name, start, end, people, deps=(), project=cls.project):
            return Task.create({
                'name': name, 'project_id': project.id,
                'user_id': people[0].id if people else False,
                'crm_assignee_ids': [(6, 0, [p.id for p in people])],
                'crm_planned_start': _utc(start), 'crm_planned_end': _utc(end, 16),
                'crm_depends_on_ids': [(6, 0, [d.id for d in deps])],
                'planned_hours': 8.0})

        cls.a = task('A Sopralluogo', '2027-03-01', '2027-03-03', [cls.anna, cls.marco])
        cls.b = task('B Valutazione rischi', '2027-03-04', '2027-03-08', [cls.anna], [cls.a])
        cls.c = task('C Formazione', '2027-03-04', '2027-03-05', [cls.marco], [cls.a])
        cls.d = task('D Stesura DVR', '2027-03-09', '2027-03-10', [cls.anna], [cls.b, cls.c])
        cls.e = task('E Consegna', '2027-03-11', '2027-03-11', [cls.anna], [cls.d])
        cls.f = task('F Verbale riunione', '2027-03-01', '2027-03-02', [])
        cls.x = task('Altro lavoro', '2027-03-01', '2027-03-02', [cls.anna], project=cls.other)

    def _data(self, user, projects=None, **kw):
        projects = projects or self.project
        return projects.sudo(user).crm_gantt_data(**kw)


class TestGanttData(GanttCase):

    def test_critical_path_and_slack_of_the_hand_checked_dvr(self):
        data = self._data(self.manager)
        bars = {b['id']: b for b in data['bars']}
        self.assertEqual({i for i, b in bars.items() if b['critical']},
                         {self.a.id, self.b.id, self.d.id, self.e.id})
        self.assertEqual(bars[self.c.id]['slack'], 3)
        self.assertEqual(bars[self.f.id]['slack'], 9)
        self.assertEqual(bars[self.c.id]['late_start'], '2027-03-07')
        self.assertEqual(data['critical_chains'], [[self.a.id, self.b.id, self.d.id, self.e.id]])
        self.assertFalse(data['error'])
        self.assertEqual(sorted(map(tuple, data['links'])), sorted([
            (self.a.id, self.b.id), (self.a.id, self.c.id), (self.b.id, self.d.id),
            (self.c.id, self.d.id), (self.d.id, self.e.id)]))
        # local dates of the user (Europe/Rome), range from the first to the last date drawn
        self.assertEqual((bars[self.a.id]['start'], bars[self.a.id]['end']),
                         ('2027-03-01', '2027-03-03'))
        self.assertEqual((data['date_from'], data['date_to']), ('2027-03-01', '2028-02-28'))
        self.assertEqual([m['kind'] for m in data['markers']], ['doc_delivery', 'contract_expiry'])

    def test_rows_by_assignee_with_a_shared_activity_on_each_row(self):
        data = self._data(self.manager)
        rows = [(r['label'], r['bar_ids']) for r in data['rows']]
        self.assertEqual(rows, [
            ('Anna Assegnataria', [self.a.id, self.b.id, self.d.id, self.e.id]),
            ('Marco Bianchi', [self.a.id, self.c.id]),
            ('Not assigned', [self.f.id]),
        ])
        self.assertEqual(data['mode'], 'activities')
        self.assertNotIn(self.x.id, [b['id'] for b in data['bars']])

    def test_commesse_mode_one_row_per_commessa(self):
        data = self._data(self.admin, self.project | self.other)
        self.assertEqual(data['mode'], 'commesse')
        self.assertEqual([r['label'] for r in data['rows']], ['DVR Rossi', 'Altro'])
        bar = data['bars'][0]
        self.assertEqual((bar['start'], bar['end']), ('2027-03-01', '2027-03-11'))

    def test_cycle_gives_a_clear_error_and_still_draws(self):
        # the activity form refuses cycles; data written around it (SQL, an import of old
        # plans) must not break the Gantt
        self.env.cr.execute('INSERT INTO crm_infinity_task_dependency_rel '
                            '(task_id, depends_on_id) VALUES (%s, %s)', (self.a.id, self.e.id))
        self.env['project.task'].invalidate_cache()
        data = self._data(self.manager)
        self.assertIn('A Sopralluogo', data['error'])
        self.assertEqual(len(data['bars']), 6)
        self.assertFalse(any(b['critical'] for b in data['bars']))

    def test_actual_bar_and_baseline(self):
        self.e.sudo().write({'crm_date_closed': '2027-03-12 10:00:00'})
        self.project.sudo(self.manager).action_crm_gantt_baseline()
        self.b.sudo().write({'crm_planned_end': _utc('2027-03-09', 16)})
        data = self._data(self.manager)
        bars = {b['id']: b for b in data['bars']}
        self.assertEqual(bars[self.e.id]['actual_end'], '2027-03-12')
        self.assertEqual(bars[self.b.id]['baseline_end'], '2027-03-08')
        self.assertEqual(bars[self.b.id]['end'], '2027-03-09')
        self.assertEqual(data['baseline']['user'], self.manager.name)

    def test_assignee_sees_only_his_bars_and_moves_none(self):
        tasks = self.env['project.task'].sudo(self.marco).search(
            [('project_id', '=', self.project.id)])
        self.assertEqual(set(tasks.ids), {self.a.id, self.c.id})
        self.assertEqual(tasks._crm_gantt_movable_ids(), [])

    def test_manager_of_another_commessa_cannot_read_its_gantt(self):
        with self.assertRaises(AccessError):
            self._data(self.other_manager)


class TestGanttReschedule(GanttCase):
    """Drag-reschedule as the RPC dispatcher calls it: the public method on the records,
    in the environment of the calling user."""

    def _rpc(self, user, method, ids, *args):
        return getattr(self.env['project.task'].sudo(user).browse(ids), method)(*args)

    def test_manager_moves_his_activity_keeping_the_time_of_day(self):
        self.assertTrue(self._rpc(self.manager, 'crm_gantt_reschedule', [self.c.id],
                                  '2027-03-06', '2027-03-07'))
        self.assertEqual(self.c.crm_planned_start, '2027-03-06 08:00:00')
        self.assertEqual(self.c.crm_planned_end, '2027-03-07 16:00:00')
        data = self._data(self.manager)
        self.assertEqual({b['id']: b['slack'] for b in data['bars']}[self.c.id], 1)

    def test_assignee_cannot_move_what_the_form_forbids(self):
        with self.assertRaises(AccessError):
            self._rpc(self.anna, 'crm_gantt_reschedule', [self.b.id], '2027-03-05', '2027-03-09')
        self.assertEqual(self.b.crm_planned_start, '2027-03-04 08:00:00')

    def test_manager_cannot_move_the_activity_of_another_commessa(self):
        with self.assertRaises(AccessError):
            self._rpc(self.other_manager, 'crm_gantt_reschedule', [self.b.id],
                      '2027-03-05', '2027-03-09')

    def test_right_edge_dragged_changes_the_planned_end_only(self):
        self.assertTrue(self._rpc(self.manager, 'crm_gantt_resize', [self.c.id], '2027-03-10'))
        self.assertEqual(self.c.crm_planned_start, '2027-03-04 08:00:00')
        self.assertEqual(self.c.crm_planned_end, '2027-03-10 16:00:00')
        # the rights and checks of the move: not the assignee, not before the start
        with self.assertRaises(AccessError):
            self._rpc(self.anna, 'crm_gantt_resize', [self.b.id], '2027-03-20')
        with self.assertRaises(AccessError):
            self._rpc(self.other_manager, 'crm_gantt_resize', [self.b.id], '2027-03-20')
        self.assertEqual(self.b.crm_planned_start, '2027-03-04 08:00:00')
        with self.assertRaises(UserError):
            self._rpc(self.manager, 'crm_gantt_resize', [self.c.id], '2027-03-01')
        self.assertEqual(self.c.crm_planned_end, '2027-03-10 16:00:00')

    def test_bad_dates_are_refused(self):
        with self.assertRaises(UserError):
            self._rpc(self.manager, 'crm_gantt_reschedule', [self.c.id], '2027-03-08',
                      '2027-03-06')
        with self.assertRaises(UserError):
            self._rpc(self.manager, 'crm_gantt_reschedule', [self.c.id], 'domani', '2027-03-06')


class TestGanttPrint(GanttCase):

    def test_html_has_one_bar_per_activity_in_range_and_pdf_is_a3_landscape(self):
        report = self.env.ref('crm_infinity_projects.action_report_crm_gantt')
        data = {'project_ids': self.project.ids, 'date_from': '2027-03-04',
                'date_to': '2027-03-31', 'zoom': 'day', 'show_arrows': True}
        html = report.sudo(self.manager).render_qweb_html(self.project.ids, data=data)[0]
        html = html.decode() if isinstance(html, bytes) else html
        # A (1-3 Mar) and F (1-2 Mar) end before the range: not printed; the others are
        self.assertEqual(html.count('class="o_gantt_pdf_bar"'), 4)
        for name in ('B Valutazione rischi', 'C Formazione', 'D Stesura DVR', 'E Consegna'):
            self.assertIn(name, html)
        self.assertNotIn('F Verbale riunione', html)
        self.assertIn('04/03/2027 - 31/03/2027', html)
        # no column before the range nor after it
        self.assertEqual(html.count('class="o_gantt_pdf_column"'), 28)
        pdf = render_pdf(report.sudo(self.manager), self.project.ids, data)
        self.assertTrue(pdf.startswith(b'%PDF'))
        info = subprocess.run(['pdfinfo', '-'], input=pdf, stdout=subprocess.PIPE,
                              check=True).stdout.decode()
        size = re.search(r'Page size:\s+([\d.]+) x ([\d.]+) pts(.*)', info)
        # A3 landscape: 420 x 297 mm = 1190.55 x 841.89 points
        self.assertAlmostEqual(float(size.group(1)), 1190.5, delta=2)
        self.assertAlmostEqual(float(size.group(2)), 841.9, delta=2)
        # every page says which of how many it is (stamped: Debian's wkhtmltopdf has no footers)
        pages = int(re.search(r'Pages:\s+(\d+)', info).group(1))
        text = subprocess.run(['pdftotext', '-layout', '-', '-'], input=pdf,
                              stdout=subprocess.PIPE, check=True).stdout.decode()
        for page in range(1, pages + 1):
            self.assertRegex(text, r'(Page|Pagina) %d (of|di) %d' % (page, pages))
