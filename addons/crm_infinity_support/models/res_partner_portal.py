from odoo import api, models


class ResPartner(models.Model):
    _inherit = 'res.partner'

    @api.multi
    def write(self, vals):
        """The portal record rule of tickets reads ``support_company_tickets``, and Odoo caches
        rule domains per user: without a cache reset the change would wait for a restart."""
        res = super().write(vals)
        if 'support_company_tickets' in vals:
            self.env['ir.rule'].clear_caches()
        return res
