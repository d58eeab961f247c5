import logging

from odoo import api, models

_logger = logging.getLogger(__name__)

# Labels and help texts of fields, translated per ir.model.fields record
FIELD_TERMS = ('ir.model.fields,field_description', 'ir.model.fields,help')


class IrTranslation(models.Model):
    _inherit = 'ir.translation'

    @api.model
    def load_module_terms(self, modules, langs):
        """Also translate the fields whose label Odoo 11 leaves in English although the module
        that declares them translates the very same label.

        Odoo 11 attaches a field's translation through the field's XML id, and two fields may
        compete for one id (``field_crm_infinity_ticket_category_id`` is both the ``id`` of
        ``crm.infinity.ticket.category`` and the ``category_id`` of ``crm.infinity.ticket``):
        the second gets the database id as a suffix, so the reference exported in the .po
        matches no field in another database and "Category", "Status", "Policy"... stay English.
        Fields a mixin adds to a model (followers, activities, UTM, primanota counters) get an XML
        id of the mixin's module, whose .po only knows the mixin's own fields. Both are filled
        here with the translation the same module gives to the same English text."""
        res = super().load_module_terms(modules, langs)
        self._fill_field_terms(langs)
        return res

    @api.model
    def _fill_field_terms(self, langs):
        langs = [lang for lang in langs if lang != 'en_US']
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
