from odoo import api, fields, models


class CrmLead(models.Model):
    """The products of interest of a deal and their total."""

    _inherit = 'crm.lead'

    deal_line_ids = fields.One2many('crm.infinity.deal.line', 'lead_id',
                                    string='Products of interest', copy=True)
    deal_lines_amount = fields.Monetary('Products total', compute='_compute_deal_lines_amount',
                                        store=True, currency_field='company_currency')

    @api.depends('deal_line_ids.price_subtotal')
    def _compute_deal_lines_amount(self):
        for lead in self:
            lead.deal_lines_amount = sum(lead.deal_line_ids.mapped('price_subtotal'))

    @api.onchange('deal_line_ids')
    def _onchange_deal_line_ids(self):
        """The expected revenue follows the products of interest while they are being entered."""
        if self.deal_line_ids:
            self.planned_revenue = sum(self.deal_line_ids.mapped('price_subtotal'))
