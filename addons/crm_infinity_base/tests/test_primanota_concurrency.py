"""The primanota under real concurrent transactions: each thread has its own cursor (REPEATABLE
READ, as every Odoo request) and commits. Lines are logged on a model of their own, removed at
the end."""
import threading

import psycopg2

import odoo
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tests.common import BaseCase, get_db_name

from .concurrency import CommittedTransactionsMixin

MODEL = 'test.primanota.race'


class TestPrimanotaConcurrency(CommittedTransactionsMixin, BaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = odoo.registry(get_db_name())

    def tearDown(self):
        with self._env() as env:
            env.cr.execute('DELETE FROM crm_infinity_primanota WHERE res_model = %s', (MODEL,))
            env.cr.execute('DELETE FROM crm_infinity_primanota_head WHERE res_model = %s', (MODEL,))
        super().tearDown()



    def _log(self, res_id, note, before=None, after=None, retries=None, lock_timeout=None):
        """Log one line in a transaction of its own, retried on a serialization error as Odoo's
        RPC and HTTP layers do (odoo.service.model.check)."""
        for attempt in range(5):
            try:
                with self._env() as env:
                    if lock_timeout:
                        env.cr.execute("SET LOCAL lock_timeout = %s", (lock_timeout,))
                    env.cr.execute('SELECT 1')  # the snapshot is taken here
                    if before and not attempt:
                        before()
                    env['crm.infinity.primanota']._log([{'res_model': MODEL, 'res_id': res_id,
                                                         'note': note, 'channel': 'system'}])
                    if after and not attempt:
                        after()
                return
            except psycopg2.OperationalError as error:
                if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                    raise
                if retries is not None:
                    retries.append(note)
        raise AssertionError('still failing after 5 attempts')

    def _chain(self, res_id):
        with self._env() as env:
            env.cr.execute('SELECT note, prev_hash, hash FROM crm_infinity_primanota '
                           'WHERE res_model = %s AND res_id = %s ORDER BY id', (MODEL, res_id))
            lines = env.cr.fetchall()
            return lines, env['crm.infinity.primanota'].verify_chain(MODEL, res_id)

    def test_two_transactions_on_the_same_record(self):
        """B's snapshot predates A's commit: B must not chain to a stale head (a fork, reported
        as tampering) but wait for A, fail, be retried, and chain after A's line."""
        self._log(1, 'prima')  # the record's chain exists already
        both_started = threading.Barrier(2)
        a_logged, retries = threading.Event(), []

        def a_holds():
            a_logged.set()
            threading.Event().wait(0.5)  # B is now waiting for the head row

        self._in_threads(
            lambda: self._log(1, 'A', before=both_started.wait, after=a_holds, retries=retries),
            lambda: self._log(1, 'B', before=lambda: (both_started.wait(), a_logged.wait(30)),
                              retries=retries))
        lines, problem = self._chain(1)
        self.assertEqual([l[0] for l in lines], ['prima', 'A', 'B'])
        self.assertEqual(retries, ['B'])
        self.assertEqual(len({l[1] for l in lines}), 3, 'two lines with the same previous hash')
        self.assertFalse(problem)

    def test_many_writers_on_one_record_lose_nothing(self):
        start = threading.Barrier(4)
        self._in_threads(*[
            (lambda n=n: self._log(2, 'riga %d' % n, before=start.wait)) for n in range(4)])
        lines, problem = self._chain(2)
        self.assertEqual(sorted(l[0] for l in lines), ['riga %d' % n for n in range(4)])
        self.assertFalse(problem)

    def test_different_records_do_not_wait_for_each_other(self):
        a_logged, b_done = threading.Event(), threading.Event()
        seen = {}

        def a_holds():
            a_logged.set()
            seen['b_done_while_a_open'] = b_done.wait(10)

        self._in_threads(
            lambda: self._log(3, 'A', after=a_holds),
            lambda: self._log(4, 'B', before=lambda: a_logged.wait(30),
                              after=b_done.set, lock_timeout='3s'))
        self.assertTrue(seen['b_done_while_a_open'], 'B waited for A')
        for res_id in (3, 4):
            lines, problem = self._chain(res_id)
            self.assertEqual(len(lines), 1)
            self.assertFalse(problem)
