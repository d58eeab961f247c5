from .common import SupportCockpitCase


class TestKpi(SupportCockpitCase):
    """Support KPIs (SPEC T11): working-hours durations on the center's calendar (Monday to
    Friday 8-12 / 13-17 in Rome, 6 January a holiday), the report and the dashboard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env['resource.calendar.leaves'].create({
            'name': 'Epifania', 'calendar_id': cls.work_calendar.id, 'tz': 'Europe/Rome',
            'date_from': '2026-01-05 23:00:00', 'date_to': '2026-01-06 22:59:59'})

    def _opened(self, when, **values):
        ticket = self._ticket(**values)
        self._set_create_date(ticket, when)
        return ticket

    def _close(self, ticket, when):
        ticket.write({'stage_id': self.stage_closed.id, 'date_closed': when})

    def test_durations_in_working_hours_of_the_center(self):
        # opened Monday 5 January 2026 at 8:30 in Rome (7:30 UTC)
        ticket = self._opened('2026-01-05 07:30:00')
        ticket.write({'date_first_response': '2026-01-05 08:00:00'})  # 9:00 in Rome
        self.assertAlmostEqual(ticket.first_response_hours, 0.5)
        self.assertEqual(ticket.resolution_hours, 0.0)
        # closed Wednesday at 8:30: Monday 3.5 + 4, Tuesday a holiday, Wednesday 0.5
        self._close(ticket, '2026-01-07 07:30:00')
        self.assertAlmostEqual(ticket.resolution_hours, 8.0)
        self.assertAlmostEqual(ticket.first_response_hours, 0.5)

    def test_weekend_is_not_counted(self):
        ticket = self._opened('2026-01-09 15:00:00')  # Friday 16:00 in Rome
        self._close(ticket, '2026-01-12 08:00:00')  # Monday 9:00
        self.assertAlmostEqual(ticket.resolution_hours, 2.0)

    def test_reopened_ticket_loses_its_resolution_time(self):
        ticket = self._opened('2026-01-09 15:00:00')
        self._close(ticket, '2026-01-12 08:00:00')
        ticket.write({'stage_id': self.stage_open.id})
        self.assertEqual(ticket.reopen_count, 1)
        self.assertFalse(ticket.date_closed)
        row = self.env['crm.infinity.ticket.report'].search([('ticket_id', '=', ticket.id)])
        self.assertTrue(row.reopened)
        self.assertEqual(row.backlog, 1)
        self.assertFalse(row.resolution_hours)

    def _kpi_tickets(self):
        t1 = self._opened('2026-01-05 07:30:00', user_id=self.operator.id)
        t1.write({'date_first_response': '2026-01-05 08:00:00'})  # 0.5 h
        self._close(t1, '2026-01-07 07:30:00')  # 8 h
        t2 = self._opened('2026-01-09 15:00:00', user_id=self.operator.id)
        t2.write({'date_first_response': '2026-01-12 07:30:00'})  # Friday 1 h + Monday 0.5 h
        self._close(t2, '2026-01-12 08:00:00')  # 2 h
        t2.write({'stage_id': self.stage_open.id})  # reopened: open again
        t3 = self._opened('2026-01-12 08:00:00', user_id=self.seller.id)  # open, not answered
        for ticket, value in ((t1, 10), (t2, 1)):  # the customer's answers to the survey
            ticket.rating_apply(value, token=ticket.rating_get_access_token(self.contact))
        return t1, t2, t3

    def test_report_aggregates_per_center_and_operator(self):
        self._kpi_tickets()
        Report = self.env['crm.infinity.ticket.report']
        base = [('center_id', '=', self.center.id)]
        [row] = Report.read_group(base, ['center_id', 'nbr', 'backlog', 'reopen_rate'],
                                  ['center_id'])
        self.assertEqual((row['nbr'], row['backlog']), (3, 2))
        self.assertAlmostEqual(row['reopen_rate'], 100.0 / 3, places=3)
        [row] = Report.read_group(base + [('date_first_response', '!=', False)],
                                  ['center_id', 'first_response_hours'], ['center_id'])
        self.assertAlmostEqual(row['first_response_hours'], 1.0)  # (0.5 + 1.5) / 2
        [row] = Report.read_group(base + [('date_closed', '!=', False)],
                                  ['center_id', 'resolution_hours'], ['center_id'])
        self.assertAlmostEqual(row['resolution_hours'], 8.0)  # t2 was reopened
        [row] = Report.read_group(base + [('rating', '>', 0)], ['center_id', 'satisfaction'],
                                  ['center_id'])
        self.assertAlmostEqual(row['satisfaction'], 50.0)
        load = {r['user_id'][0]: r['backlog'] for r in Report.read_group(
            base, ['user_id', 'backlog'], ['user_id'])}
        self.assertEqual(load, {self.operator.id: 1, self.seller.id: 1})

    def test_dashboard_figures_and_their_analysis(self):
        self._kpi_tickets()
        center = self.center.sudo(self.manager)
        self.assertEqual(center.kpi_ticket_count, 3)
        self.assertEqual(center.kpi_backlog, 2)
        self.assertAlmostEqual(center.kpi_first_response_hours, 1.0)
        self.assertAlmostEqual(center.kpi_resolution_hours, 8.0)
        self.assertAlmostEqual(center.kpi_reopen_rate, 33.3, places=1)
        self.assertAlmostEqual(center.kpi_satisfaction, 50.0)
        action = center.with_context(kpi='load_group').action_open_kpi()
        self.assertEqual(action['res_model'], 'crm.infinity.ticket.report')
        self.assertEqual(action['views'][0][1], 'graph')
        self.assertEqual(action['context']['graph_groupbys'], ['operator_group_id'])
        self.assertIn(('center_id', 'in', center.ids), action['domain'])
        action = center.with_context(kpi='resolution').action_open_kpi()
        self.assertEqual(action['context']['pivot_measures'], ['resolution_hours'])

    def test_kpis_follow_the_ticket_rules(self):
        self._kpi_tickets()
        Report = self.env['crm.infinity.ticket.report']
        self.assertEqual(Report.sudo(self.operator).search_count(
            [('center_id', '=', self.center.id)]), 3)
        self.assertEqual(Report.sudo(self.stranger).search_count(
            [('center_id', '=', self.center.id)]), 0)
        self.assertEqual(self.center.sudo(self.stranger).kpi_ticket_count, 0)
