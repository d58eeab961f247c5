from .common import SupportCockpitCase


class TestFulltextSearch(SupportCockpitCase):
    """Full-text search over subjects, descriptions and messages, with Italian stemming."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.boiler = cls._ticket(name='Caldaia in blocco',
                                 description='<p>Il <b>bruciatore</b> non si accende</p>')
        cls.valves = cls._ticket(name='Richiesta di intervento')
        cls.valves.message_post(body='<p>Le valvole del circuito perdono acqua</p>',
                                message_type='comment', subtype='mail.mt_comment')
        cls.invoice = cls._ticket(name='Fattura da correggere')

    def _find(self, words, user=None):
        Ticket = self.Ticket.sudo(user) if user else self.Ticket
        return Ticket.search([('fulltext', 'ilike', words),
                              ('center_id', 'in', (self.center | self.center_b).ids)])

    def test_subject_with_italian_stemming(self):
        self.assertEqual(self._find('caldaie'), self.boiler)
        self.assertEqual(self._find('CALDAIA bloccata'), self.boiler)

    def test_description_without_html_tags(self):
        self.assertEqual(self._find('bruciatori'), self.boiler)
        self.assertFalse(self._find('b'))

    def test_messages_of_the_ticket(self):
        self.assertEqual(self._find('valvola'), self.valves)
        self.valves.message_post(body='<p>Sostituito il manometro</p>', message_type='comment',
                                 subtype='mail.mt_note')
        self.assertEqual(self._find('manometri'), self.valves)

    def test_all_words_must_match(self):
        self.assertFalse(self._find('caldaia fattura'))
        self.assertEqual(self._find('fattura'), self.invoice)

    def test_negation_and_record_rules(self):
        found = self.Ticket.search([('fulltext', 'not ilike', 'caldaia'),
                                    ('center_id', '=', self.center.id)])
        self.assertEqual(found, self.valves | self.invoice)
        self.assertFalse(self._find('caldaia', user=self.stranger))
        self.assertEqual(self._find('caldaia', user=self.operator), self.boiler)

    def test_archived_tickets_stay_searchable(self):
        self.boiler.active = False
        self.assertFalse(self._find('caldaia'))
        # within the test's own center: the demo office has archived boiler tickets of its own
        found = self.Ticket.search([('fulltext', 'ilike', 'caldaia'), ('active', '=', False),
                                    ('center_id', '=', self.center.id)])
        self.assertEqual(found, self.boiler)

    def test_gin_indexes_exist(self):
        self.env.cr.execute("SELECT indexname FROM pg_indexes WHERE indexname IN %s",
                            (('crm_infinity_ticket_fulltext_index',
                              'crm_infinity_ticket_message_fulltext_index'),))
        self.assertEqual(len(self.env.cr.fetchall()), 2)
