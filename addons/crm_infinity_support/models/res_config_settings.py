from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    support_archive_days = fields.Integer(related='company_id.support_archive_days')
