"""The threaded server's first request must not import addons while the registry loads.

Seen on the black-box servers of the harness (threaded, polled on /web/login as soon as they
listen): ``KeyError: 'res.partner'`` while loading ``base``, then every request 500s; or a
registry without the models of an addon. ``preload_race.py`` replays that race with the real
``load_addons`` and ``Registry.new``, deterministically (see its docstring).
"""
import json
import os
import subprocess
import sys

import pytest

from runtime import odoo_patches
from tests import harness

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'preload_race.py')


def _race(dbname, preload_addons):
    env = dict(os.environ)
    env.pop('ODOO_PRELOAD_ADDONS', None)
    if preload_addons is not None:
        env['ODOO_PRELOAD_ADDONS'] = preload_addons
    result = subprocess.run([sys.executable, SCRIPT, harness.ROOT, dbname], cwd=harness.ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_odoo_preloading_addons_in_the_http_thread_breaks_the_registry(test_db):
    """The bug the shim answers: Odoo 11's default (ODOO_PRELOAD_ADDONS=yes)."""
    outcome = _race(test_db, 'yes')
    if outcome['http_blocked']:
        pytest.skip('the HTTP thread now needs a base module before res_users: this replay no '
                    'longer shows the race (the runtime test below still guards the fix)')
    assert 'odoo.addons.base.res.res_users' in outcome['executed_by_http']
    assert not outcome['partner_before_users']
    assert outcome['registry'] == "KeyError: 'res.partner'"


def test_with_the_runtime_the_registry_loads_whatever_the_first_request_does(test_db):
    outcome = _race(test_db, None)  # as bin/odoo runs: runtime.apply() decides
    assert outcome == {'registry': 'ok', 'executed_by_http': [], 'partner_before_users': True,
                       'http_blocked': False}


def test_no_addons_preload_is_the_default_an_explicit_choice_is_kept():
    environ = {}
    odoo_patches.no_addons_preload(environ)
    assert environ == {'ODOO_PRELOAD_ADDONS': 'no'}
    environ = {'ODOO_PRELOAD_ADDONS': 'yes'}
    odoo_patches.no_addons_preload(environ)
    assert environ == {'ODOO_PRELOAD_ADDONS': 'yes'}


def test_bin_odoo_runs_without_addons_preload():
    import runtime
    runtime.apply()
    assert os.environ.get('ODOO_PRELOAD_ADDONS') == 'no'
