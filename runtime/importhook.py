"""Run a patch right after a given module is imported, without importing it early.

Some Odoo modules (e.g. ``odoo.addons.base.ir.ir_qweb.qweb``) must only be imported by Odoo itself,
in its own order; their shims are registered here and run when that import happens.
"""
import importlib.abc
import sys

_patches = {}


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, loader, patch):
        self._loader = loader
        self._patch = patch

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        self._patch(module)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        patch = _patches.get(fullname)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, 'find_spec'):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _PatchingLoader(spec.loader, patch)
                return spec
        return None


_finder = _Finder()


def after_import(fullname, patch):
    """Call ``patch(module)`` once ``fullname`` is imported (now, if it already is)."""
    if fullname in sys.modules:
        patch(sys.modules[fullname])
        return
    _patches[fullname] = patch
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
