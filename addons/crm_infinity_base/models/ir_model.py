from odoo import api, models


class IrModel(models.Model):
    _inherit = 'ir.model'

    @api.model
    def _crm_names(self, model_names):
        """{technical model name: its name in the reader's language} (Odoo's translation of
        ``ir.model,name``), for the screens that name a kind of document (primanota, system
        events, routing rules); unknown models keep their technical name."""
        model_names = [name for name in set(model_names) if name]
        names = {name: name for name in model_names}
        if model_names:
            names.update((model.model, model.name) for model in
                         self.sudo().search([('model', 'in', model_names)]))
        return names
