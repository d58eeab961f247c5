from odoo import api, fields, models

DORMANT_DAYS_PARAM = 'crm_infinity_sales.dormant_days'
DEFAULT_DORMANT_DAYS = 30


class ResConfigSettings(models.TransientModel):
    """Days without a change after which an open deal is dormant (SPEC S10), kept in a system
    parameter that the dashboard's SQL view reads at query time."""

    _inherit = 'res.config.settings'

    crm_dormant_days = fields.Integer(
        'Dormant deals after (days)', default=DEFAULT_DORMANT_DAYS,
        help='An open deal with no change for this many days counts as dormant on the dashboard.')

    @api.model
    def get_values(self):
        res = super().get_values()
        value = self.env['ir.config_parameter'].sudo().get_param(DORMANT_DAYS_PARAM)
        res['crm_dormant_days'] = int(value) if value and value.isdigit() else DEFAULT_DORMANT_DAYS
        return res

    @api.multi
    def set_values(self):
        super().set_values()
        self.env['ir.config_parameter'].sudo().set_param(
            DORMANT_DAYS_PARAM, str(max(self.crm_dormant_days, 1)))
