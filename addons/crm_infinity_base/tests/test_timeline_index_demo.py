"""The index of the Scheda riepilogo on the demo data: for every demo company with items, as
every demo profile who reads the company (salespeople, commessa manager, support operators and
manager, CRM admin, assignee, marketing), every page of the card read through the index equals
the page made from the providers' sources — all kinds, and for the busiest one kind alone.
Small pages, so that the keyset paging and the index's candidate batches are walked many
times."""
import time

from .common import CrmInfinityCase, TimelineIndexMixin

LOGINS = ('giulia.bianchi', 'marco.ferrari', 'luca.romano', 'sara.colombo', 'paolo.ricci',
          'elena.marino', 'davide.conti', 'francesca.galli', 'chiara.moretti', 'andrea.greco',
          'silvia.fontana')
BUSIEST = 12  # also read one kind alone: the test stays within about a minute here
PAGE = 8


class TestTimelineIndexDemo(TimelineIndexMixin, CrmInfinityCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Users = cls.env['res.users'].with_context(active_test=False)
        cls.users = Users.search([('login', 'in', LOGINS)], order='login')
        if len(cls.users) < len(LOGINS):
            cls.companies = None
            return
        Timeline = cls.env['crm.infinity.timeline']
        companies = cls.env['res.partner'].search([('is_company', '=', True)])
        for company in companies:  # the index of every demo company, as a card would make it
            Timeline._crm_index_refresh(company.id)
        cls.env.cr.execute("""SELECT commercial_id, count(*) FROM crm_infinity_timeline_item
                               WHERE commercial_id = ANY(%s) GROUP BY commercial_id
                               ORDER BY count(*) DESC, commercial_id""", [companies.ids])
        cls.companies = cls.env['res.partner'].browse([row[0] for row in cls.env.cr.fetchall()])

    def setUp(self):
        super().setUp()
        if not self.companies:
            self.skipTest('no demo data')

    def _readers(self, company):
        """The demo users who may open the card of ``company``."""
        return self.users.filtered(lambda user: self.env['res.partner'].sudo(user).search(
            [('id', '=', company.id)]))

    def _main_kind(self, company):
        self.env.cr.execute('SELECT kind FROM crm_infinity_timeline_item WHERE commercial_id = %s '
                            'GROUP BY kind ORDER BY count(*) DESC, kind LIMIT 1', [company.id])
        return self.env.cr.fetchone()[0]

    def test_the_demo_index_has_every_profile_and_many_kinds(self):
        # the proof below is worth something only if the demo gives it material
        self.assertGreater(len(self.companies), BUSIEST)
        self.env.cr.execute('SELECT count(DISTINCT kind), count(DISTINCT key), count(*) '
                            'FROM crm_infinity_timeline_item WHERE commercial_id = ANY(%s)',
                            [self.companies.ids])
        kinds, keys, items = self.env.cr.fetchone()
        self.assertGreaterEqual(kinds, 6)
        self.assertGreaterEqual(keys, 10)
        self.assertGreater(items, len(self.companies) * PAGE)
        readers = set()
        for company in self.companies:
            readers |= set(self._readers(company).mapped('login'))
        self.assertEqual(readers, set(LOGINS), 'a profile reads none of the companies tested')

    def test_the_proof_sees_an_item_missing_from_the_index(self):
        company = self.companies[0]
        admin = self.users.filtered(lambda user: user.login == 'chiara.moretti')
        self.env.cr.execute('DELETE FROM crm_infinity_timeline_item WHERE ctid = (SELECT ctid '
                            'FROM crm_infinity_timeline_item WHERE commercial_id = %s AND NOT due '
                            'ORDER BY date DESC LIMIT 1 OFFSET 3)', [company.id])
        with self.assertRaises(AssertionError):
            self.assertCardIndexed(company, admin, limit=PAGE)

    def test_every_demo_card_read_through_the_index_equals_the_sources(self):
        started = time.time()
        for rank, company in enumerate(self.companies):
            readers = self._readers(company)
            with self.subTest(company=company.display_name):
                self.assertTrue(readers)
                self.assertCardIndexed(company, readers, limit=PAGE)
            if rank >= BUSIEST:
                continue
            kind = self._main_kind(company)
            with self.subTest(company=company.display_name, kind=kind):
                self.assertCardIndexed(company, readers, limit=PAGE // 2, kinds=[kind])
        self.assertLess(time.time() - started, 180)  # about 45 s on the shared 2-core machine
