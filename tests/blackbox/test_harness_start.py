"""The harness starts servers on a fully installed database only, and fails at once (with the
cause) on a server whose registry failed to load or misses models, instead of handing the tests
a server that answers 500 or RPC without some addon's models."""
import os
import time

import psycopg2
import pytest

from scripts.create_db import DSN
from tests import harness

# the head of a real log (var/evidence-server-keyerror.log of the KeyError 'res.partner' race)
BROKEN_LOG = """\
2026-12-06 09:13:26,467 9150 INFO crm_w_gap_card odoo.modules.loading: loading 1 modules...
2026-12-06 09:13:27,072 9150 WARNING crm_w_gap_card odoo.modules.loading: Transient module states were reset
2026-12-06 09:13:27,072 9150 ERROR crm_w_gap_card odoo.modules.registry: Failed to load registry
Traceback (most recent call last):
  File "odoo/modules/registry.py", line 85, in new
    odoo.modules.load_modules(registry._db, force_demo, status, update_module)
  File "odoo/models.py", line 538, in _build_model_attributes
    pool[parent_name]._inherits_children.add(cls._name)
KeyError: 'res.partner'
2026-12-06 09:13:27,075 9150 CRITICAL crm_w_gap_card odoo.service.server: Failed to initialize database `crm_w_gap_card`.
"""
HEALTHY_LOG = """\
2026-12-06 09:18:34,057 16345 INFO crm_w_gap_card odoo.modules.loading: loading 1 modules...
2026-12-06 09:18:34,493 16345 INFO crm_w_gap_card odoo.modules.loading: 1 modules loaded in 0.44s, 0 queries
2026-12-06 09:18:35,688 16345 INFO crm_w_gap_card odoo.modules.loading: Modules loaded.
"""


def test_registry_failure_quotes_the_failure_and_its_traceback(tmp_path):
    broken, healthy = tmp_path / 'broken.log', tmp_path / 'healthy.log'
    broken.write_text(BROKEN_LOG)
    healthy.write_text(HEALTHY_LOG)
    failure = harness.registry_failure(str(broken))
    assert failure.splitlines()[0].endswith('Failed to load registry')
    assert failure.splitlines()[-1] == "KeyError: 'res.partner'"
    assert harness.registry_failure(str(healthy)) is None
    assert harness.registry_failure(str(tmp_path / 'absent.log')) is None


def _set_state(dbname, module, state):
    conn = psycopg2.connect(dbname=dbname, **DSN)
    try:
        with conn.cursor() as cr:
            cr.execute("UPDATE ir_module_module SET state = %s WHERE name = %s", (state, module))
        conn.commit()
    finally:
        conn.close()


def test_no_server_on_a_database_caught_in_an_upgrade(test_db):
    """Modules left 'to upgrade' (an upgrade running in another process, or killed): a server
    would upgrade them itself, or reset their states if its registry fails."""
    _set_state(test_db, 'crm_infinity_test_model', 'to upgrade')
    try:
        server = harness.OdooServer(test_db)
        with pytest.raises(RuntimeError, match='crm_infinity_test_model to upgrade'):
            server.start()
        assert server.process is None  # nothing was started
    finally:
        _set_state(test_db, 'crm_infinity_test_model', 'installed')
    assert harness.transient_modules(test_db) == {}


def test_a_server_missing_an_installed_addon_fails_at_once(test_db):
    """A registry without the models of an installed addon (here: its addons path is missing)
    stops the start with the log's reason, long before the start timeout."""
    odoo_addons = os.path.join(harness.ROOT, '.venv', 'lib', 'python3.11', 'site-packages',
                               'odoo', 'addons')
    server = harness.OdooServer(test_db, extra_args=[
        '--addons-path', ','.join([os.path.join(harness.ROOT, 'addons'), odoo_addons])])
    started = time.time()
    with pytest.raises(RuntimeError, match='crm_infinity_test_model: not installable, skipped'):
        server.start(timeout=120)
    assert time.time() - started < 60
    assert server.process.poll() is not None  # stopped, not left running
