import logging

from odoo import _, api, models, tools
from odoo.exceptions import AccessError
from odoo.modules.module import get_module_resource
from odoo.tools.translate import PoFile

_logger = logging.getLogger(__name__)

# Labels and help texts of fields, translated per ir.model.fields record
FIELD_TERMS = ('ir.model.fields,field_description', 'ir.model.fields,help')
# Addons whose .po files are read again to translate their fields by text (see below)
OWN_PREFIX = 'crm_infinity'


class IrTranslation(models.Model):
    _inherit = 'ir.translation'

    @api.model
    def load_module_terms(self, modules, langs):
        """Also translate the fields whose label Odoo 11 leaves in English.

        Odoo 11 attaches a field's translation through the field's XML id, and two fields may
        compete for one id (``field_crm_infinity_ticket_category_id`` is both the ``id`` of
        ``crm.infinity.ticket.category`` and the ``category_id`` of ``crm.infinity.ticket``):
        the second gets its database id as a suffix, so the reference exported in the .po
        matches no field in another database and "Category", "Status", "Policy", "Started"
        stay English. Fields a mixin adds to a model (followers, activities, UTM, primanota
        counters) get an XML id of the mixin's module, whose .po knows only the mixin's own
        fields. Both are translated here by their English text: with the entry of the same
        text in the addon's .po, else as the same module translates the same text for another
        field.

        Odoo's method is public: over RPC any user could reload every module's translations
        (minutes of work in one request). Only the installer (superuser) and the settings
        administrators load them."""
        if not (self.env.user._is_superuser() or self.env.user.has_group('base.group_system')):
            raise AccessError(_('Only administrators may load translations.'))
        res = super().load_module_terms(modules, langs)
        langs = [lang for lang in langs if lang != 'en_US']
        for lang in langs:
            for module in modules:
                if module.startswith(OWN_PREFIX):
                    self._fill_field_terms_from_po(module, lang)
        self._fill_field_terms_from_twins(langs)
        return res

    @api.model
    def _fill_field_terms_from_po(self, module, lang):
        terms = {name: {} for name in FIELD_TERMS}
        for folder in ('i18n', 'i18n_extra'):
            path = get_module_resource(module, folder, tools.get_iso_codes(lang) + '.po')
            if not path:
                continue
            with open(path, 'rb') as po:
                for _type, name, _res_id, src, value, _comments in PoFile(po):
                    if name in terms and src and value:
                        terms[name].setdefault(src, value)
        for name, by_source in terms.items():
            if not by_source:
                continue
            column = name.split(',')[1]
            self.env.cr.execute("""
                INSERT INTO ir_translation (name, lang, res_id, src, value, type, module, state)
                SELECT %(name)s, %(lang)s, f.id, f.{column}, po.value, 'model', d.module, 'translated'
                  FROM ir_model_fields f
                  JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
                                      AND d.module = %(module)s
                  JOIN unnest(%(sources)s, %(values)s) AS po(src, value) ON po.src = f.{column}
                 WHERE NOT EXISTS (SELECT 1 FROM ir_translation x
                                    WHERE x.type = 'model' AND x.name = %(name)s
                                      AND x.res_id = f.id AND x.lang = %(lang)s)
            """.format(column=column), {
                'name': name, 'lang': lang, 'module': module,
                'sources': list(by_source), 'values': list(by_source.values())})
            if self.env.cr.rowcount:
                _logger.info('module %s: %d field terms (%s) translated by their text',
                             module, self.env.cr.rowcount, column)
        self.clear_caches()

    @api.model
    def _fill_field_terms_from_twins(self, langs):
        if not langs:
            return
        cr = self.env.cr
        for name in FIELD_TERMS:
            column = name.split(',')[1]
            cr.execute("""
                INSERT INTO ir_translation (name, lang, res_id, src, value, type, module, state)
                SELECT DISTINCT ON (f.id, t.lang)
                       %(name)s, t.lang, f.id, f.{column}, t.value, 'model', d.module, 'translated'
                  FROM ir_model_fields f
                  JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
                  JOIN ir_translation t ON t.type = 'model' AND t.name = %(name)s
                                       AND t.module = d.module AND t.lang IN %(langs)s
                                       AND t.src = f.{column} AND t.value != ''
                 WHERE f.{column} != ''
                   AND NOT EXISTS (SELECT 1 FROM ir_translation x
                                    WHERE x.type = 'model' AND x.name = %(name)s
                                      AND x.res_id = f.id AND x.lang = t.lang)
              ORDER BY f.id, t.lang, t.id""".format(column=column),
                       {'name': name, 'langs': tuple(langs)})
            if cr.rowcount:
                _logger.info('%d field terms (%s) translated like their twins', cr.rowcount, column)
        self.clear_caches()
