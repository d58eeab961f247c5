from odoo import SUPERUSER_ID, models


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

    def module_uninstall(self):
        """The triggers of the Scheda riepilogo's index read tables and columns of the modules
        removed (a commessa's columns on calendar events...): dropped first, else every write
        to those tables failed until the registry loaded after the uninstall made them again
        (it does, and empties the index)."""
        if self.env.uid == SUPERUSER_ID or self.env.user.has_group('base.group_system'):
            self.env['crm.infinity.timeline']._crm_index_drop_triggers()
        return super().module_uninstall()
