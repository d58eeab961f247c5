from odoo import models


class IrModuleModule(models.Model):
    _inherit = 'ir.module.module'

    def _update_translations(self, filter_lang=None):
        """Once the modules' translations are loaded, their models' creation notes logged in
        the meantime (their data and demo records) read the translated model name. The first
        time (this addon installed or upgraded, a language loaded for all) every model."""
        result = super()._update_translations(filter_lang)
        langs = [filter_lang] if isinstance(filter_lang, str) else filter_lang
        names = self.mapped('name')
        model_names = None
        if 'crm_infinity_base' not in names:
            data = self.env['ir.model.data'].sudo().search([
                ('model', '=', 'ir.model'), ('module', 'in', names)])
            model_names = self.env['ir.model'].sudo().browse(data.mapped('res_id')).mapped('model')
        if model_names is None or model_names:
            self.env['ir.model']._crm_translate_creation_notes(model_names, langs)
        return result
