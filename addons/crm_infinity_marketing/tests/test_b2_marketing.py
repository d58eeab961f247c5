from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .campaign_common import MarketingCase


class TestMarketingB2(MarketingCase):
    """B2 for marketing operators: messages and lists are their own; campaigns readable by
    all, changed by their people; a salesperson has no marketing screens' data to change."""

    @mute_logger('odoo.models')
    def test_messages_are_the_operators_own(self):
        campaign = self.Campaign.sudo(self.silvia).create({'name': 'B2 test'})
        mailing = self.env['mail.mass_mailing'].sudo(self.silvia).create({
            'name': 'Messaggio di Silvia', 'campaign_id': campaign.id})
        Mailing = self.env['mail.mass_mailing']
        self.assertEqual(Mailing.sudo(self.silvia).search([('id', '=', mailing.id)]), mailing)
        self.assertFalse(Mailing.sudo(self.marta).search([('id', '=', mailing.id)]))
        with self.assertRaises(AccessError):
            mailing.sudo(self.marta).write({'name': 'Cambiato'})
        self.assertTrue(Mailing.sudo(self.admin).search([('id', '=', mailing.id)]))
        # an assignee of the campaign changes the campaign
        campaign.crm_assignee_ids = self.marta
        campaign.sudo(self.marta).write({'crm_budget': 100.0})

    @mute_logger('odoo.models')
    def test_salesperson_cannot_touch_lists_or_costs(self):
        with self.assertRaises(AccessError):
            self.env['crm.infinity.campaign.cost'].sudo(self.anna).search([])
        with self.assertRaises(AccessError):
            self.List.sudo(self.anna).create({'name': 'Lista del venditore'})
