"""Helpers of the tests that run real concurrent transactions (each with its own cursor,
REPEATABLE READ as every Odoo request, committed): used by the primanota and the help desk
concurrency tests. A plain module, not a test file."""
import threading
from contextlib import contextmanager

from odoo import SUPERUSER_ID, api


class CommittedTransactionsMixin:
    """For ``BaseCase`` classes whose ``registry`` is set in ``setUpClass``."""

    @classmethod
    @contextmanager
    def _env(cls, uid=SUPERUSER_ID):
        """A transaction of its own, committed when the block ends without error."""
        with api.Environment.manage(), cls.registry.cursor() as cr:
            yield api.Environment(cr, uid, {'lang': 'en_US'})

    def _in_threads(self, *targets):
        """Run each target in a thread of its own; fail on a stuck thread or any error."""
        errors = []

        def run(target):
            try:
                target()
            except Exception as error:  # reported in the main thread
                errors.append(error)

        threads = [threading.Thread(target=run, args=(t,)) for t in targets]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertFalse([t for t in threads if t.is_alive()], 'a thread is stuck')
        self.assertEqual(errors, [])
