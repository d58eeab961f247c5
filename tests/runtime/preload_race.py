"""Replay, deterministically, the race of a threaded Odoo server started by the test harness.

``bin/odoo`` (threaded, ``--workers 0``) listens, then loads the registry of ``-d DB`` in the
main thread (``preload_registries``); the harness polls ``/web/login`` meanwhile, and the first
request runs ``http.Root.load_addons`` in an HTTP thread. Here the main thread loads the
registry as ``preload_registries`` does and is paused just before it executes
``odoo.addons.base.res.res_partner``; the "HTTP thread" then runs the real ``load_addons``.
The main thread resumes once the HTTP thread registered the ``res.users`` class, finished, or
after 15 s (``http_blocked``: the HTTP thread waits for a module the main thread holds).

Usage: python preload_race.py ROOT DBNAME  (the environment decides ODOO_PRELOAD_ADDONS).
Prints one JSON line: the registry outcome and which base modules the HTTP thread executed.
"""
import importlib.abc
import json
import sys
import threading
import time

ROOT, DBNAME = sys.argv[1:3]
sys.path.insert(0, ROOT)

import runtime  # noqa: E402

runtime.apply()  # as bin/odoo does

import odoo  # noqa: E402
from odoo.models import MetaModel  # noqa: E402

from tests import harness  # noqa: E402

odoo.tools.config.parse_config(['-c', harness.CONF, '-d', DBNAME, '--addons-path',
                                harness.ADDONS_PATH, '--log-level', 'critical'])
odoo.modules.module.initialize_sys_path()

PAUSE_BEFORE = 'odoo.addons.base.res.res_partner'
main = threading.main_thread()
paused = threading.Event()
executed_by_http = []
state = {'http_blocked': False}
_guard = threading.local()


def users_registered():
    return any(cls.__dict__.get('_name') == 'res.users'
               for cls in MetaModel.module_to_models['base'])


class _SpyLoader(importlib.abc.Loader):
    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        if threading.current_thread() is not main:
            executed_by_http.append(module.__name__)
        elif module.__name__ == PAUSE_BEFORE:
            paused.set()
            deadline = time.time() + 15
            while time.time() < deadline and http.is_alive() and not users_registered():
                time.sleep(0.01)
            state['http_blocked'] = http.is_alive() and not users_registered()
        self._loader.exec_module(module)


class _SpyFinder(importlib.abc.MetaPathFinder):
    """Wraps the loader of base's modules (the other wrapping finders are asked once)."""

    def find_spec(self, fullname, path, target=None):
        if not fullname.startswith('odoo.addons.base.') or getattr(_guard, 'active', False):
            return None
        _guard.active = True
        try:
            for finder in sys.meta_path:
                if finder is self or not hasattr(finder, 'find_spec'):
                    continue
                spec = finder.find_spec(fullname, path, target)
                if spec is not None:
                    spec.loader = _SpyLoader(spec.loader)
                    return spec
            return None
        finally:
            _guard.active = False


sys.meta_path.insert(0, _SpyFinder())


def first_request():
    paused.wait()
    odoo.http.root.load_addons()


http = threading.Thread(target=first_request, name='http', daemon=True)
http.start()
try:
    odoo.modules.registry.Registry.new(DBNAME)
    outcome = 'ok'
except Exception as error:  # the outcome is the point
    outcome = '%s: %s' % (type(error).__name__, error)
names = [cls.__dict__.get('_name') or cls._inherit for cls in MetaModel.module_to_models['base']]
print(json.dumps(dict(state, registry=outcome, executed_by_http=executed_by_http,
                       partner_before_users=names.index('res.partner') < names.index('res.users'))))
