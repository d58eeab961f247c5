from odoo import fields, models


class UtmCampaign(models.Model):
    """What a campaign cost, for its return on investment (administrative dashboard, S10)."""

    _inherit = 'utm.campaign'

    crm_cost = fields.Monetary('Cost', currency_field='crm_currency_id')
    crm_currency_id = fields.Many2one('res.currency', string='Currency',
                                      default=lambda self: self.env.user.company_id.currency_id)


class UtmSource(models.Model):
    """What a source (fair, directory, advertising) cost, for its return on investment."""

    _inherit = 'utm.source'

    crm_cost = fields.Monetary('Cost', currency_field='crm_currency_id')
    crm_currency_id = fields.Many2one('res.currency', string='Currency',
                                      default=lambda self: self.env.user.company_id.currency_id)
