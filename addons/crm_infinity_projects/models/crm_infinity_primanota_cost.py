from odoo import _, api, models


class CrmInfinityPrimanota(models.Model):
    _inherit = 'crm.infinity.primanota'

    @api.model
    def _operation_labels(self):
        labels = super()._operation_labels()
        labels['cost_restatement'] = _('Cost restatement')
        return labels
