from odoo import api, models


class CrmInfinityDemo(models.AbstractModel):
    _inherit = 'crm.infinity.demo'

    @api.model
    def _demo_build_commessa_costs(self):
        """Rates, time, extra costs and invoicing of the demo commesse (after
        ``_demo_build_commesse``)."""
        return True
