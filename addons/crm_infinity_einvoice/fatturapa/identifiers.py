"""Italian fiscal identifiers, IBAN and e-mail addresses as SdI checks them.

SdI rejects a file whose VAT number or fiscal code is not valid (00301, 00305, 00306, ...);
the check digits below catch typing errors before sending.  The functions are pure and also
meant for the Odoo field constraints.
"""
import re

_DIGITS11 = re.compile(r'^[0-9]{11}$')
# 16-character personal fiscal code; digits may be replaced by letters (omocodia)
_CF16 = re.compile(r'^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z]'
                   r'[0-9LMNPQRSTUV]{3}[A-Z]$')
_CF_ODD = dict(zip('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
                   [1, 0, 5, 7, 9, 13, 15, 17, 19, 21,
                    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16,
                    10, 22, 25, 24, 23]))
_CF_EVEN = dict(zip('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', list(range(10)) + list(range(26))))
_IBAN = re.compile(r'^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$')
_IBAN_LENGTHS = {'IT': 27, 'SM': 27, 'VA': 22, 'DE': 22, 'FR': 27, 'ES': 24, 'AT': 20,
                 'BE': 16, 'NL': 18, 'CH': 20, 'GB': 22, 'IE': 22, 'PT': 25, 'LU': 20}
# The atom characters of the XSD EmailType pattern (RFC 5322 dot-atom)
_ATOM = r"[!#$%&'*+/0-9=?A-Z^_`a-z{|}~-]+"
_EMAIL = re.compile(r'^%s(\.%s)*@%s(\.%s)+$' % (_ATOM, _ATOM, _ATOM, _ATOM))
_SEPARATORS = re.compile(r'[\s.\-/]+')


def clean_code(value):
    """Upper-case text without spaces, dots, dashes and slashes (``'it 012.345'`` -> ``'IT012345'``)."""
    if value is None:
        return ''
    return _SEPARATORS.sub('', str(value)).upper()


def strip_country(country, vat):
    """``vat`` without a leading country prefix (``'IT01234567890'`` -> ``'01234567890'``);
    Greek numbers may carry the VAT prefix ``EL``."""
    vat = clean_code(vat)
    prefixes = [country or ''] + (['EL'] if country == 'GR' else [])
    for prefix in prefixes:
        if prefix and vat.startswith(prefix) and len(vat) > len(prefix) and (
                prefix != 'IT' or len(vat) == 13):
            return vat[len(prefix):]
    return vat


def is_valid_partita_iva(vat):
    """11 digits whose last one is the Luhn-like check digit of the Italian partita IVA."""
    if not vat or not _DIGITS11.match(vat):
        return False
    total = 0
    for index, char in enumerate(vat[:10]):
        digit = int(char)
        if index % 2:            # 2nd, 4th, ... digit: doubled, minus 9 when over 9
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10 == int(vat[10])


def is_valid_codice_fiscale(code):
    """A fiscal code: 11 digits (companies, same check digit as the partita IVA) or the
    16-character personal code with a correct control letter."""
    if not code:
        return False
    if len(code) == 11:
        return is_valid_partita_iva(code)
    if not _CF16.match(code):
        return False
    total = sum((_CF_ODD if index % 2 == 0 else _CF_EVEN)[char] for index, char in enumerate(code[:15]))
    return chr(ord('A') + total % 26) == code[15]


def is_valid_iban(iban):
    """Format of the XSD ``IBANType``, length of the country when known, mod-97 check digits."""
    iban = clean_code(iban)
    if not _IBAN.match(iban):
        return False
    if _IBAN_LENGTHS.get(iban[:2], len(iban)) != len(iban):
        return False
    rearranged = iban[4:] + iban[:4]
    number = ''.join(str(int(char, 36)) for char in rearranged)
    return int(number) % 97 == 1


def is_valid_email(address):
    """An address the XSD ``EmailType`` accepts (dot-atom local part and domain, <= 256)."""
    return bool(address) and len(address) <= 256 and bool(_EMAIL.match(address))


# Swiss UID numbers carry the language of the VAT register after the number (MWST/TVA/IVA),
# Norwegian ones 'MVA': a mark of the register, not part of the number
_SUFFIXES = {'CH': re.compile(r'(MWST|TVA|IVA|VAT)$'), 'NO': re.compile(r'MVA$')}
_SWISS_UID = re.compile(r'^CHE[0-9]{9}')


def _vat_module(country):
    """python-stdnum's VAT module of ``country`` (``None`` when it has none)."""
    if not country or not re.match(r'^[A-Z]{2}$', country):
        return None
    try:
        from stdnum import get_cc_module
        return get_cc_module(country.lower(), 'vat')
    except Exception:       # pragma: no cover - an unknown country code
        return None


def split_vat(vat, country=None):
    """``(IdPaese, IdCodice)`` of a VAT number, with python-stdnum's national formats.

    The country is the prefix of ``vat`` when it is a country with a VAT format that accepts the
    number (``'CHE-116.281.710 MWST'`` -> ``('CH', 'CHE116281710')``: the Swiss UID keeps its
    ``CHE``; ``'EL094014201'`` -> ``('GR', '094014201')``), else ``country``.  The country prefix
    is removed only when the rest is the national number; numbers that python-stdnum does not
    know are kept as they are (letters and digits only)."""
    raw = clean_code(vat)
    country = (country or '').upper() or None
    if not raw:
        return country, None
    if _SWISS_UID.match(raw):
        return 'CH', _SUFFIXES['CH'].sub('', raw)
    prefix = raw[:2]
    if prefix == 'EL':
        prefix = 'GR'
    candidates = []
    if prefix.isalpha():
        candidates.append(prefix)
    if country and country not in candidates:
        candidates.append(country)
    for candidate in candidates:
        module = _vat_module(candidate)
        if module is None:
            continue
        try:
            valid = module.is_valid(raw)
        except Exception:     # pragma: no cover - stdnum raising on odd input
            valid = False
        if not valid:
            continue
        code = clean_code(module.compact(raw))
        for strip in (candidate, 'EL' if candidate == 'GR' else None):
            if strip and code.startswith(strip) and module.is_valid(code[len(strip):]):
                code = code[len(strip):]
                break
        if candidate in _SUFFIXES:
            code = _SUFFIXES[candidate].sub('', code)
        return candidate, re.sub(r'[^A-Z0-9]', '', code)
    # not a number python-stdnum validates: the prefix of an EU-style number is the country
    if prefix.isalpha() and (prefix == country or country is None or _vat_module(prefix)):
        if prefix == 'GR' and raw.startswith('EL'):
            return 'GR', raw[2:]
        return prefix, raw[2:] or None
    return country, raw
