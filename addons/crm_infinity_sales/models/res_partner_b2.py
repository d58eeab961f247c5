from odoo import api, models


class ResPartner(models.Model):
    """B2 for companies: a salesperson sees and edits the companies he is responsible for
    (``user_id``), his subordinates' and their contacts (security/crm_infinity_b2_security.xml).
    What he creates is his: a company (or a person without a company) he creates without a
    responsible gets him as responsible, so that he can still open it."""

    _inherit = 'res.partner'

    @api.model
    def create(self, vals):
        if not vals.get('user_id') and not vals.get('parent_id') \
                and self.env.user._crm_is_restricted_salesperson():
            vals = dict(vals, user_id=self.env.uid)
        return super().create(vals)
