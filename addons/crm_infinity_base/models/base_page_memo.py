from odoo import api, models

from .crm_infinity_timeline_provider import page_memo


class Base(models.AbstractModel):
    """Searches made while one page of the *Scheda riepilogo* is computed, done once: the
    viewer's record rules of a dozen models ask the same sub-searches again and again (the
    partners of his companies, the companies of his company, his followed records), and the
    page writes nothing. Outside a page (no engine memo in the context) nothing changes."""

    _inherit = 'base'

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False,
                access_rights_uid=None):
        memo = page_memo(self.env)
        if memo is None:
            return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                                   access_rights_uid=access_rights_uid)
        context = sorted((key, repr(value)) for key, value in self.env.context.items()
                         if key != 'crm_timeline_memo')
        key = ('_search', self._name, self._uid, repr(args), offset, limit, order, count,
               access_rights_uid, repr(context))
        if key not in memo:
            memo[key] = super()._search(args, offset=offset, limit=limit, order=order,
                                        count=count, access_rights_uid=access_rights_uid)
        result = memo[key]
        return list(result) if isinstance(result, list) else result
