"""Stand-in for the ``vatnumber`` library, whose setup.py (``use_2to3``) cannot build on 3.11.

Odoo 11's ``base_vat`` looks up ``vatnumber.check_vat_<country>`` and ``vatnumber.check_vies``.
The checks are answered by python-stdnum (pinned, and what vatnumber itself wraps); VIES is a
web service outside this machine, so ``check_vies`` raises and base_vat falls back to the
offline check, exactly as it does when VIES is unreachable.
"""
import importlib

# stdnum names a few countries differently from the VAT prefix
_STDNUM_COUNTRY = {'el': 'gr', 'uk': 'gb'}


def _stdnum_vat(country):
    country = _STDNUM_COUNTRY.get(country, country)
    for name in ('vat', 'iva', 'tva', 'btw', 'mwst', 'ustid', 'uid', 'nif', 'cif', 'dic', 'anum'):
        try:
            module = importlib.import_module('stdnum.%s.%s' % (country, name))
        except ImportError:
            continue
        if hasattr(module, 'is_valid'):
            return module
    return None


def __getattr__(name):
    if name.startswith('check_vat_') and len(name) == len('check_vat_') + 2:
        module = _stdnum_vat(name[-2:].lower())
        if module is not None:
            return module.is_valid
    raise AttributeError(name)


def check_vies(vat):
    raise RuntimeError("VIES is not reachable from this machine")
