"""FatturaPA 1.2.2 XML from the invoice dict.

``build`` runs the pre-flight checks, writes the XML from the normalised data they produce
(every decision - recipient code, rounding, grouping by rate - is taken there, once) and then
validates the result against the XSD and the SdI arithmetic, so that a file that would be
rejected never leaves this module.

Elements are written strictly in the order of the XSD sequences.  Choices worth knowing:

* ``ImportoTotaleDocumento`` = sum of the taxable amounts + sum of the taxes of the
  ``DatiRiepilogo``; for split payment (``EsigibilitaIVA`` S) it still includes the VAT, while
  ``ImportoPagamento`` excludes it (the customer pays the VAT to the Treasury).
* The stamp duty (``DatiBollo``) is declared but NOT added to the totals: when it is charged
  to the customer the caller adds it as a line (natura N1, art. 15 DPR 633/72), which then
  enters the totals like any other line.
* ``Imposta`` is computed on each summary's taxable amount, so no summary ``Arrotondamento`` is ever
  needed (it is never written). A document ``Arrotondamento`` (``document.rounding``) brings
  ``ImportoTotaleDocumento`` to what the customer owes when the issuer rounded tax per line.
* A negative quantity is written as a positive ``Quantita`` with a negative price: the XSD
  ``QuantitaType`` has no sign.
"""
from lxml import etree

from .arithmetic import check_arithmetic, fmt_amount2, fmt_amount8, fmt_rate
from .exceptions import ExportError, PreflightError
from .preflight import analyse
from .schema import parse_bytes, validate_xsd

NAMESPACE = 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2'
DS_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#'
XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance'
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
NSMAP = {'ds': DS_NAMESPACE, 'p': NAMESPACE, 'xsi': XSI_NAMESPACE}

_Sub = etree.SubElement


def _add(parent, tag, text=None):
    """A child element; with ``text`` it is a leaf."""
    element = _Sub(parent, tag)
    if text is not None:
        element.text = text
    return element


def _opt(parent, tag, text):
    """A leaf only when ``text`` is not empty (optional elements)."""
    if text:
        _add(parent, tag, text)


def _id_fiscale(parent, tag, country, code):
    element = _add(parent, tag)
    _add(element, 'IdPaese', country)
    _add(element, 'IdCodice', code)


def _anagrafica(parent, identity):
    element = _add(parent, 'Anagrafica')
    if 'name' in identity:
        _add(element, 'Denominazione', identity['name'])
    else:
        _add(element, 'Nome', identity['first_name'])
        _add(element, 'Cognome', identity['last_name'])


def _address(parent, tag, address):
    element = _add(parent, tag)
    _add(element, 'Indirizzo', address['street'])
    _add(element, 'CAP', address['zip'])
    _add(element, 'Comune', address['city'])
    _opt(element, 'Provincia', address['province'])
    _add(element, 'Nazione', address['country'])


def _header(root, data):
    header = _add(root, 'FatturaElettronicaHeader')
    transmission = data['transmission']
    dati = _add(header, 'DatiTrasmissione')
    _id_fiscale(dati, 'IdTrasmittente', transmission['country'], transmission['code'])
    _add(dati, 'ProgressivoInvio', transmission['progressive'])
    _add(dati, 'FormatoTrasmissione', data['format'])
    _add(dati, 'CodiceDestinatario', transmission['recipient_code'])
    if transmission['phone'] or transmission['email']:
        contacts = _add(dati, 'ContattiTrasmittente')
        _opt(contacts, 'Telefono', transmission['phone'])
        _opt(contacts, 'Email', transmission['email'])
    _opt(dati, 'PECDestinatario', transmission['pec'])

    supplier = data['supplier']
    cedente = _add(header, 'CedentePrestatore')
    anagrafici = _add(cedente, 'DatiAnagrafici')
    _id_fiscale(anagrafici, 'IdFiscaleIVA', supplier['country'], supplier['vat'])
    _opt(anagrafici, 'CodiceFiscale', supplier['fiscal_code'])
    _anagrafica(anagrafici, supplier['identity'])
    _add(anagrafici, 'RegimeFiscale', supplier['tax_regime'])
    _address(cedente, 'Sede', supplier['address'])
    rea = supplier['rea']
    if rea:
        element = _add(cedente, 'IscrizioneREA')
        _add(element, 'Ufficio', rea['office'])
        _add(element, 'NumeroREA', rea['number'])
        if rea['capital'] is not None:
            _add(element, 'CapitaleSociale', fmt_amount2(rea['capital']))
        _opt(element, 'SocioUnico', rea['sole_shareholder'])
        _add(element, 'StatoLiquidazione', rea['liquidation'])
    if supplier['phone'] or supplier['email']:
        contacts = _add(cedente, 'Contatti')
        _opt(contacts, 'Telefono', supplier['phone'])
        _opt(contacts, 'Email', supplier['email'])

    customer = data['customer']
    cessionario = _add(header, 'CessionarioCommittente')
    anagrafici = _add(cessionario, 'DatiAnagrafici')
    if customer['id_code']:
        _id_fiscale(anagrafici, 'IdFiscaleIVA', customer['id_country'], customer['id_code'])
    _opt(anagrafici, 'CodiceFiscale', customer['fiscal_code'])
    _anagrafica(anagrafici, customer['identity'])
    _address(cessionario, 'Sede', customer['address'])


