from odoo import api, fields, models


class ResPartner(models.Model):
    """Companies carry the commercial classifiers of their leads and deals (SPEC S2, S4) and
    know which Sicurweb leads they were converted from."""

    _inherit = 'res.partner'

    sector_id = fields.Many2one('crm.infinity.sector', string='Sector', index=True,
                                ondelete='restrict')
    market_id = fields.Many2one('crm.infinity.market', string='Market', index=True,
                                ondelete='restrict')
    revenue_band_id = fields.Many2one('crm.infinity.revenue.band', string='Revenue band',
                                      index=True, ondelete='restrict')
    employees_band_id = fields.Many2one('crm.infinity.employees.band', string='Employees band',
                                        index=True, ondelete='restrict')
    competitor_tool_ids = fields.Many2many('crm.infinity.competitor.tool',
                                           'crm_infinity_partner_competitor_tool_rel',
                                           'partner_id', 'tool_id', string='Competitor tools')
    crm_converted_lead_ids = fields.One2many('crm.lead', 'crm_converted_partner_id',
                                             string='Converted leads')
    crm_converted_lead_count = fields.Integer('Converted leads',
                                              compute='_compute_crm_converted_lead_count')

    @api.depends('crm_converted_lead_ids')
    def _compute_crm_converted_lead_count(self):
        for partner in self:
            partner.crm_converted_lead_count = len(partner.crm_converted_lead_ids)

    @api.multi
    def action_view_converted_leads(self):
        self.ensure_one()
        action = self.env.ref('crm_infinity_sales.crm_lead_sicurweb_action').read()[0]
        action['domain'] = [('crm_converted_partner_id', '=', self.id)]
        action['context'] = {'active_test': False}
        return action
