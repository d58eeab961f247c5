"""Campaigns as the other profiles see them (hostile review).

Odoo lets every user read campaigns (``utm.campaign``: a website visitor's cookie names one)
and every employee change them. Their results are computed as the system for whoever has no
access to deals: a portal customer read the won and invoiced revenue, budget, costs, ROI,
objectives and customers of every campaign. And the rule "changed by their responsible and
assignees" bound only the marketing operators: a salesperson or a support operator changed
the budget, dates, status or responsible of any campaign."""
from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .common import MarketingCase

SECRET = ('crm_won_revenue', 'crm_invoiced_revenue', 'crm_budget', 'crm_cost', 'crm_roi',
          'crm_roi_text', 'crm_cost_per_lead', 'crm_objective', 'crm_partner_ids',
          'crm_lead_count', 'crm_deal_count', 'crm_won_count', 'crm_nominativo_count')


class TestCampaignAccess(MarketingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env['res.partner'].create({'name': 'Cliente Portale S.r.l.',
                                                      'is_company': True})
        cls.portal = cls._create_user('t_mkt_portal', 'base.group_portal',
                                      partner_id=cls.env['res.partner'].create({
                                          'name': 'Utente portale',
                                          'parent_id': cls.customer.id}).id)
        cls.support = cls._create_user('t_mkt_camp_support', 'group_crm_support_operator')
        cls.campaign = cls.env['utm.campaign'].create({
            'name': 'Fiera 2027', 'crm_user_id': cls.mkt.id, 'crm_budget': 50000,
            'crm_objective': 'Sottrarre clienti al concorrente X',
            'crm_partner_ids': [(6, 0, cls.customer.ids)]})
        cls.env['crm.lead'].create({'name': 'Affare vinto', 'campaign_id': cls.campaign.id,
                                    'planned_revenue': 120000, 'user_id': cls.anna.id})

    @mute_logger('odoo.models')
    def test_portal_reads_the_name_not_the_figures(self):
        Campaign = self.env['utm.campaign'].sudo(self.portal)
        self.assertEqual(Campaign.search([('name', '=', 'Fiera 2027')]), self.campaign)
        for name in SECRET:
            with self.assertRaises(AccessError, msg=name):
                Campaign.browse(self.campaign.id).read([name])
        self.assertEqual(Campaign.browse(self.campaign.id).read(['name'])[0]['name'],
                         'Fiera 2027')

    def test_employees_still_read_the_figures(self):
        for user in (self.anna, self.support, self.mkt):
            row = self.campaign.sudo(user).read(['crm_budget', 'crm_roi_text'])[0]
            self.assertEqual(row['crm_budget'], 50000, user.login)

    @mute_logger('odoo.models')
    def test_only_its_people_change_a_campaign(self):
        for user in (self.anna, self.support):
            with self.assertRaises(AccessError, msg=user.login):
                self.campaign.sudo(user).write({'crm_budget': 1, 'crm_state': 'cancelled'})
        self.assertEqual(self.campaign.crm_budget, 50000)
        # his own campaign stays his to change
        own = self.env['utm.campaign'].create({'name': 'Passaparola Anna',
                                               'crm_user_id': self.anna.id})
        own.sudo(self.anna).write({'crm_date_end': '2027-12-31'})
        # the responsible and the assignees change it
        self.campaign.sudo(self.mkt).write({'crm_budget': 60000})
        self.campaign.crm_assignee_ids = self.bruno
        self.campaign.sudo(self.bruno).write({'crm_date_end': '2027-06-30'})

    def test_salesperson_creates_the_campaign_of_his_deal(self):
        """The quick create of a deal's campaign: its cost (the sum of cost lines, which only
        marketing reads) is computed, not refused."""
        for user in (self.anna, self.support):
            campaign_id, _name = self.env['utm.campaign'].sudo(user).name_create(
                'Passaparola %s' % user.login)
            campaign = self.env['utm.campaign'].browse(campaign_id)
            self.assertEqual((campaign.crm_cost, campaign.crm_user_id), (0, user))
