from odoo import fields, models


class LinkTrackerClick(models.Model):
    _inherit = 'link.tracker.click'

    crm_is_scanner = fields.Boolean('Scanner', readonly=True,
                                    help='A security scanner or link previewer, not the person.')
