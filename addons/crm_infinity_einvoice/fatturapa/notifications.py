"""SdI notifications (receipts sent back to the transmitter) as plain dicts.

The messages follow ``MessaggiTypes_v1.1.xsd`` (namespace
``http://www.fatturapa.gov.it/sdi/messaggi/v1.0``); the root element names the type:

====  ===================================  ===========================================
type  root element                         meaning
====  ===================================  ===========================================
RC    RicevutaConsegna                     delivered to the recipient
MC    NotificaMancataConsegna              not delivered (available in the reserved area)
NS    NotificaScarto                       rejected by SdI (with the list of errors)
NE    NotificaEsito                        PA customer's outcome: EC01 accepted, EC02 refused
DT    NotificaDecorrenzaTermini            PA customer did not answer within 15 days
AT    AttestazioneTrasmissioneFattura      not deliverable, transmission certified (PA)
====  ===================================  ===========================================

A notification is validated against the XSD before it is trusted: a file that does not validate
is not an SdI notification and must not change the state of an invoice.  The signature is
checked for structure only (by the XSD), not cryptographically.
"""
from lxml import etree

from . import codes
from .exceptions import NotificationError
from .schema import MESSAGES_XSD, load_schema, parse_bytes

NAMESPACE = 'http://www.fatturapa.gov.it/sdi/messaggi/v1.0'
ROOTS = {
    'RicevutaConsegna': 'RC',
    'NotificaMancataConsegna': 'MC',
    'NotificaScarto': 'NS',
    'NotificaEsito': 'NE',
    'NotificaDecorrenzaTermini': 'DT',
    'AttestazioneTrasmissioneFattura': 'AT',
}
_LABELS = codes.as_dict(codes.NOTIFICATION_TYPES)


class Notification(dict):
    """The data of a notification; keys are also readable as attributes (``n.sdi_id``).

    Always present: ``type`` (RC, MC, NS, NE, DT, AT), ``type_label``, ``sdi_id``,
    ``filename``, ``date`` (``DataOraRicezione`` as written, ``None`` for NE/DT),
    ``delivery_date`` (RC), ``errors`` (NS: ``[{'code', 'description', 'suggestion'}]``),
    ``outcome`` (NE: ``'EC01'``/``'EC02'``), ``outcome_description``, ``message_id``,
    ``pec_message_id``, ``note``, ``description`` (MC/DT), ``recipient``
    (RC/AT: ``{'code', 'description'}``), ``invoice_ref`` (NE/DT: ``{'number', 'year',
    'position'}``), ``file_hash`` (AT).
    """

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name)

    @property
    def is_rejection(self):
        """True when the invoice did not go through: SdI rejection or refusal by the PA."""
        return self['type'] == 'NS' or self['outcome'] == 'EC02'


def _text(element, path):
    found = element.find(path)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def parse_notification(xml, schema_dir=None):
    """The ``Notification`` of an SdI message (bytes).

    Raises ``NotificationError`` (Italian message) for malformed XML, a root element that is not
    one of the six transmitter notifications, or content that does not validate against
    ``MessaggiTypes_v1.1.xsd``."""
    try:
        root = parse_bytes(xml)
    except (etree.XMLSyntaxError, TypeError) as exc:
        raise NotificationError('Notifica SdI non leggibile: XML non ben formato (%s).' % exc)
    if root.getroottree().docinfo.internalDTD is not None or root.getroottree().docinfo.doctype:
        # SdI messages never carry a DTD: one is a sign of tampering (entity tricks)
        raise NotificationError('Notifica SdI non valida: contiene una dichiarazione DTD.')
    qname = etree.QName(root)
    kind = ROOTS.get(qname.localname) if qname.namespace == NAMESPACE else None
    if kind is None:
        raise NotificationError(
            'Tipo di notifica SdI non riconosciuto: elemento radice %r. Attese: %s nello spazio '
            'dei nomi %s.' % (root.tag, ', '.join(ROOTS), NAMESPACE))
    schema = load_schema(MESSAGES_XSD, schema_dir)
    try:
        valid = schema.validate(root)
    except etree.Error as exc:
        raise NotificationError('Notifica SdI %s non validabile: %s' % (kind, exc))
    if not valid:
        details = '; '.join('riga %d: %s' % (e.line, e.message) for e in schema.error_log)
        raise NotificationError('Notifica SdI %s non conforme allo schema MessaggiTypes v1.1: %s'
                                % (kind, details))
    notification = Notification(
        type=kind, type_label=_LABELS[kind],
        sdi_id=_text(root, 'IdentificativoSdI'),
        filename=_text(root, 'NomeFile'),
        date=_text(root, 'DataOraRicezione'),
        delivery_date=_text(root, 'DataOraConsegna'),
        errors=[{'code': _text(error, 'Codice'),
                 'description': _text(error, 'Descrizione'),
                 # Suggerimento exists only in later versions of the messages: read if present
                 'suggestion': _text(error, 'Suggerimento')}
                for error in root.iterfind('ListaErrori/Errore')],
        outcome=_text(root, 'EsitoCommittente/Esito'),
        outcome_description=_text(root, 'EsitoCommittente/Descrizione'),
        message_id=_text(root, 'MessageId'),
        pec_message_id=_text(root, 'PecMessageId'),
        note=_text(root, 'Note'),
        description=_text(root, 'Descrizione'),
        recipient=None, invoice_ref=None,
        file_hash=_text(root, 'HashFileOriginale'),
    )
    recipient = root.find('Destinatario')
    if recipient is not None:
        notification['recipient'] = {'code': _text(recipient, 'Codice'),
                                     'description': _text(recipient, 'Descrizione')}
    reference = root.find('RiferimentoFattura')
    if reference is None:
        reference = root.find('EsitoCommittente/RiferimentoFattura')
    if reference is not None:
        position = _text(reference, 'PosizioneFattura')
        notification['invoice_ref'] = {'number': _text(reference, 'NumeroFattura'),
                                       'year': int(_text(reference, 'AnnoFattura')),
                                       'position': int(position) if position else None}
    return notification
