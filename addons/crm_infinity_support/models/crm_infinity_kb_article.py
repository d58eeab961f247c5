from odoo import api, fields, models
from odoo.addons.http_routing.models.ir_http import slug

# The same expression in the GIN index and in the queries, so that PostgreSQL uses the index.
# HTML tags are stripped from the body so that markup does not become searchable words.
FTS_DOCUMENT = ("to_tsvector('italian', coalesce({table}name, '') || ' ' || "
                "regexp_replace(coalesce({table}body, ''), '<[^>]*>', ' ', 'g'))")


class CrmInfinityKbArticle(models.Model):
    """A knowledge base article (SPEC T14): internal (operators only) or public (portal and
    website visitors, once published). Searched in full text with the Italian dictionary."""

    _name = 'crm.infinity.kb.article'
    _description = 'Knowledge base article'
    _inherit = ['mail.thread']
    _order = 'sequence, views_count desc, id desc'

    name = fields.Char('Title', required=True, track_visibility='onchange')
    body = fields.Html()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category_id = fields.Many2one('crm.infinity.ticket.category', string='Category', index=True,
                                  ondelete='set null')
    center_id = fields.Many2one('crm.infinity.service.center', string='Service center', index=True,
                                ondelete='set null')
    tag_ids = fields.Many2many('crm.infinity.kb.tag', 'crm_infinity_kb_article_tag_rel',
                               'article_id', 'tag_id', string='Tags')
    visibility = fields.Selection([('internal', 'Internal (operators only)'),
                                   ('public', 'Public (portal and website)')],
                                  required=True, default='internal', index=True,
                                  track_visibility='onchange')
    is_published = fields.Boolean('Published', default=False, index=True, copy=False,
                                  track_visibility='onchange',
                                  help='Public articles are shown to customers only once published.')
    ticket_id = fields.Many2one('crm.infinity.ticket', string='Source ticket', index=True,
                                ondelete='set null', copy=False)
    author_id = fields.Many2one('res.users', string='Author', default=lambda self: self.env.user,
                                index=True)
    views_count = fields.Integer('Views', readonly=True, copy=False, default=0)
    website_url = fields.Char('Website URL', compute='_compute_website_url')
    search_text = fields.Char('Full text', compute='_compute_search_text',
                              search='_search_search_text',
                              help='Italian full-text search over title and body (search views).')

    @api.multi
    def _compute_website_url(self):
        for article in self:
            article.website_url = '/support/kb/%s' % slug(article) if article.id else '#'

    @api.multi
    def _compute_search_text(self):
        for article in self:
            article.search_text = False

    @api.model
    def _search_search_text(self, operator, value):
        if operator not in ('ilike', 'like', '=') or not isinstance(value, str):
            return [('id', '=', 0)]
        return [('id', 'in', self.search_fulltext(value, limit=None).ids)]

    @api.model_cr
    def init(self):
        self.env.cr.execute(
            'CREATE INDEX IF NOT EXISTS crm_infinity_kb_article_fts_idx '
            'ON crm_infinity_kb_article USING gin (%s)' % FTS_DOCUMENT.format(table=''))

    @api.multi
    def action_publish(self):
        self.write({'visibility': 'public', 'is_published': True})
        return True

    @api.multi
    def action_unpublish(self):
        self.write({'is_published': False})
        return True

    @api.multi
    def _increment_views(self):
        """One more reader. Plain SQL: a view is not a change of the article (no write date, no
        access rule on write for the portal reader, no concurrent-update conflicts)."""
        if self.ids:
            self.env.cr.execute('UPDATE crm_infinity_kb_article SET views_count = COALESCE(views_count, 0) + 1 '
                                'WHERE id IN %s', (tuple(self.ids),))
            self.invalidate_cache(['views_count'], self.ids)

    @api.model
    def _public_domain(self):
        return [('visibility', '=', 'public'), ('is_published', '=', True)]

    @api.model
    def search_fulltext(self, text, domain=None, limit=20):
        """Articles matching ``text`` in title or body, best first: PostgreSQL full text search
        with the Italian dictionary (stemming: "caldaie" finds "caldaia"), ranked with
        ts_rank; when it finds nothing (stop words only, partial words, codes) the plain
        substring search answers instead. Access rules of the current user apply."""
        domain = list(domain or [])
        text = (text or '').strip()
        if not text:
            return self.search(domain, limit=limit)
        query = self._where_calc(domain)
        self._apply_ir_rules(query, 'read')
        from_clause, where_clause, params = query.get_sql()
        where = ('WHERE %s AND ' % where_clause) if where_clause else 'WHERE '
        document = FTS_DOCUMENT.format(table='"crm_infinity_kb_article".')
        self.env.cr.execute(
            'SELECT "crm_infinity_kb_article".id FROM %s %s %s @@ plainto_tsquery(\'italian\', %%s) '
            'ORDER BY ts_rank(%s, plainto_tsquery(\'italian\', %%s)) DESC, '
            '"crm_infinity_kb_article".id DESC LIMIT %%s' % (from_clause, where, document, document),
            params + [text, text, limit])
        ids = [row[0] for row in self.env.cr.fetchall()]
        if ids:
            return self.browse(ids)
        return self.search(domain + ['|', ('name', 'ilike', text), ('body', 'ilike', text)],
                           limit=limit)
