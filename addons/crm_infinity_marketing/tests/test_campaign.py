from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from odoo.addons.crm_infinity_sales.dashboards import figures

from .campaign_common import MarketingCase


class TestCampaignRoi(MarketingCase):
    """Campaign results and the one ROI figure (SPEC M2), checked by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fair = cls.Campaign.sudo(cls.silvia).create({
            'name': 'Fiera test ROI', 'crm_budget': 8000.0,
            'crm_cost_ids': [
                (0, 0, {'name': 'Stand', 'kind': 'event', 'amount': 3000.0,
                        'date': '2026-03-01'}),
                (0, 0, {'name': 'Volantini', 'kind': 'printing', 'amount': 1000.0,
                        'date': '2026-03-02'})]})
        cls.fair_id = cls.fair.id
        # 4 leads/deals: a lead, an opportunity in progress, won 10000 and won 6000, a lost one
        deal = cls._deal
        deal(cls.anna, name='Lead fiera', deal_phase='lead', type='lead', campaign_id=cls.fair.id)
        deal(cls.anna, name='Aperta fiera', deal_phase='opportunity', planned_revenue=4000.0,
             campaign_id=cls.fair.id)
        deal(cls.anna, name='Vinta fiera 1', deal_phase='opportunity', planned_revenue=10000.0,
             deal_status_id=cls.st_won.id, campaign_id=cls.fair.id)
        deal(cls.bruno, name='Vinta fiera 2', deal_phase='opportunity', planned_revenue=6000.0,
             deal_status_id=cls.st_won.id, campaign_id=cls.fair.id)
        deal(cls.bruno, name='Persa fiera', deal_phase='opportunity', planned_revenue=2000.0,
             deal_status_id=cls.st_lost.id, lost_reason=cls.lost_reason.id,
             campaign_id=cls.fair.id)

    def test_results_by_hand(self):
        fair = self.Campaign.sudo(self.silvia).browse(self.fair_id)
        self.assertEqual(fair.crm_cost, 4000.0)
        self.assertEqual((fair.crm_lead_count, fair.crm_deal_count, fair.crm_won_count),
                         (5, 4, 2))
        self.assertEqual(fair.crm_won_revenue, 16000.0)
        self.assertAlmostEqual(fair.crm_cost_per_lead, 800.0)  # 4000 / 5
        self.assertAlmostEqual(fair.crm_roi, 300.0)  # (16000 - 4000) / 4000
        self.assertEqual(fair.crm_roi_text, '300,0 %')
        roi = fair._crm_roi()
        self.assertEqual((roi['cost'], roi['won_revenue'], roi['budget']),
                         (4000.0, 16000.0, 8000.0))
        self.assertAlmostEqual(roi['roi'], 300.0)

    def test_roi_of_several_campaigns_from_sums(self):
        other = self.Campaign.create({'name': 'Radio test', 'crm_cost': 12000.0})
        self._deal(self.anna, name='Vinta radio', deal_phase='opportunity',
                   planned_revenue=8000.0, deal_status_id=self.st_won.id, campaign_id=other.id)
        roi = (self.fair | other)._crm_roi()
        # (16000 + 8000 - 16000) / 16000: from the sums, not the mean of 300% and -33%
        self.assertAlmostEqual(roi['roi'], 50.0)
        self.assertEqual(other.crm_cost_ids.mapped('kind'), ['other'])
        self.assertIsNone(self.Campaign.create({'name': 'Gratis test'})._crm_roi()['roi'])

    def test_sales_dashboard_reuses_the_figure(self):
        """The sales ROI tile and its report give the campaign's figure."""
        tile = self.env.ref('crm_infinity_sales.dashboard_tile_roi_campaign').sudo(self.admin)
        expected = self.Campaign.sudo(self.admin).search([])._crm_roi()
        self.assertEqual(tile.value, figures.format_figure(expected['roi'], '%'))
        row = self.env['crm.infinity.roi.report'].search([('campaign_id', '=', self.fair.id)])
        self.assertAlmostEqual(row.roi, self.fair._crm_roi()['roi'])
        self.assertEqual(row.cost, 4000.0)

    def test_cost_lines_change_the_roi(self):
        self.fair.crm_cost_ids.filtered(lambda c: c.name == 'Stand').amount = 7000.0  # 8000
        self.fair.invalidate_cache()
        self.assertEqual(self.fair.crm_cost, 8000.0)
        self.assertAlmostEqual(self.fair._crm_roi()['roi'], 100.0)

    def test_invoiced_revenue_from_the_orders_of_the_deals(self):
        won = self.env['crm.lead'].search([('name', '=', 'Vinta fiera 1')])
        product = self.env['product.product'].create({
            'name': 'Servizio ROI test', 'type': 'service', 'invoice_policy': 'order',
            'lst_price': 2500.0})
        order = self.env['sale.order'].create({
            'partner_id': self.customer.id, 'opportunity_id': won.id,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': 2,
                                   'price_unit': 2500.0})]})
        order.action_confirm()
        invoice = self.env['account.invoice'].browse(order.action_invoice_create())
        self.assertEqual(self.fair._crm_roi()['invoiced_revenue'], 0.0)  # draft: not yet
        invoice.action_invoice_open()
        self.fair.invalidate_cache()
        self.assertEqual(self.fair.crm_invoiced_revenue, 5000.0)

    def test_status_progression(self):
        fair = self.fair.sudo(self.silvia)
        self.assertEqual(fair.crm_state, 'draft')
        with self.assertRaises(UserError):
            fair.action_crm_done()
        fair.action_crm_plan()
        fair.action_crm_start()
        fair.action_crm_done()
        self.assertEqual(fair.crm_state, 'done')
        changes = fair.primanota_ids.filtered(lambda l: 'crm_state' in (l.changes or ''))
        self.assertEqual(len(changes), 3)

    @mute_logger('odoo.models')
    def test_b2_other_operator_cannot_change_it(self):
        fair = self.fair.sudo(self.marta)
        self.assertEqual(fair.name, 'Fiera test ROI')  # readable: deals name it
        with self.assertRaises(AccessError):
            fair.write({'crm_budget': 1.0})
        with self.assertRaises(AccessError):
            fair.action_crm_plan()
        self.assertFalse(self.env['crm.infinity.campaign.cost'].sudo(self.marta).search(
            [('campaign_id', '=', self.fair.id)]))

    def test_deal_of_campaign_proposes_its_products(self):
        product = self.env['product.product'].create({'name': 'Caldaia test', 'lst_price': 900.0})
        self.fair.crm_product_ids = product
        lead = self.env['crm.lead'].new({'name': 'Nuova', 'campaign_id': self.fair.id})
        lead._onchange_campaign_products()
        self.assertEqual(lead.deal_line_ids.mapped('product_id'), product)


class TestCampaignDeadline(MarketingCase):

    def test_campaign_end_is_a_deadline(self):
        running = self.Campaign.sudo(self.silvia).create({
            'name': 'Scadenza test', 'crm_date_end': '2026-05-31',
            'crm_assignee_ids': [(6, 0, self.marta.ids)]})
        self.Campaign.create({'name': 'Conclusa test', 'crm_date_end': '2026-05-30',
                              'crm_state': 'done'})
        Provider = self.env['crm.infinity.deadline.provider'].sudo(self.silvia)
        self.assertIn('campaign_end', dict(Provider._crm_deadline_kinds()))
        found = [d for d in Provider._crm_deadlines('2026-05-01', '2026-05-31',
                                                    kinds=['campaign_end'])
                 if d['name'] in ('Scadenza test', 'Conclusa test')]
        self.assertEqual([(d['res_id'], d['user_ids']) for d in found],
                         [(running.id, sorted((self.silvia | self.marta).ids))])
