import base64
import threading

import psycopg2

from odoo.tests.common import BaseCase, get_db_name
from odoo import registry as odoo_registry

from odoo.addons.crm_infinity_base.tests.concurrency import CommittedTransactionsMixin

NOMINATIVO = 'crm.infinity.nominativo'
CSV = 'Nome;Email\nConcorrente Uno;uno@concurrent-imp.example\n' \
      'Concorrente Due;due@concurrent-imp.example\n'


class TestImportConcurrency(CommittedTransactionsMixin, BaseCase):
    """Two imports of the same file at once, in two real transactions (REPEATABLE READ, as two
    requests): each person is created once; the import that waited is retried (as Odoo retries a
    serialization failure) and finds them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = odoo_registry(get_db_name())

    def tearDown(self):
        with self._env() as env:
            env[NOMINATIVO].with_context(active_test=False).search(
                [('email', 'like', '@concurrent-imp.example')]).unlink()
        super().tearDown()

    def test_two_imports_at_once(self):
        ids = []
        with self._env() as env:
            for _i in range(2):
                wizard = env['crm.infinity.nominativo.import'].create({
                    'file': base64.b64encode(CSV.encode()), 'filename': 'doppio.csv'})
                wizard.action_read_file()
                wizard.action_dry_run()
                ids.append(wizard.id)
        barrier = threading.Barrier(2, timeout=30)
        outcomes = {}

        def run(wizard_id):
            retried = False
            while True:
                try:
                    with self._env() as env:
                        env.cr.execute('SELECT count(*) FROM crm_infinity_nominativo')  # snapshot
                        if not retried:
                            barrier.wait()
                        wizard = env['crm.infinity.nominativo.import'].browse(wizard_id)
                        wizard.action_import()
                        outcomes[wizard_id] = (retried, wizard.count_create, wizard.count_update)
                    return
                except psycopg2.extensions.TransactionRollbackError:
                    self.assertFalse(retried)
                    retried = True  # what Odoo's RPC layer does: the request again

        self._in_threads(*[lambda i=i: run(i) for i in ids])
        self.assertEqual(sorted(outcomes.values()), [(False, 2, 0), (True, 0, 2)])
        with self._env() as env:
            self.assertEqual(env[NOMINATIVO].search_count(
                [('email', 'like', '@concurrent-imp.example')]), 2)
