"""The public knowledge base on the website (SPEC T14): published public articles only, read
with the visitor's own rights (record rules hide internal articles from portal and public)."""
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request
from odoo.addons.http_routing.models.ir_http import unslug


class SupportKnowledgeBase(http.Controller):

    def _kb_domain(self, center_id=None):
        domain = request.env['crm.infinity.kb.article']._public_domain()
        if center_id:
            domain += [('center_id', '=', center_id)]
        return domain

    @http.route(['/support/kb'], type='http', auth='public', website=True)
    def kb_index(self, search='', center=None, **kw):
        Article = request.env['crm.infinity.kb.article']
        try:
            center_id = int(center) if center else None
        except ValueError:
            center_id = None
        # a NUL byte cannot reach PostgreSQL (it answered HTTP 500): it is no search text
        search = (search or '').replace('\x00', '')
        domain = self._kb_domain(center_id)
        articles = Article.search_fulltext(search, domain, limit=50)
        centers = Article.search(self._kb_domain()).mapped('center_id')
        return request.render('crm_infinity_support.kb_index', {
            'articles': articles.sudo(),
            'search': search,
            'centers': centers.sudo(),
            'center_id': center_id,
        })

    @http.route(['/support/kb/<string:article_slug>'], type='http', auth='public', website=True)
    def kb_article(self, article_slug, **kw):
        _name, article_id = unslug(article_slug)
        if not article_id:
            raise NotFound()
        article = request.env['crm.infinity.kb.article'].search(
            [('id', '=', article_id)] + self._kb_domain(), limit=1)
        if not article:
            raise NotFound()
        article.sudo()._increment_views()
        related = request.env['crm.infinity.kb.article'].search(
            self._kb_domain() + [('id', '!=', article.id), ('category_id', '=', article.category_id.id)],
            limit=5) if article.category_id else request.env['crm.infinity.kb.article']
        return request.render('crm_infinity_support.kb_article', {
            'article': article.sudo(),
            'related': related.sudo(),
        })
