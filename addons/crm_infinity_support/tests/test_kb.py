from odoo.exceptions import AccessError

from .portal_common import SupportPortalCase


class TestKnowledgeBase(SupportPortalCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Article = cls.env['crm.infinity.kb.article']
        cls.public = Article.create({
            'name': 'Caldaia in blocco: codice E03', 'center_id': cls.center_open.id,
            'visibility': 'public', 'is_published': True,
            'body': '<p>Le caldaie vanno in blocco quando la pressione è troppo bassa.</p>'})
        cls.other_public = Article.create({
            'name': 'Manutenzione periodica', 'visibility': 'public', 'is_published': True,
            'body': '<p>Il controllo dei fumi è obbligatorio; la caldaia va pulita ogni anno.</p>'})
        cls.internal = Article.create({
            'name': 'Codice segreto della caldaia', 'visibility': 'internal',
            'body': '<p>Reset della scheda con il codice 0-4-7.</p>'})
        cls.draft = Article.create({
            'name': 'Bozza sulla caldaia', 'visibility': 'public', 'is_published': False,
            'body': '<p>Da rivedere.</p>'})

    def test_full_text_search_uses_italian_stemming_and_ranks(self):
        Article = self.env['crm.infinity.kb.article']
        domain = [('id', 'in', (self.public | self.other_public | self.internal).ids)]
        # "caldaie" (plural) finds the articles that say "caldaia" too; the one with the word in
        # the title and twice in the body comes first
        found = Article.search_fulltext('caldaie', domain)
        self.assertEqual(found[0], self.public)
        self.assertIn(self.other_public, found)
        self.assertIn(self.internal, found)
        self.assertEqual(Article.search_fulltext('pressione bassa', domain), self.public)

    def test_search_view_field_searches_full_text(self):
        Article = self.env['crm.infinity.kb.article'].sudo(self.operator)
        found = Article.search([('search_text', 'ilike', 'caldaie'), ('id', 'in', (self.public | self.draft).ids)])
        self.assertEqual(found, self.public | self.draft)

    def test_search_falls_back_to_substring(self):
        Article = self.env['crm.infinity.kb.article']
        domain = [('id', 'in', (self.public | self.internal).ids)]
        # a code is no Italian word: full text finds nothing, the substring search does
        self.assertEqual(Article.search_fulltext('0-4-7', domain), self.internal)
        self.assertEqual(Article.search_fulltext('xyzzy', domain), Article)

    def test_portal_and_public_users_never_read_internal_articles(self):
        public_user = self.env.ref('base.public_user')
        for user in (self.user_alfa, public_user):
            Article = self.env['crm.infinity.kb.article'].sudo(user)
            visible = Article.search([])
            self.assertIn(self.public, visible)
            self.assertNotIn(self.internal, visible)
            self.assertNotIn(self.draft, visible)
            self.assertNotIn(self.internal, Article.search_fulltext('caldaia'))
            self.assertNotIn(self.internal, Article.search_fulltext('0-4-7'))
            with self.assertRaises(AccessError):
                self.internal.sudo(user).read(['body'])
            with self.assertRaises(AccessError):
                Article.create({'name': 'Intruso', 'visibility': 'public', 'is_published': True})

    def test_operator_reads_internal_articles(self):
        Article = self.env['crm.infinity.kb.article'].sudo(self.operator)
        self.assertIn(self.internal, Article.search_fulltext('codice segreto'))

    def test_create_article_from_ticket_is_prefilled_with_the_last_operator_reply(self):
        ticket = self._ticket(self.alfa_boss, description='<p>La caldaia non parte.</p>',
                              category_id=self.category.id)
        ticket.sudo(self.operator).message_post(
            body='<p>Ripristinare la pressione a 1,2 bar.</p>', message_type='comment',
            subtype='mail.mt_comment')
        ticket.sudo(self.operator).message_post(
            body='<p>Nota interna: cliente difficile.</p>', message_type='comment',
            subtype='mail.mt_note')
        ticket.sudo(self.user_alfa)._portal_reply('Grazie, ora funziona.')
        action = ticket.sudo(self.operator).action_create_kb_article()
        self.assertEqual(action['res_model'], 'crm.infinity.kb.article')
        article = self.env['crm.infinity.kb.article'].sudo(self.operator).with_context(
            action['context']).create({})
        self.assertEqual(article.name, ticket.name)
        self.assertEqual(article.ticket_id, ticket)
        self.assertEqual(article.center_id, self.center_open)
        self.assertEqual(article.category_id, self.category)
        self.assertEqual(article.visibility, 'internal')
        self.assertIn('La caldaia non parte', article.body)
        self.assertIn('Ripristinare la pressione', article.body)
        self.assertNotIn('cliente difficile', article.body)
        self.assertNotIn('ora funziona', article.body)
        self.assertEqual(ticket.kb_article_count, 1)

    def test_views_are_counted_without_write_access(self):
        self.public.sudo(self.user_alfa).sudo()._increment_views()
        self.public.sudo()._increment_views()
        self.public.refresh()
        self.assertEqual(self.public.views_count, 2)
        self.assertIn('/support/kb/', self.public.website_url)
