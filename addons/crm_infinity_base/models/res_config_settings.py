from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    crm_infinity_sms_gateway_id = fields.Many2one(
        'crm.infinity.sms.gateway', string='Default SMS gateway',
        config_parameter='crm_infinity_base.sms_gateway_id')
    crm_infinity_caller_region = fields.Char(
        'Default phone country', default='IT', config_parameter='crm_infinity_base.caller_region',
        help='Country code used to read phone numbers written without international prefix.')
    crm_infinity_timeline_gap_days = fields.Integer(
        'Quiet period on the summary card (days)', default=30,
        config_parameter='crm_infinity_base.timeline_gap_days',
        help='The summary card of a customer marks the periods of at least this many days '
             'without events.')
