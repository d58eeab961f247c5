from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from .common import SalesCase


class DashboardCase(SalesCase):
    """Deals of one sales team with known dates, so every figure is checkable by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env['crm.team'].create({'name': 'Cruscotto test'})
        cls.campaign = cls.env['utm.campaign'].create({'name': 'Fiera test', 'crm_cost': 5000.0})
        cls.source = cls.env['utm.source'].create({'name': 'Annuario test', 'crm_cost': 4000.0})
        deal = cls._team_deal
        # open: a lead (1000) and an opportunity (5000), assigned 4 and 8 hours after creation
        cls.open_lead = deal(cls.anna, 'Aperta lead', 1000.0, created='2026-01-05 08:00:00',
                             assigned='2026-01-05 12:00:00', changed=40)
        cls.open_opp = deal(cls.bruno, 'Aperta opportunità', 5000.0, deal_phase='opportunity',
                            created='2026-01-05 08:00:00', assigned='2026-01-05 16:00:00',
                            changed=5)
        # closed: won in 10 days (15000, campaign and source), lost in 20 days (3000, campaign)
        cls.won = deal(cls.anna, 'Vinta', 15000.0, deal_phase='opportunity',
                       deal_status_id=cls.st_won.id, created='2026-02-01 09:00:00',
                       closed='2026-02-11 09:00:00', campaign_id=cls.campaign.id,
                       source_id=cls.source.id)
        cls.lost = deal(cls.anna, 'Persa', 3000.0, deal_phase='opportunity',
                        deal_status_id=cls.st_lost.id, lost_reason=cls.lost_reason.id,
                        created='2026-02-01 09:00:00', closed='2026-02-21 09:00:00',
                        campaign_id=cls.campaign.id)
        cls.domain = [('team_id', '=', cls.team.id)]

    @classmethod
    def _team_deal(cls, owner, name, revenue, created=None, assigned=None, closed=None,
                   changed=None, **values):
        lead = cls._deal(owner, name=name, planned_revenue=revenue, team_id=cls.team.id,
                         **values)
        sets, params = [], []
        for column, value in (('create_date', created), ('date_first_assigned', assigned),
                              ('date_closed', closed)):
            if value:
                sets.append('%s = %%s' % column)
                params.append(value)
        if changed is not None:
            sets.append("write_date = now() - %s * interval '1 day'")
            params.append(changed)
        if sets:
            cls.env.cr.execute('UPDATE crm_lead SET %s WHERE id = %%s' % ', '.join(sets),
                               params + [lead.id])
        lead.invalidate_cache()
        return lead

    def _totals(self, domain, measures, user=None):
        Report = self.env['crm.infinity.deal.report']
        if user:
            Report = Report.sudo(user)
        rows = Report.read_group(self.domain + domain, measures, [])
        return rows[0]

    def _set_dormant_days(self, days):
        settings = self.env['res.config.settings'].create({'crm_dormant_days': days})
        settings.execute()


class TestDealFigures(DashboardCase):

    def test_first_assignment_date(self):
        unassigned = self._deal(False, name='Da assegnare')
        self.assertFalse(unassigned.date_first_assigned)
        unassigned.write({'user_id': self.anna.id})
        first = unassigned.date_first_assigned
        self.assertTrue(first)
        self.env.cr.execute("UPDATE crm_lead SET date_first_assigned = '2026-01-01 10:00:00' "
                            "WHERE id = %s", [unassigned.id])
        unassigned.invalidate_cache()
        unassigned.write({'user_id': self.bruno.id})  # a reassignment keeps the first date
        self.assertEqual(unassigned.date_first_assigned, '2026-01-01 10:00:00')
        self.assertTrue(self._deal(self.anna).date_first_assigned)

    def test_time_to_assign_and_to_close(self):
        row = self._totals([('date_first_assigned', '!=', False),
                            ('deal_status_type', 'not in', ('won', 'lost'))],
                           ['hours_to_assign'])
        self.assertAlmostEqual(row['hours_to_assign'], 6.0)  # (4 + 8) / 2
        row = self._totals([('deal_status_type', 'in', ('won', 'lost'))], ['days_to_close'])
        self.assertAlmostEqual(row['days_to_close'], 15.0)  # (10 + 20) / 2
        per_user = self.env['crm.infinity.deal.report'].read_group(
            self.domain + [('deal_status_type', 'in', ('won', 'lost'))],
            ['user_id', 'days_to_close'], ['user_id'])
        self.assertEqual([(r['user_id'][0], r['days_to_close']) for r in per_user],
                         [(self.anna.id, 15.0)])

    def test_dormant_deals_follow_the_setting(self):
        self._set_dormant_days(30)
        self.assertEqual(self._totals([], ['dormant_count'])['dormant_count'], 1)
        dormant = self.env['crm.infinity.deal.report'].search(
            self.domain + [('dormant_count', '=', 1)])
        self.assertEqual(dormant.mapped('lead_id'), self.open_lead)
        self._set_dormant_days(3)
        self.assertEqual(
            self.env['ir.config_parameter'].get_param('crm_infinity_sales.dormant_days'), '3')
        self.assertEqual(self._totals([], ['dormant_count'])['dormant_count'], 2)
        self.assertEqual(self.env['res.config.settings'].get_values()['crm_dormant_days'], 3)

    def test_pipeline_by_phase(self):
        rows = self.env['crm.infinity.deal.report'].read_group(
            self.domain + [('open_count', '=', 1)], ['deal_phase', 'planned_revenue', 'nbr'],
            ['deal_phase'])
        self.assertEqual({r['deal_phase']: (r['nbr'], r['planned_revenue']) for r in rows},
                         {'lead': (1, 1000.0), 'opportunity': (1, 5000.0)})
        row = self._totals([], ['won_revenue', 'won_count', 'lost_count', 'open_count'])
        self.assertEqual((row['won_revenue'], row['won_count'], row['lost_count'],
                          row['open_count']), (15000.0, 1, 1, 2))

    def test_salesperson_sees_his_figures_only(self):
        row = self._totals([], ['planned_revenue', 'nbr'], user=self.bruno)
        self.assertEqual((row['nbr'], row['planned_revenue']), (1, 5000.0))
        row = self._totals([], ['planned_revenue', 'nbr'], user=self.area_manager)
        self.assertEqual((row['nbr'], row['planned_revenue']), (3, 19000.0))  # anna's


class TestTargetsAndRoi(DashboardCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Target = cls.env['crm.infinity.sales.target']
        cls.target_anna = Target.create({
            'name': 'Anna Q1', 'user_id': cls.anna.id, 'date_from': '2026-01-01',
            'date_to': '2026-03-31', 'target_amount': 20000.0, 'target_count': 2})
        cls.target_area = Target.create({
            'name': 'Vendite Q1', 'sales_group_id': cls.g_area.id, 'date_from': '2026-01-01',
            'date_to': '2026-03-31', 'target_amount': 60000.0, 'target_count': 4})
        cls.target_anna_q2 = Target.create({
            'name': 'Anna Q2', 'user_id': cls.anna.id, 'date_from': '2026-04-01',
            'date_to': '2026-06-30', 'target_amount': 10000.0})
        # won by the group's responsible on the last day of the quarter, and by bruno
        cls._team_deal(cls.area_manager, 'Vinta responsabile', 9000.0, deal_phase='opportunity',
                       deal_status_id=cls.st_won.id, closed='2026-03-31 17:00:00')
        cls._team_deal(cls.bruno, 'Vinta Bruno', 7000.0, deal_phase='opportunity',
                       deal_status_id=cls.st_won.id, closed='2026-02-15 10:00:00')

    def test_targets_vs_actual(self):
        self.assertEqual((self.target_anna.actual_amount, self.target_anna.actual_count),
                         (15000.0, 1))
        self.assertAlmostEqual(self.target_anna.amount_progress, 75.0)
        self.assertAlmostEqual(self.target_anna.count_progress, 50.0)
        # the group: anna (member) and area_manager (responsible), not bruno
        self.assertEqual((self.target_area.actual_amount, self.target_area.actual_count),
                         (24000.0, 2))
        self.assertAlmostEqual(self.target_area.amount_progress, 40.0)
        self.assertEqual(self.target_anna_q2.actual_amount, 0.0)

    def test_target_report_pivot(self):
        rows = self.env['crm.infinity.target.report'].read_group(
            [('target_id', 'in', (self.target_anna | self.target_area).ids)],
            ['user_id', 'target_amount', 'actual_amount'], ['user_id'])
        totals = {r['user_id'] and r['user_id'][0]: (r['target_amount'], r['actual_amount'])
                  for r in rows}
        self.assertEqual(totals, {self.anna.id: (20000.0, 15000.0), False: (60000.0, 24000.0)})

    def test_target_report_total_counts_a_deal_once(self):
        """Issue 13: anna's won deal counts for her target and for her group's: the total of
        the pivot (no group by, or by period) counts it once."""
        Report = self.env['crm.infinity.target.report']
        domain = [('target_id', 'in', (self.target_anna | self.target_area).ids)]
        for groupby in ([], ['date_from']):
            rows = Report.read_group(domain, ['actual_amount', 'actual_count'] + groupby, groupby,
                                     lazy=False)
            self.assertEqual([(r['actual_amount'], r['actual_count']) for r in rows],
                             [(24000.0, 2)])

    def test_target_belongs_to_user_or_group(self):
        with self.assertRaises(ValidationError):
            self.env['crm.infinity.sales.target'].create({
                'name': 'Nessuno', 'date_from': '2026-01-01', 'date_to': '2026-01-31'})
        with self.assertRaises(ValidationError):
            self.env['crm.infinity.sales.target'].create({
                'name': 'Date', 'user_id': self.anna.id, 'date_from': '2026-02-01',
                'date_to': '2026-01-31'})

    @mute_logger('odoo.models')
    def test_salesperson_sees_own_targets(self):
        Target = self.env['crm.infinity.sales.target']
        mine = Target.sudo(self.anna).search([('id', 'in', (self.target_anna | self.target_area
                                                             | self.target_anna_q2).ids)])
        self.assertEqual(mine, self.target_anna | self.target_area | self.target_anna_q2)
        self.assertFalse(Target.sudo(self.bruno).search([('id', '=', self.target_anna.id)]))

    def test_roi_per_campaign_and_source(self):
        Roi = self.env['crm.infinity.roi.report']
        campaign = Roi.search([('campaign_id', '=', self.campaign.id)])
        self.assertEqual((campaign.kind, campaign.cost, campaign.won_revenue, campaign.deal_count,
                          campaign.won_count), ('campaign', 5000.0, 15000.0, 2, 1))
        self.assertAlmostEqual(campaign.roi, 200.0)
        source = Roi.search([('source_id', '=', self.source.id)])
        self.assertAlmostEqual(source.roi, 275.0)  # (15000 - 4000) / 4000
        free = self.env['utm.campaign'].create({'name': 'Passaparola test'})
        self.assertFalse(Roi.search([('campaign_id', '=', free.id)]).roi)

    @mute_logger('odoo.models')
    def test_roi_is_for_administrators(self):
        with self.assertRaises(AccessError):
            self.env['crm.infinity.roi.report'].sudo(self.anna).search([])
        self.assertTrue(self.env['crm.infinity.roi.report'].sudo(self.admin).search([]))


class TestDashboardScreen(DashboardCase):

    def test_tiles_per_profile(self):
        Tile = self.env['crm.infinity.dashboard.tile']
        salesperson = Tile.sudo(self.anna).search([])
        self.assertEqual(set(salesperson.mapped('dashboard')), {'operational'})
        self.assertEqual(set(salesperson.mapped('figure')),
                         {'time_to_assign', 'time_to_close', 'dormant', 'pipeline', 'targets'})
        admin = Tile.sudo(self.admin).search([])
        self.assertIn('roi_campaign', admin.mapped('figure'))
        for tile in list(salesperson) + list(admin):
            self.assertTrue(tile.value)
            action = tile.action_open()
            self.assertEqual(action['res_model'], tile.action_id.res_model)

    def test_dormant_tile_counts_what_the_user_may_see(self):
        self._set_dormant_days(30)
        tile = self.env.ref('crm_infinity_sales.dashboard_tile_dormant').sudo(self.anna)
        cutoff = fields.Datetime.to_string(fields.Datetime.from_string(fields.Datetime.now())
                                           - timedelta(days=30))
        expected = self.env['crm.lead'].sudo(self.anna).search_count([
            ('write_date', '<', cutoff), ('deal_status_type', 'not in', ('won', 'lost'))])
        self.assertEqual(tile.value, '{:,}'.format(expected).replace(',', '.'))
        self.assertIn('30', tile.detail)

    def test_report_views_load(self):
        checks = [
            ('crm.infinity.deal.report', self.anna,
             ['user_id', 'deal_phase', 'deal_status_id', 'campaign_id', 'create_date:month'],
             ['nbr', 'planned_revenue', 'hours_to_assign', 'days_to_close', 'dormant_count']),
            ('crm.infinity.target.report', self.anna, ['user_id', 'sales_group_id', 'name'],
             ['target_amount', 'actual_amount', 'actual_count']),
            ('crm.infinity.roi.report', self.admin, ['name', 'kind'],
             ['cost', 'won_revenue', 'roi', 'deal_count']),
        ]
        for model, user, groupbys, measures in checks:
            Model = self.env[model].sudo(user)
            for view_type in ('graph', 'pivot', 'search'):
                self.assertTrue(Model.fields_view_get(view_type=view_type)['arch'])
            for groupby in groupbys:
                Model.read_group([], measures + [groupby.split(':')[0]], [groupby], lazy=False)
        for action in ('crm_infinity_deal_report_assign_action',
                       'crm_infinity_deal_report_close_action',
                       'crm_infinity_deal_report_dormant_action',
                       'crm_infinity_deal_report_pipeline_action',
                       'crm_infinity_target_report_action',
                       'crm_infinity_roi_report_campaign_action',
                       'crm_infinity_roi_report_source_action'):
            self.assertIn('graph', self.env.ref('crm_infinity_sales.' + action).view_mode)
        Tile = self.env['crm.infinity.dashboard.tile'].sudo(self.anna)
        self.assertTrue(Tile.fields_view_get(view_type='kanban')['arch'])
        Target = self.env['crm.infinity.sales.target'].sudo(self.admin)
        for view_type in ('tree', 'form', 'search'):
            self.assertTrue(Target.fields_view_get(view_type=view_type)['arch'])
