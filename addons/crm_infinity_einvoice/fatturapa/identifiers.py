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
