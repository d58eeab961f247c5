"""Test harness of the whole repository (see README.md, "Tests").

* ``runtime.apply()`` runs before anything imports Odoo.
* Tests inside ``addons/*/tests/`` are Odoo test cases: they are imported under their real name
  (``odoo.addons.<addon>.tests.<module>``) and run against a fresh database that has every
  CRM Infinity addon installed with demo data, created once per session.
* Black-box tests (``tests/blackbox``) get a real Odoo server on a free port (fixtures in
  ``tests/conftest.py``).
"""
import importlib
import os

import pytest
from _pytest.python import Module, Package

import runtime

runtime.apply()

from tests import harness  # noqa: E402  (after runtime.apply())

ADDONS_DIR = os.path.join(harness.ROOT, 'addons')
# test-only Odoo addons: loaded by Odoo in the test database, never imported by pytest
collect_ignore = ['tests/addons']


def pytest_configure(config):
    harness.configure_odoo()


def pytest_unconfigure(config):
    harness.unconfigure_odoo()


def _odoo_module_name(path):
    rel = os.path.relpath(str(path), ADDONS_DIR)[:-len('.py')].split(os.sep)
    if rel[-1] == '__init__':
        rel = rel[:-1]
    return 'odoo.addons.' + '.'.join(rel)


def _needs_database(path):
    """Only an addon's own ``tests/`` package holds Odoo test cases; the tests of its
    framework-free packages (``engines/``, ``fatturapa/``, ``sla/``...) need no database."""
    parts = os.path.relpath(str(path), ADDONS_DIR).split(os.sep)
    return len(parts) > 1 and parts[1] == 'tests'


class _OdooImportMixin:
    """Import addon files under ``odoo.addons.*`` so that models are registered only once."""

    def _importtestmodule(self):
        if _needs_database(self.path):
            harness.ensure_test_db()
        mod = importlib.import_module(_odoo_module_name(self.path))
        self.config.pluginmanager.consider_module(mod)
        return mod


class OdooModule(_OdooImportMixin, Module):
    pass


class OdooPackage(_OdooImportMixin, Package):
    pass


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path, parent):
    if not str(module_path).startswith(ADDONS_DIR + os.sep):
        return None
    if module_path.name == '__init__.py':
        return OdooPackage.from_parent(parent, path=module_path)
    return OdooModule.from_parent(parent, path=module_path)
