from odoo import api, models


class CrmLead(models.Model):
    """A deal of a campaign is proposed the campaign's products of interest (SPEC M2)."""

    _inherit = 'crm.lead'

    @api.onchange('campaign_id')
    def _onchange_campaign_products(self):
        campaign = self.campaign_id
        if not campaign or 'deal_line_ids' not in self._fields or self.deal_line_ids:
            return
        self.deal_line_ids = [(0, 0, {'product_id': p.id, 'name': p.display_name,
                                      'product_uom': p.uom_id.id, 'price_unit': p.lst_price,
                                      'product_uom_qty': 1.0})
                              for p in campaign.crm_product_ids]
