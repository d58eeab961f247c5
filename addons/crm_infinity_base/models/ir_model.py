from psycopg2.extras import execute_values

from odoo import api, models
from odoo.tools import html_escape


class IrModel(models.Model):
    _inherit = 'ir.model'

    def _get(self, name):
        """Odoo's model record, in the language that Odoo's ``_()`` falls back to when the
        context carries none (XML data, demo builders, crons, RPC calls): the user's. Odoo's
        chatter writes ``_('%s created') % _get(model).name``: the verb came out in the user's
        language and the model name in English ("Contact creato"). Only the record's context
        changes (reads are translated; nothing is written)."""
        model = super()._get(name)
        if not self.env.lang:
            lang = self.env['res.users'].context_get().get('lang')
            if lang:
                model = model.with_context(lang=lang)
        return model

    @api.model
    def _crm_translate_creation_notes(self, model_names=None, langs=None):
        """Odoo's "<model> created" notes written before the model's name was translated, in
        the words of the note's language: "Employee creato" becomes "Impiegato creato".

        Odoo 11 loads a module's translations after its data and demo files: the records these
        create are logged with the verb translated (by an earlier module) and the module's own
        model names still in English. Run when translations are loaded (module install or
        upgrade, new language): one statement per language, only exact creation notes of the
        given models (``None``: every model with a chatter)."""
        if langs is None:
            langs = [code for code, _name in self.env['res.lang'].get_installed()]
        langs = [lang for lang in langs if lang and lang != 'en_US']
        # the models with a chatter, also those of the modules the registry has not loaded yet
        # (an upgrade loads this addon before the modules that do not depend on it)
        domain = [('transient', '=', False), ('field_id.name', '=', 'message_ids')]
        if model_names is not None:
            domain.append(('model', 'in', list(model_names)))
        models = self.sudo().search(domain)
        if not models or not langs:
            return 0
        english = {m.id: m.name for m in models.with_context(lang='en_US')}
        Translation = self.env['ir.translation']
        count = 0
        for lang in langs:
            pattern = Translation._get_source(None, ('code',), lang, '%s created')
            if not pattern or pattern == '%s created' or pattern.count('%s') != 1:
                continue
            rows = []
            for model in models.with_context(lang=lang):
                if model.name and model.name != english[model.id]:
                    rows.append((model.model,
                                 '<p>%s</p>' % (pattern % html_escape(english[model.id])),
                                 '<p>%s</p>' % (pattern % html_escape(model.name))))
            if rows:
                execute_values(self.env.cr, """
                    UPDATE mail_message m SET body = v.new
                      FROM (VALUES %s) AS v(model, old, new)
                     WHERE m.model = v.model AND m.body = v.old
                       AND m.message_type = 'notification'""", rows, page_size=len(rows))
                count += self.env.cr.rowcount
        if count:
            self.env['mail.message'].invalidate_cache(['body'])
        return count

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


def selection_keys_by_label(env, field, cache=None):
    """{label in English or any installed language: key} of a selection field, to show in the
    reader's language a value logged as the label of the author's language."""
    cache = {} if cache is None else cache
    cache_key = (field.model_name, field.name)
    if cache_key not in cache:
        langs = ['en_US'] + [code for code, _name in env['res.lang'].get_installed()
                             if code != 'en_US']
        keys = {}
        for lang in langs:
            for key, label in field._description_selection(env(context=dict(env.context, lang=lang))):
                keys.setdefault(label, key)
        cache[cache_key] = keys
    return cache[cache_key]
