"""FatturaPA 1.2.2 for CRM Infinity, without Odoo.

Plain data in, XML bytes out: the Odoo models gather the invoice into a dict (see
``builder``/``preflight`` for its keys) and this package checks it, builds the XML, validates it
against the official XSD and the SdI arithmetic, names the file and reads the SdI
notifications.  Keeping Odoo out makes every rule testable in milliseconds.

Public API::

    build(invoice) -> bytes                 # PreflightError / ExportError
    preflight(invoice) -> [Problem(path, message)]
    validate_xsd(xml, schema_dir=None) -> [str]
    check_arithmetic(xml) -> [str]
    filename(country, vat, progressive) -> 'IT01234567890_0000A.xml'
    sanitize(text, max_len=None) -> str
    causale_chunks(text) -> [str]
    parse_notification(xml, schema_dir=None) -> Notification   # NotificationError

The XSD folder is the ``schema_dir`` argument, else ``$CRM_INFINITY_FATTURAPA_XSD``, else
``<repository>/../shared/fatturapa/xsd``.
"""
import re

from . import codes
from .arithmetic import check_arithmetic
from .builder import build
from .exceptions import (
    ExportError, FatturaPAError, NotificationError, PreflightError, Problem, SchemaUnavailableError)
from .notifications import Notification, parse_notification
from .preflight import encode_progressive, preflight
from .schema import validate_xsd
from .text import causale_chunks, sanitize

__all__ = [
    'build', 'preflight', 'validate_xsd', 'check_arithmetic', 'filename', 'sanitize',
    'causale_chunks', 'parse_notification', 'Notification', 'Problem', 'PreflightError',
    'ExportError', 'NotificationError', 'FatturaPAError', 'SchemaUnavailableError', 'codes',
]

_COUNTRY = re.compile(r'^[A-Z]{2}$')
_CODE = re.compile(r'^[A-Z0-9]{1,28}$')
_PROGRESSIVE = re.compile(r'^[A-Za-z0-9]{1,5}$')


def filename(country, vat, progressive):
    """The SdI file name ``<country><code>_<progressive>.xml``.

    ``vat`` is the transmitter's tax code (IdTrasmittente); an integer ``progressive`` is
    written as 5 upper-case base-36 characters (``10`` -> ``'0000A'``, up to 36**5 - 1), a
    string is used as it is (1 to 5 letters or digits).  Raises ``ValueError`` otherwise."""
    country = (country or '').strip().upper()
    if not _COUNTRY.match(country):
        raise ValueError('Codice paese non valido per il nome del file: %r.' % country)
    code = re.sub(r'\s+', '', vat or '').upper()
    if code.startswith(country) and len(code) == len(country) + 11 and code[2:].isdigit():
        code = code[len(country):]
    if not _CODE.match(code):
        raise ValueError('Codice fiscale del trasmittente non valido per il nome del file: %r.' % vat)
    if isinstance(progressive, bool):
        raise ValueError('Progressivo non valido: %r.' % progressive)
    if isinstance(progressive, int):
        progressive = encode_progressive(progressive)
    elif not isinstance(progressive, str) or not _PROGRESSIVE.match(progressive):
        raise ValueError('Progressivo non valido: %r (da 1 a 5 lettere o cifre).' % (progressive,))
    return '%s%s_%s.xml' % (country, code, progressive)
