"""Locating, compiling and applying the official XSDs.

The schemas are read from local files only (the FatturaPA XSD imports ``xmldsig-core-schema.xsd``
by relative path, so the folder must hold both): a validator must never depend on the network.
Compiled schemas are cached; the cache is per thread because an lxml ``XMLSchema`` keeps its
error log on the instance, which concurrent Odoo worker threads would otherwise share.
"""
import os
import threading

from lxml import etree

from .exceptions import SchemaUnavailableError

ENV_VAR = 'CRM_INFINITY_FATTURAPA_XSD'
INVOICE_XSD = 'Schema_del_file_xml_FatturaPA_v1.2.2.xsd'
MESSAGES_XSD = 'MessaggiTypes_v1.1.xsd'

# realpath: the addon may be symlinked into an addons path; the XSDs are next to the real repo
_PACKAGE_DIR = os.path.dirname(os.path.realpath(__file__))
# <repo>/addons/crm_infinity_einvoice/fatturapa -> <repo>/../shared/fatturapa/xsd
DEFAULT_SCHEMA_DIR = os.path.normpath(
    os.path.join(_PACKAGE_DIR, '..', '..', '..', '..', 'shared', 'fatturapa', 'xsd'))

_cache = threading.local()


def schema_dir(path=None):
    """The folder of the XSDs: ``path`` if given, else ``$CRM_INFINITY_FATTURAPA_XSD``, else the
    shared folder next to the repository.  The variable is read at each call so that it can be
    changed without reloading the module."""
    return os.path.abspath(path or os.environ.get(ENV_VAR) or DEFAULT_SCHEMA_DIR)


def safe_parser():
    """An XML parser for untrusted input: no entity expansion, no DTD, no network.

    A new parser per call: lxml parsers must not be shared between threads, and creating one
    costs microseconds."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=False)


def parse_bytes(xml):
    """``xml`` (bytes, or str) parsed with ``safe_parser``; raises ``etree.XMLSyntaxError``."""
    if isinstance(xml, str):
        xml = xml.encode('utf-8')
    if not isinstance(xml, (bytes, bytearray)):
        raise TypeError('XML atteso come bytes, ricevuto %s' % type(xml).__name__)
    return etree.fromstring(bytes(xml), safe_parser())


def load_schema(name, path=None):
    """The compiled schema ``name`` of the folder ``path`` (see ``schema_dir``), cached."""
    filename = os.path.join(schema_dir(path), name)
    schemas = getattr(_cache, 'schemas', None)
    if schemas is None:
        schemas = _cache.schemas = {}
    schema = schemas.get(filename)
    if schema is None:
        if not os.path.isfile(filename):
            raise SchemaUnavailableError(
                'Schema XSD non trovato: %s (impostare la variabile %s con la cartella degli '
                'schemi FatturaPA)' % (filename, ENV_VAR))
        try:
            # the XSD files carry an internal DTD subset: no network, no external entities
            parser = etree.XMLParser(no_network=True, resolve_entities=True, load_dtd=False)
            schema = etree.XMLSchema(etree.parse(filename, parser))
        except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
            raise SchemaUnavailableError('Schema XSD non valido: %s (%s)' % (filename, exc))
        schemas[filename] = schema
    return schema


def validate(xml, name, path=None):
    """Messages of the validation of ``xml`` (bytes or parsed element) against schema ``name``.

    ``[]`` when valid; a malformed document gives a single message."""
    if isinstance(xml, (bytes, bytearray, str)):
        try:
            xml = parse_bytes(xml)
        except etree.XMLSyntaxError as exc:
            return ['XML non ben formato: %s' % exc]
    schema = load_schema(name, path)
    try:
        if schema.validate(xml):
            return []
    except etree.Error as exc:   # e.g. unexpanded entity references
        return ['Documento non validabile: %s' % exc]
    return ['Riga %d: %s' % (error.line, error.message) for error in schema.error_log]


def validate_xsd(xml, schema_dir=None):
    """Validate a FatturaPA document against the 1.2.2 XSD: ``[]`` when valid, messages otherwise."""
    return validate(xml, INVOICE_XSD, schema_dir)
