"""Shims for standard-library and third-party APIs that Odoo 11 uses and Python 3.11 removed.

Each ``_shim_*`` function restores exactly one removed API, with the Python (or library)
release that removed it in its docstring, and is a no-op when the name already exists.
"""
import base64
import collections
import collections.abc
import importlib
import inspect
import sys
import threading
import warnings
from collections import namedtuple


def _shim_collections_abc():
    """Python 3.10 removed the ABC aliases from ``collections`` (bpo-37324).

    Odoo 11 uses ``collections.Mapping``, ``collections.Iterable``, ``collections.Sequence``,
    ``collections.Set`` (odoo/models.py, osv/expression.py, tools/misc.py, ...).
    """
    for name in collections.abc.__all__:
        if not hasattr(collections, name):
            setattr(collections, name, getattr(collections.abc, name))


ArgSpec = namedtuple('ArgSpec', 'args varargs keywords defaults')


def getargspec(func):
    """``inspect.getargspec`` as Python 3.10 had it, before 3.11 removed it (bpo-45320).

    Like the original, refuse functions with keyword-only arguments or annotations that the
    old 4-tuple cannot describe, so callers see the same contract.
    """
    spec = inspect.getfullargspec(func)
    if spec.kwonlyargs or spec.annotations:
        raise ValueError("Function has keyword-only parameters or annotations, "
                         "use inspect.signature() API which can support them")
    return ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)


def formatargspec(args, varargs=None, varkw=None, defaults=None, *_ignored,
                  formatarg=str,
                  formatvarargs=lambda name: '*' + name,
                  formatvarkw=lambda name: '**' + name,
                  formatvalue=lambda value: '=' + repr(value)):
    """``inspect.formatargspec`` (removed in Python 3.11, bpo-45320), for the 4-tuple form.

    Odoo 11's ``tools/cache.py`` uses it to build the source of cache wrappers.
    """
    specs = []
    first_default = len(args) - len(defaults) if defaults else len(args)
    for i, arg in enumerate(args):
        spec = formatarg(arg)
        if defaults and i >= first_default:
            spec += formatvalue(defaults[i - first_default])
        specs.append(spec)
    if varargs is not None:
        specs.append(formatvarargs(varargs))
    if varkw is not None:
        specs.append(formatvarkw(varkw))
    return '(' + ', '.join(specs) + ')'


def _shim_inspect():
    """Python 3.11 removed ``inspect.getargspec`` and ``inspect.formatargspec`` (bpo-45320)."""
    if not hasattr(inspect, 'getargspec'):
        inspect.getargspec = getargspec
    if not hasattr(inspect, 'formatargspec'):
        inspect.formatargspec = formatargspec
    if not hasattr(inspect, 'ArgSpec'):
        inspect.ArgSpec = ArgSpec


def _shim_base64():
    """Python 3.9 removed ``base64.encodestring``/``decodestring`` (bpo-38916).

    They were aliases of ``encodebytes``/``decodebytes``; Odoo 11 calls them for attachments,
    reports and translations.
    """
    if not hasattr(base64, 'encodestring'):
        base64.encodestring = base64.encodebytes
    if not hasattr(base64, 'decodestring'):
        base64.decodestring = base64.decodebytes


def _shim_threading():
    """Python 3.9 removed ``Thread.isAlive`` (bpo-37804); odoo/service/server.py calls it."""
    if not hasattr(threading.Thread, 'isAlive'):
        threading.Thread.isAlive = threading.Thread.is_alive


def _shim_elementtree():
    """Python 3.9 removed ``Element.getchildren()`` and ``getiterator()`` (bpo-36543).

    The C accelerator's ``Element`` type is immutable, so the methods can only be added back to
    the pure-Python implementation: import ``xml.etree.ElementTree`` with ``_elementtree``
    blocked. If the accelerated module was imported already (pytest's junitxml plugin does so
    before any conftest), it is replaced in ``sys.modules``: modules imported from then on (Odoo)
    get the pure-Python one, earlier importers keep theirs.
    """
    current = sys.modules.get('xml.etree.ElementTree')
    if current is not None and hasattr(current.Element, 'getchildren'):
        return
    if current is not None:
        del sys.modules['xml.etree.ElementTree']
    saved = sys.modules.get('_elementtree', False)
    sys.modules['_elementtree'] = None  # makes "from _elementtree import *" fail
    try:
        etree_mod = importlib.import_module('xml.etree.ElementTree')
    finally:
        if saved is False:
            del sys.modules['_elementtree']
        else:
            sys.modules['_elementtree'] = saved
    import xml.etree
    xml.etree.ElementTree = etree_mod
    etree_mod.Element.getchildren = lambda self: list(self)
    etree_mod.Element.getiterator = lambda self, tag=None: list(self.iter(tag))
    etree_mod.ElementTree.getiterator = lambda self, tag=None: list(self.iter(tag))


def _shim_yaml():
    """PyYAML 6 made the ``Loader`` argument of ``yaml.load`` mandatory.

    Odoo 11's ``tools/yaml_import.py`` calls ``yaml.load(text)``; keep the old default loader
    for that call only when no loader is given.
    """
    try:
        import yaml
    except ImportError:  # pragma: no cover - yaml is pinned in requirements.txt
        return
    if getattr(yaml.load, '_crm_infinity_shim', False):
        return
    original = yaml.load

    def load(stream, Loader=None):
        return original(stream, Loader=Loader or yaml.FullLoader)
    load._crm_infinity_shim = True
    yaml.load = load


def _shim_legacy_import_hooks():
    """Python 3.10 warns (ImportWarning) when a meta-path finder has only ``find_module``.

    Odoo 11's ``AddonsHook``/``OdooHook`` are such finders; 3.11 still honours the fallback, so
    only that warning, for those two hooks, is silenced (Odoo logs every warning otherwise).
    """
    warnings.filterwarnings('ignore', category=ImportWarning,
                            message=r'(AddonsHook|OdooHook)\.find_spec\(\) not found')


def apply():
    _shim_legacy_import_hooks()
    _shim_elementtree()
    _shim_collections_abc()
    _shim_inspect()
    _shim_base64()
    _shim_threading()
    _shim_yaml()
