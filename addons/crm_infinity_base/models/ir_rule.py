from odoo import api, models

from .crm_infinity_timeline_provider import page_memo


class IrRule(models.Model):
    _inherit = 'ir.rule'

    @api.model
    def domain_get(self, model_name, mode='read'):
        """Odoo's, computed once per page of the *Scheda riepilogo* (context key
        ``crm_timeline_memo``, set by ``crm.infinity.timeline`` only): the card applies the
        viewer's rules of a model to several queries of one request, and turning a rule into
        SQL may itself query (a rule on a computed field's search), every time."""
        memo = page_memo(self.env)
        if memo is None:
            return super().domain_get(model_name, mode)
        key = ('ir.rule', self.env.uid, model_name, mode)
        if key not in memo:
            memo[key] = super().domain_get(model_name, mode)
        where, params, tables = memo[key]
        return list(where), list(params), list(tables)
