"""Compatibility layer that lets Odoo 11.0 (written for Python <= 3.7) run on CPython 3.11.

Every shim answers one change of Python or of a pinned library, named in its docstring.
``apply()`` must run before anything imports ``odoo`` or ``xml.etree.ElementTree``: the
launcher ``bin/odoo`` and the test ``conftest.py`` call it first thing. Applying twice is a
no-op.

The package deliberately patches the smallest surface it can: it adds back removed names,
it never changes the behaviour of something that still exists (one default excepted:
``ODOO_PRELOAD_ADDONS=no``, Odoo 11's own switch for a Python 3 import race, see
``odoo_patches.no_addons_preload``).
"""
import os
import sys

from . import odoo_patches, stdlib

# Stand-ins for libraries that cannot be installed on 3.11 (see each module's docstring).
COMPAT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'compat')

_applied = False


def apply():
    """Install every shim (idempotent)."""
    global _applied
    if _applied:
        return
    if COMPAT_PATH not in sys.path:
        sys.path.append(COMPAT_PATH)
    stdlib.apply()
    odoo_patches.apply()
    _applied = True
