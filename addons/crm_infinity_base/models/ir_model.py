from odoo import api, models


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
