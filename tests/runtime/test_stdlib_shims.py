"""Each shim of runtime/stdlib.py restores the API Odoo 11 calls, with the old behaviour."""
import base64
import collections
import collections.abc
import inspect
import sys
import threading
import xml.etree.ElementTree as ET

import pytest
import yaml

import runtime
from runtime import stdlib


def test_apply_is_idempotent():
    runtime.apply()
    runtime.apply()
    assert collections.Mapping is collections.abc.Mapping


@pytest.mark.parametrize('name', ['Mapping', 'MutableMapping', 'Iterable', 'Sequence', 'Set',
                                  'Callable', 'Container', 'MutableSet', 'Hashable', 'Sized'])
def test_collections_abc_aliases(name):
    assert getattr(collections, name) is getattr(collections.abc, name)


def test_getargspec_matches_old_contract():
    def f(a, b=2, *args, **kw):
        pass
    spec = inspect.getargspec(f)
    assert spec == (['a', 'b'], 'args', 'kw', (2,))
    assert spec.keywords == 'kw'


def test_getargspec_refuses_keyword_only_like_python_3_10():
    def f(a, *, b):
        pass
    with pytest.raises(ValueError):
        inspect.getargspec(f)


def test_formatargspec_round_trips_a_signature():
    def f(self, a, b='x', *args, **kwargs):
        pass
    text = inspect.formatargspec(*inspect.getargspec(f))
    assert text == "(self, a, b='x', *args, **kwargs)"
    # odoo/tools/cache.py builds source with it: the result must be valid Python
    compile('def g%s: pass' % text, '<test>', 'exec')


def test_base64_aliases():
    assert base64.encodestring(b'odoo') == b'b2Rvbw==\n'
    assert base64.decodestring(b'b2Rvbw==\n') == b'odoo'


def test_thread_isalive():
    t = threading.Thread(target=lambda: None)
    assert t.isAlive() is False


def test_elementtree_getchildren_and_getiterator():
    root = ET.fromstring('<a><b/><c><b/></c></a>')
    assert [e.tag for e in root.getchildren()] == ['b', 'c']
    assert len(root.getiterator('b')) == 2
    assert len(ET.ElementTree(root).getiterator('b')) == 2


def test_elementtree_uses_python_implementation():
    # the C accelerator's Element cannot take the methods: the shim must have bypassed it
    assert ET.Element.__module__ == 'xml.etree.ElementTree'


def test_yaml_load_without_loader():
    assert yaml.load('a: [1, 2]') == {'a': [1, 2]}


def test_yaml_load_stays_safe_from_python_objects():
    with pytest.raises(yaml.YAMLError):
        yaml.load('!!python/object/apply:os.system ["true"]')


def test_vatnumber_stand_in():
    import vatnumber
    assert vatnumber.check_vat_it('12345670017') is True
    assert vatnumber.check_vat_it('12345670018') is False
    assert vatnumber.check_vat_el('094259216') in (True, False)
    with pytest.raises(AttributeError):
        vatnumber.check_vat_zz
    with pytest.raises(Exception):
        vatnumber.check_vies('IT12345670017')


def test_shim_applied_late_still_serves_later_importers():
    """pytest imports the C ElementTree before any conftest: the shim must replace it."""
    import importlib
    saved = {k: sys.modules.pop(k) for k in list(sys.modules) if k.startswith('xml.etree')}
    try:
        c_et = importlib.import_module('xml.etree.ElementTree')
        assert not hasattr(c_et.Element, 'getchildren')
        stdlib._shim_elementtree()
        import xml.etree.ElementTree as later
        assert later is not c_et
        assert later.fromstring('<a><b/></a>').getchildren()[0].tag == 'b'
    finally:
        for k in [k for k in sys.modules if k.startswith('xml.etree')]:
            del sys.modules[k]
        sys.modules.update(saved)
        import xml.etree
        xml.etree.ElementTree = saved['xml.etree.ElementTree']
