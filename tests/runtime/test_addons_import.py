"""Odoo 11 imports its addons (``odoo.addons.<name>``) through ``AddonsHook``, a legacy
``find_module``/``load_module`` finder: the module is put in ``sys.modules`` before its
``__init__`` runs and, with no module spec, CPython 3.11 lets a second thread take that half-run
module instead of waiting for it. A threaded server answering a request while it loads its
registry (``Root.load_addons`` imports every addon in the request thread) then built a registry
with models missing ("L'oggetto crm.infinity.ticket.sla non esiste"; or "Failed to load registry:
KeyError 'res.partner'"). The shim gives ``AddonsHook`` a ``find_spec``: the second thread waits."""
import os
import sys
import threading

import pytest

import runtime

ADDON = 'crm_infinity_import_race_probe'
INIT = '''import time
time.sleep(0.5)  # a slow __init__ (models imported one after the other)
LAST = 'defined at the end of __init__'
'''


@pytest.fixture
def probe_addon(tmp_path):
    runtime.apply()
    from odoo.modules import module
    module.initialize_sys_path()
    (tmp_path / ADDON).mkdir()
    (tmp_path / ADDON / '__init__.py').write_text(INIT)
    module.ad_paths.append(str(tmp_path))
    try:
        yield 'odoo.addons.' + ADDON
    finally:
        module.ad_paths.remove(str(tmp_path))
        for name in ('odoo.addons.' + ADDON, 'openerp.addons.' + ADDON):
            sys.modules.pop(name, None)
        import odoo.addons
        if hasattr(odoo.addons, ADDON):
            delattr(odoo.addons, ADDON)


def test_an_addon_imported_by_two_threads_at_once_is_whole_in_both(probe_addon):
    seen, errors = {}, []

    def load(key):
        try:
            seen[key] = getattr(__import__(probe_addon, fromlist=['LAST']), 'LAST', None)
        except Exception as e:  # noqa: BLE001 (reported below)
            errors.append(repr(e))

    first = threading.Thread(target=load, args=('first',))
    first.start()
    while probe_addon not in sys.modules and first.is_alive():
        pass  # the first thread is inside the addon's __init__
    second = threading.Thread(target=load, args=('second',))
    second.start()
    first.join(10)
    second.join(10)
    assert errors == []
    assert seen == {'first': 'defined at the end of __init__',
                    'second': 'defined at the end of __init__'}


def test_an_addon_is_still_a_package_of_its_addons_path(probe_addon):
    addon = __import__(probe_addon, fromlist=['LAST'])
    assert addon.__file__.endswith(os.path.join(ADDON, '__init__.py'))
    assert addon.__path__ == [os.path.dirname(addon.__file__)]
    assert addon.__package__ == probe_addon
    import odoo.addons
    assert getattr(odoo.addons, ADDON) is addon
    # the old name still reaches the same module
    assert __import__('openerp.addons.' + ADDON, fromlist=['LAST']) is addon
