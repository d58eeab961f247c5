"""The index of the Scheda riepilogo under concurrent transactions (each with its own cursor,
REPEATABLE READ as every Odoo request, committed): two cards of a company at once while its
index is (re)made, a change committed by a writer after a card's snapshot, the cron and a
card at once. Each test's company, its calls and its index rows are removed at the end."""
import threading
import time
from datetime import datetime, timedelta
from unittest.mock import patch

import odoo
from odoo import SUPERUSER_ID, fields
from odoo.tests.common import BaseCase, get_db_name

from ..models.crm_infinity_timeline_index import CrmInfinityTimeline
from .concurrency import CommittedTransactionsMixin

CALLS = ['communication']


class TestTimelineIndexConcurrency(CommittedTransactionsMixin, BaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = odoo.registry(get_db_name())
        cls.now = datetime.utcnow().replace(microsecond=0)

    def setUp(self):
        super().setUp()
        with self._env() as env:
            company = env['res.partner'].create({'name': 'Concorrenza Indice S.r.l.',
                                                 'is_company': True})
            contact = env['res.partner'].create({'name': 'Giacomo Indice',
                                                 'parent_id': company.id})
            self.company_id, self.contact_id = company.id, contact.id
            self.call_ids = [self._call(env, partner, days)
                             for partner, days in ((company, 1), (contact, 2), (company, 3))]

    def tearDown(self):
        with self._env() as env:
            env['crm.infinity.communication'].search(
                [('partner_id', 'in', [self.company_id, self.contact_id])]).unlink()
            env['res.partner'].browse([self.contact_id, self.company_id]).unlink()
            for table in ('item', 'built', 'dirty'):
                env.cr.execute('DELETE FROM crm_infinity_timeline_%s WHERE commercial_id = %%s'
                               % table, [self.company_id])
        super().tearDown()

    def _call(self, env, partner, days):
        return env['crm.infinity.communication'].create({
            'partner_id': partner.id, 'subject': 'Chiamata %s' % days, 'kind': 'phone',
            'direction': 'out', 'user_id': SUPERUSER_ID,
            'date': fields.Datetime.to_string(self.now - timedelta(days=days))}).id

    def _calls_on_card(self, env):
        """The ids of the calls on the first page of the company's card, newest first."""
        page = env['crm.infinity.timeline'].crm_timeline_load(self.company_id, kinds=CALLS,
                                                               limit=20)
        return [item['res_id'] for item in page['items'] if item.get('kind') == 'communication']

    def _index_state(self):
        """``(built, queued keys, indexed call ids)`` of the company, as committed."""
        with self._env() as env:
            env.cr.execute('SELECT EXISTS(SELECT 1 FROM crm_infinity_timeline_built '
                           '              WHERE commercial_id = %s), '
                           '       ARRAY(SELECT DISTINCT key FROM crm_infinity_timeline_dirty '
                           '              WHERE commercial_id = %s ORDER BY key), '
                           "       ARRAY(SELECT res_id FROM crm_infinity_timeline_item "
                           "              WHERE commercial_id = %s AND key = 'communication' "
                           '              ORDER BY date DESC)', [self.company_id] * 3)
            return env.cr.fetchone()

    def _slow_builds(self, results):
        """Patches: each build of the index takes a while (the other transaction meets it
        uncommitted); ``results`` collects what each refresh returned."""
        build = CrmInfinityTimeline._crm_index_build
        refresh = CrmInfinityTimeline._crm_index_refresh

        def slow_build(self, *args, **kwargs):
            result = build(self, *args, **kwargs)
            time.sleep(0.3)
            return result

        def counted_refresh(self, commercial_id):
            result = refresh(self, commercial_id)
            results.append(result)
            return result
        return (patch.object(CrmInfinityTimeline, '_crm_index_build', slow_build),
                patch.object(CrmInfinityTimeline, '_crm_index_refresh', counted_refresh))

    def _card_in_thread(self, start, pages):
        def card():
            with self._env() as env:
                env.cr.execute('SELECT 1')  # the snapshot is taken before the other commits
                start.wait(10)
                pages.append(self._calls_on_card(env))
        return card

    def test_two_cards_at_once_while_the_index_is_made(self):
        expected = list(self.call_ids)
        for change in ('first build', 'queued change'):
            with self.subTest(change=change):
                if change == 'queued change':
                    with self._env() as env:  # a call after the index was made
                        expected.insert(0, self._call(env, env['res.partner'].browse(
                            self.contact_id), 0))
                    self.assertEqual(self._index_state()[1], ['communication'])
                start, pages, results = threading.Barrier(2), [], []
                build, refresh = self._slow_builds(results)
                with build, refresh:
                    self._in_threads(self._card_in_thread(start, pages),
                                     self._card_in_thread(start, pages))
                # both pages right; one card made the index, the other its page without it
                self.assertEqual(pages, [expected, expected])
                self.assertEqual(sorted(results), [False, True])
                self.assertEqual(self._index_state(), (True, [], expected))

    def _writer_after_reader_snapshot(self):
        """A card whose snapshot is taken before a writer commits a new call, and which makes
        the index after that: returns the new call's id and the card's calls."""
        with self._env() as reader:
            reader.cr.execute('SELECT 1')  # the card's snapshot
            with self._env() as writer:
                new_id = self._call(writer, writer['res.partner'].browse(self.contact_id), 0)
            calls = self._calls_on_card(reader)  # makes the index, from its snapshot
        return new_id, calls

    def test_a_change_committed_after_the_snapshot_of_a_card_redoing_the_index(self):
        with self._env() as env:
            self.assertEqual(self._calls_on_card(env), self.call_ids)  # the index is made
        with self._env() as env:  # a change queued
            env['crm.infinity.communication'].browse(self.call_ids[2]).write(
                {'date': fields.Datetime.to_string(self.now - timedelta(days=4))})
        new_id, calls = self._writer_after_reader_snapshot()
        self.assertEqual(calls, self.call_ids)  # the card saw its snapshot
        # the writer's change stays queued: the next card shows it
        self.assertEqual(self._index_state()[1], ['communication'])
        with self._env() as env:
            self.assertEqual(self._calls_on_card(env), [new_id] + self.call_ids)
        self.assertEqual(self._index_state(), (True, [], [new_id] + self.call_ids))

    def test_a_change_committed_after_the_snapshot_of_the_card_making_the_index(self):
        # the company's index is made for the first time by a card whose snapshot is older
        # than the writer's commit, and the writer's snapshot is older than the card's
        # commit: neither sees the other, the change must still reach the index
        new_id, calls = self._writer_after_reader_snapshot()
        self.assertEqual(calls, self.call_ids)
        with self._env() as env:
            self.assertEqual(self._calls_on_card(env), [new_id] + self.call_ids)
        self.assertEqual(self._index_state(), (True, [], [new_id] + self.call_ids))

    def test_the_cron_and_a_card_at_once(self):
        with self._env() as env:
            self.assertEqual(self._calls_on_card(env), self.call_ids)
        with self._env() as env:
            new_id = self._call(env, env['res.partner'].browse(self.company_id), 0)
        start, pages, results = threading.Barrier(2), [], []

        def cron():
            with self._env() as env:
                env.cr.execute('SELECT 1')
                start.wait(10)
                env['crm.infinity.timeline']._crm_index_cron()

        build, refresh = self._slow_builds(results)
        with build, refresh:
            self._in_threads(cron, self._card_in_thread(start, pages))
        self.assertEqual(pages, [[new_id] + self.call_ids])
        self.assertIn(True, results)
        self.assertEqual(self._index_state(), (True, [], [new_id] + self.call_ids))

    def test_a_card_does_not_wait_for_a_long_transaction_redoing_its_index(self):
        # the cron redoes up to 50 companies in one transaction: a card of one of them made
        # while it runs is made from the sources at once, not after the cron's commit
        with self._env() as env:
            self.assertEqual(self._calls_on_card(env), self.call_ids)
        with self._env() as env:
            new_id = self._call(env, env['res.partner'].browse(self.company_id), 0)
        redone, pages, waited = threading.Event(), [], []

        def cron():
            with self._env() as env:
                env['crm.infinity.timeline']._crm_index_refresh(self.company_id)
                redone.set()
                time.sleep(3)  # the other companies of the cron

        def card():
            redone.wait(10)
            with self._env() as env:
                started = time.time()
                pages.append(self._calls_on_card(env))
                waited.append(time.time() - started)

        self._in_threads(cron, card)
        self.assertEqual(pages, [[new_id] + self.call_ids])
        self.assertLess(waited[0], 2)
        self.assertEqual(self._index_state(), (True, [], [new_id] + self.call_ids))
