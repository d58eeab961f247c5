from odoo import fields, models

COST_KINDS = [
    ('media', 'Advertising and media'),
    ('printing', 'Printing and mailing'),
    ('event', 'Fairs and events'),
    ('agency', 'Agency and consultants'),
    ('list', 'Purchased lists'),
    ('staff', 'Internal staff'),
    ('other', 'Other'),
]


class CrmInfinityCampaignCost(models.Model):
    """A cost of a campaign (SPEC M2): what, when, who supplied it and how much. Their sum is
    the campaign's cost in its ROI."""

    _name = 'crm.infinity.campaign.cost'
    _description = 'Campaign cost'
    _order = 'date desc, id desc'

    campaign_id = fields.Many2one('utm.campaign', string='Campaign', required=True,
                                  ondelete='cascade', index=True)
    name = fields.Char('Description', required=True)
    kind = fields.Selection(COST_KINDS, string='Kind', required=True, default='other')
    date = fields.Date('Date', required=True, default=fields.Date.context_today)
    supplier_id = fields.Many2one('res.partner', string='Supplier')
    amount = fields.Monetary('Amount', required=True, currency_field='currency_id')
    currency_id = fields.Many2one(related='campaign_id.crm_currency_id', readonly=True)