def _general(body, data):
    document = data['document']
    generali = _add(body, 'DatiGenerali')
    dati = _add(generali, 'DatiGeneraliDocumento')
    _add(dati, 'TipoDocumento', document['type'])
    _add(dati, 'Divisa', document['currency'])
    _add(dati, 'Data', document['date'].isoformat())
    _add(dati, 'Numero', document['number'])
    if document['stamp_duty']:
        bollo = _add(dati, 'DatiBollo')
        _add(bollo, 'BolloVirtuale', 'SI')
        _add(bollo, 'ImportoBollo', fmt_amount2(document['stamp_duty']))
    _add(dati, 'ImportoTotaleDocumento', fmt_amount2(document['total']))
    if document.get('rounding'):
        _add(dati, 'Arrotondamento', fmt_amount2(document['rounding']))
    for chunk in document['causale']:
        _add(dati, 'Causale', chunk)
    for related in document['related']:
        element = _add(generali, 'DatiFattureCollegate')
        _add(element, 'IdDocumento', related['number'])
        if related['date']:
            _add(element, 'Data', related['date'].isoformat())


def _descriptive(goods, number, text, line):
    """A line continuing the description of ``line``: price zero, same rate and nature (so that
    it adds nothing and needs no summary of its own)."""
    element = _add(goods, 'DettaglioLinee')
    _add(element, 'NumeroLinea', str(number))
    _add(element, 'Descrizione', text)
    _add(element, 'PrezzoUnitario', '0.00')
    _add(element, 'PrezzoTotale', '0.00')
    _add(element, 'AliquotaIVA', fmt_rate(line['rate']))
    _opt(element, 'Natura', line['natura'])


def _goods(body, data):
    goods = _add(body, 'DatiBeniServizi')
    number = 0
    for line in data['lines']:
        number += 1
        element = _add(goods, 'DettaglioLinee')
        _add(element, 'NumeroLinea', str(number))
        if line['code']:
            code = _add(element, 'CodiceArticolo')
            _add(code, 'CodiceTipo', line['code_type'])
            _add(code, 'CodiceValore', line['code'])
        _add(element, 'Descrizione', line['description'])
        price = line['unit_price']
        quantity = line['quantity']
        if quantity is not None:
            if quantity < 0:
                price = -price
            _add(element, 'Quantita', fmt_amount8(quantity, signed=False))
        _opt(element, 'UnitaMisura', line['unit'])
        _add(element, 'PrezzoUnitario', fmt_amount8(price))
        if line['discount']:
            discount = _add(element, 'ScontoMaggiorazione')
            _add(discount, 'Tipo', 'SC')
            _add(discount, 'Percentuale', fmt_rate(line['discount']))
        _add(element, 'PrezzoTotale', fmt_amount2(line['total']))
        _add(element, 'AliquotaIVA', fmt_rate(line['rate']))
        _opt(element, 'Natura', line['natura'])
        for text in line.get('continuation') or ():
            number += 1
            _descriptive(goods, number, text, line)
    for summary in data['summaries']:
        element = _add(goods, 'DatiRiepilogo')
        _add(element, 'AliquotaIVA', fmt_rate(summary['rate']))
        _opt(element, 'Natura', summary['natura'])
        _add(element, 'ImponibileImporto', fmt_amount2(summary['taxable']))
        _add(element, 'Imposta', fmt_amount2(summary['tax']))
        _opt(element, 'EsigibilitaIVA', summary['payability'])
        _opt(element, 'RiferimentoNormativo', summary['reference'])


def _payment(body, data):
    payment = data['payment']
    if not payment:
        return
    element = _add(body, 'DatiPagamento')
    _add(element, 'CondizioniPagamento', payment['terms'])
    for installment in payment['installments']:
        detail = _add(element, 'DettaglioPagamento')
        _add(detail, 'ModalitaPagamento', payment['method'])
        if installment['due_date']:
            _add(detail, 'DataScadenzaPagamento', installment['due_date'].isoformat())
        _add(detail, 'ImportoPagamento', fmt_amount2(installment['amount']))
        _opt(detail, 'IstitutoFinanziario', payment['bank'])
        _opt(detail, 'IBAN', payment['iban'])


def _attachments(body, data):
    for attachment in data['attachments']:
        element = _add(body, 'Allegati')
        _add(element, 'NomeAttachment', attachment['name'])
        _opt(element, 'FormatoAttachment', attachment['format'])
        _opt(element, 'DescrizioneAttachment', attachment['description'])
        _add(element, 'Attachment', attachment['data'].decode('ascii'))


def to_tree(data):
    """The ``FatturaElettronica`` element for the normalised ``data`` of ``preflight.analyse``."""
    root = etree.Element('{%s}FatturaElettronica' % NAMESPACE, nsmap=NSMAP)
    root.set('versione', data['format'])
    _header(root, data)
    body = _add(root, 'FatturaElettronicaBody')
    _general(body, data)
    _goods(body, data)
    _payment(body, data)
    _attachments(body, data)
    return root


def build(invoice, schema_dir=None, today=None, warnings=None):
    """The FatturaPA XML (UTF-8 bytes with XML declaration) of ``invoice``.

    Raises ``PreflightError`` with all the problems of the data, or ``ExportError`` if the
    produced XML fails the XSD or the SdI arithmetic (which would be a bug of this package).
    A ``warnings`` list receives the ``Problem``s that do not block the file: every change made
    to the user's text (transliteration, long description continued on descriptive lines)."""
    problems, data = analyse(invoice, today)
    if problems:
        raise PreflightError(problems)
    if warnings is not None:
        warnings.extend(data['warnings'])
    # the declaration with double quotes, as in the official samples (lxml writes single ones)
    xml = XML_DECLARATION + etree.tostring(to_tree(data), encoding='UTF-8', xml_declaration=False,
                                           pretty_print=True)
    root = parse_bytes(xml)   # parsed once, back from the bytes that will be sent
    messages = validate_xsd(root, schema_dir) + check_arithmetic(root)
    if messages:
        raise ExportError(messages)
    return xml
