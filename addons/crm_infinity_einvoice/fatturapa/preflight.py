"""Pre-flight checks: every reason for SdI to reject the invoice, found before building it.

``analyse`` walks the plain ``invoice`` dict once and produces both the list of problems (all of
them, so that the user fixes everything in one go) and the normalised data the builder turns into
XML: the builder has no decisions of its own, so whatever passes the checks is exactly what is
written.  The messages are in Italian and say how to fix the datum; ``Problem.path`` locates it
in the dict (indices from 0) so that a form can highlight the field.
"""
import base64
import binascii
import datetime
import re
from decimal import Decimal

from . import codes
from .arithmetic import (
    CENT, CONTEXT, ZERO, allocate, decimal_places, discounted, integer_digits, line_total, net_of_vat, round2,
    tax_amount, to_decimal)
from .exceptions import Problem
from .identifiers import (
    clean_code, is_valid_codice_fiscale, is_valid_email, is_valid_iban, is_valid_partita_iva,
    split_vat, strip_country)
from .text import clean, sanitize, split_chunks

_NATURE = codes.as_dict(codes.NATURE)
_DOCUMENT_TYPES = codes.as_dict(codes.DOCUMENT_TYPES)
_TAX_REGIMES = codes.as_dict(codes.TAX_REGIMES)
_PAYMENT_TERMS = codes.as_dict(codes.PAYMENT_TERMS)
_PAYMENT_METHODS = codes.as_dict(codes.PAYMENT_METHODS)
_COUNTRY = re.compile(r'^[A-Z]{2}$')
_CURRENCY = re.compile(r'^[A-Z]{3}$')
_ZIP = re.compile(r'^[0-9]{5}$')
_RECIPIENT = re.compile(r'^[A-Z0-9]{6,7}$')
_PROGRESSIVE = re.compile(r'^[A-Za-z0-9]{1,10}$')
_ALNUM = re.compile(r'^[A-Z0-9]{1,28}$')
_ASCII_PRINTABLE = re.compile(r'^[\x20-\x7e]+$')
_PHONE_NOISE = re.compile(r'[\s./()\-]+')
_CONTACT_EMAIL = re.compile(r'^.+@.+[.]+.+$')
# 00471: document types that do not admit the same subject as supplier and customer;
# 00472: types that require it (self-invoices)
_SELF_FORBIDDEN = {'TD01', 'TD02', 'TD03', 'TD06', 'TD16', 'TD17', 'TD18', 'TD19', 'TD20',
                   'TD24', 'TD25'}
_SELF_REQUIRED = {'TD21', 'TD27'}
MAX_LINES = 9999
MAX_DESCRIPTION = 1000


class _Collector:
    def __init__(self):
        self.problems = []
        self.warnings = []

    def add(self, path, message):
        self.problems.append(Problem(path, message))

    def warn(self, path, message):
        self.warnings.append(Problem(path, message))

    def text(self, value, max_len, path, label, ascii_only=False):
        """``sanitize`` of the datum; each change of the user's text becomes a warning."""
        result, changes = clean(value, max_len, ascii_only)
        for change in changes:
            self.warn(path, '%s: %s.' % (label, change))
        return result


def _section(value):
    return value if isinstance(value, dict) else {}


def _text(value):
    """Stripped text of a datum (``None``/blank -> ``None``)."""
    if value is None or value is False:
        return None
    text = str(value).strip()
    return text or None


def _date(value, path, label, out, required=True):
    """A ``datetime.date`` from a date, datetime or ``'YYYY-MM-DD'`` text."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if text is None:
        if required:
            out.add(path, '%s mancante.' % label)
        return None
    try:
        result = datetime.datetime.strptime(text[:10], '%Y-%m-%d').date()
        if len(text) > 10 and text[10] not in ' T':
            raise ValueError(text)
    except ValueError:
        out.add(path, '%s non valida: %r (formato atteso AAAA-MM-GG).' % (label, text))
        return None
    if result.year < 1970:
        out.add(path, '%s non valida: %s è anteriore al 1970.' % (label, result.isoformat()))
        return None
    return result


def _number(value, path, label, out, required=True):
    """A ``Decimal`` from the datum, or ``None`` with a problem."""
    try:
        result = to_decimal(value)
    except ValueError:
        out.add(path, '%s non è un numero valido: %r.' % (label, value))
        return None
    if result is None and required:
        out.add(path, '%s mancante.' % label)
    return result


def _fmt(value):
    return format(round2(value), 'f')


# --------------------------------------------------------------------------------------------
# Parties
# --------------------------------------------------------------------------------------------

def _country(value, path, label, out, default='IT'):
    country = (_text(value) or default or '').upper()
    if not _COUNTRY.match(country):
        out.add(path, '%s non valido: %r (codice ISO di 2 lettere, es. IT, DE, FR).'
                % (label, value))
        return None
    return country


def _identity_name(party, path, who, out):
    """``{'name': ...}`` or ``{'first_name': ..., 'last_name': ...}`` for ``Anagrafica``."""
    raw_name = _text(party.get('name'))
    raw_first = _text(party.get('first_name'))
    raw_last = _text(party.get('last_name'))
    if raw_name:
        name = out.text(raw_name, 80, path + '.name', 'Ragione sociale %s' % who)
        if name:
            return {'name': name}
        if not (raw_first and raw_last):
            out.add(path + '.name', 'Ragione sociale %s non rappresentabile: %r non contiene '
                                    'caratteri ammessi dalla fattura elettronica (alfabeto latino).'
                    % (who, raw_name))
            return None
    if raw_first or raw_last:
        first = out.text(raw_first, 60, path + '.first_name', 'Nome %s' % who)
        last = out.text(raw_last, 60, path + '.last_name', 'Cognome %s' % who)
        if first and last:
            return {'first_name': first, 'last_name': last}
        missing = 'first_name' if not first else 'last_name'
        label = 'Nome' if not first else 'Cognome'
        given = raw_first if missing == 'first_name' else raw_last
        if given:
            out.add('%s.%s' % (path, missing), '%s %s non rappresentabile: %r non contiene '
                                               'caratteri dell\'alfabeto latino.' % (label, who, given))
        else:
            out.add('%s.%s' % (path, missing), '%s %s mancante: per una persona fisica indicare '
                                               'nome e cognome.' % (label, who))
        return None
    out.add(path + '.name', 'Ragione sociale %s mancante: indicare la denominazione oppure nome '
                            'e cognome.' % who)
    return None


def _address(address, path, who, party_country, out):
    address = _section(address)
    if not address:
        out.add(path, 'Indirizzo %s mancante.' % who)
        return None
    country = _country(address.get('country'), path + '.country', 'Paese dell\'indirizzo %s' % who,
                       out, default=party_country)
    result = {'country': country,
              'street': out.text(address.get('street'), 60, path + '.street', 'Indirizzo %s' % who),
              'city': out.text(address.get('city'), 60, path + '.city', 'Comune %s' % who),
              'zip': None, 'province': None}
    if not result['street']:
        out.add(path + '.street', 'Indirizzo (via e numero civico) %s mancante.' % who)
    if not result['city']:
        out.add(path + '.city', 'Comune %s mancante.' % who)
    if country == 'IT':
        zip_code = clean_code(address.get('zip'))
        if not _ZIP.match(zip_code):
            out.add(path + '.zip', 'CAP %s non valido: %r (5 cifre).' % (who, address.get('zip'))
                    if zip_code else 'CAP %s mancante.' % who)
        result['zip'] = zip_code
        province = clean_code(address.get('province'))
        province_country = (_text(address.get('province_country')) or 'IT').upper()
        if province and province_country != 'IT':
            # a state of another country is not an Italian province
            out.add(path + '.province', 'Provincia %s non valida: %r è una regione o uno stato del '
                                        'paese %s, non una provincia italiana. Indicare la provincia '
                                        'italiana (es. MI) o il paese corretto dell\'indirizzo.'
                    % (who, address.get('province'), province_country))
        elif province:
            if province in codes.PROVINCES:
                result['province'] = province
            else:
                out.add(path + '.province', 'Provincia %s non valida: %r non è la sigla di una '
                                            'provincia italiana (2 lettere, es. MI, RM, TO).'
                        % (who, address.get('province')))
    else:
        # foreign addresses: CAP 00000 and no province, as the specifications require
        result['zip'] = '00000'
    return result


def _contacts(party):
    """Phone and e-mail if they fit the XSD (5-12 characters; something@domain); optional data
    that does not fit is left out rather than blocking the invoice."""
    phone = _PHONE_NOISE.sub('', str(party.get('phone') or party.get('sender_phone') or ''))
    phone = sanitize(phone, ascii_only=True)
    email = _text(party.get('email') or party.get('sender_email')) or ''
    return {'phone': phone if 5 <= len(phone) <= 12 else None,
            'email': email if (7 <= len(email) <= 256 and _CONTACT_EMAIL.match(email)
                               and sanitize(email, ascii_only=True) == email) else None}


def _check_vat(country, vat, path, who, out):
    """The VAT number without country prefix, or ``None`` with a problem."""
    code = strip_country(country, vat)
    if country == 'IT':
        if not is_valid_partita_iva(code):
            out.add(path, 'Partita IVA %s non valida: %r (11 cifre con cifra di controllo '
                          'corretta).' % (who, vat))
            return None
    else:
        code = split_vat(vat, country)[1] or ''
        if not _ALNUM.match(code):
            out.add(path, 'Partita IVA %s non valida: %r (da 1 a 28 lettere o cifre, senza il '
                          'prefisso del paese).' % (who, vat))
            return None
    return code


def _check_fiscal_code(value, path, who, out):
    code = clean_code(value)
    if not is_valid_codice_fiscale(code):
        out.add(path, 'Codice fiscale %s non valido: %r (16 caratteri per le persone fisiche, '
                      '11 cifre per le società, con carattere di controllo corretto).' % (who, value))
        return None
    return code


def _supplier(invoice, out):
    supplier = _section(invoice.get('supplier'))
    if not supplier:
        out.add('supplier', 'Dati del fornitore (cedente/prestatore) mancanti.')
        return None
    who = 'del fornitore'
    country = _country(supplier.get('country'), 'supplier.country', 'Paese del fornitore', out)
    result = {'country': country, 'vat': None, 'fiscal_code': None}
    if not _text(supplier.get('vat')):
        out.add('supplier.vat', 'Partita IVA del fornitore mancante: è obbligatoria per emettere '
                                'fattura elettronica.')
    elif country:
        result['vat'] = _check_vat(country, supplier.get('vat'), 'supplier.vat', who, out)
    if _text(supplier.get('fiscal_code')):
        result['fiscal_code'] = _check_fiscal_code(supplier.get('fiscal_code'),
                                                   'supplier.fiscal_code', who, out)
    result['identity'] = _identity_name(supplier, 'supplier', who, out)
    regime = (_text(supplier.get('tax_regime')) or '').upper()
    if not regime:
        out.add('supplier.tax_regime', 'Regime fiscale del fornitore mancante: indicare un codice '
                                       'da RF01 (ordinario) a RF19 (forfettario).')
    elif regime not in _TAX_REGIMES:
        out.add('supplier.tax_regime', 'Regime fiscale del fornitore non valido: %r (codici '
                                       'ammessi: %s).' % (regime, ', '.join(_TAX_REGIMES)))
    result['tax_regime'] = regime
    result['address'] = _address(supplier.get('address'), 'supplier.address', who, country, out)
    result['rea'] = _rea(supplier.get('rea'), out)
    result.update(_contacts(supplier))
    return result


def _rea(rea, out):
    rea = _section(rea)
    if not rea or not any(_text(rea.get(k)) for k in ('office', 'number')):
        return None
    office = clean_code(rea.get('office'))
    if not _COUNTRY.match(office):
        out.add('supplier.rea.office', 'Ufficio REA non valido: %r (sigla della provincia della '
                                       'Camera di Commercio, 2 lettere).' % rea.get('office'))
    number = sanitize(rea.get('number'), ascii_only=True)
    if not number or len(number) > 20:
        out.add('supplier.rea.number', 'Numero REA mancante o più lungo di 20 caratteri.')
    capital = _number(rea.get('capital'), 'supplier.rea.capital', 'Capitale sociale', out,
                      required=False)
    if capital is not None and (capital < 0 or integer_digits(capital) > 11):
        out.add('supplier.rea.capital', 'Capitale sociale non valido: %s.' % capital)
        capital = None
    sole = _text(rea.get('sole_shareholder'))
    if sole and sole not in codes.as_dict(codes.SOLE_SHAREHOLDER):
        out.add('supplier.rea.sole_shareholder', 'Socio unico non valido: %r (SU socio unico, SM '
                                                 'più soci).' % sole)
    # StatoLiquidazione is mandatory in the XSD: a company that does not say is not in liquidation
    liquidation = _text(rea.get('liquidation')) or 'LN'
    if liquidation not in codes.as_dict(codes.LIQUIDATION_STATUS):
        out.add('supplier.rea.liquidation', 'Stato di liquidazione non valido: %r (LN non in '
                                            'liquidazione, LS in liquidazione).' % liquidation)
    return {'office': office, 'number': number, 'capital': capital, 'sole_shareholder': sole,
            'liquidation': liquidation}


def _customer(invoice, out):
    customer = _section(invoice.get('customer'))
    if not customer:
        out.add('customer', 'Dati del cliente (cessionario/committente) mancanti.')
        return None
    who = 'del cliente'
    address = _section(customer.get('address'))
    country = _country(customer.get('country') or address.get('country'), 'customer.country',
                       'Paese del cliente', out)
    is_pa = bool(customer.get('is_pa'))
    result = {'country': country, 'is_pa': is_pa, 'id_country': None, 'id_code': None,
              'fiscal_code': None, 'foreign': country is not None and country != 'IT'}
    vat, fiscal_code = _text(customer.get('vat')), _text(customer.get('fiscal_code'))
    if country == 'IT':
        if not vat and not fiscal_code:
            out.add('customer.vat', 'Cliente senza partita IVA né codice fiscale: per un cliente '
                                    'italiano indicare almeno uno dei due.')
        if vat:
            code = _check_vat('IT', vat, 'customer.vat', who, out)
            if code:
                result['id_country'], result['id_code'] = 'IT', code
        if fiscal_code:
            result['fiscal_code'] = _check_fiscal_code(fiscal_code, 'customer.fiscal_code', who, out)
    elif country:
        if is_pa:
            out.add('customer.is_pa', 'Un cliente estero non può essere una Pubblica '
                                      'Amministrazione italiana (fattura FPA12).')
        # foreign customers: IdFiscaleIVA is mandatory; generic code when there is no VAT number
        result['id_country'] = country
        if vat:
            vat_country = split_vat(vat, country)[0] or country
            if _COUNTRY.match(vat_country):
                result['id_country'] = vat_country
            result['id_code'] = _check_vat(result['id_country'], vat, 'customer.vat', who, out)
        elif fiscal_code and _ALNUM.match(clean_code(fiscal_code)):
            result['id_code'] = clean_code(fiscal_code)
        else:
            result['id_code'] = '99999999999'
    result['identity'] = _identity_name(customer, 'customer', who, out)
    result['address'] = _address(address, 'customer.address', who, country, out)
    return result


def _transmission(invoice, supplier, customer, out):
    transmission = _section(invoice.get('transmission'))
    result = {}
    # IdTrasmittente: the transmitter's tax code; by default the supplier's own
    sender_country = _text(transmission.get('sender_country'))
    sender_code = _text(transmission.get('sender_code'))
    if sender_code:
        result['country'] = _country(sender_country, 'transmission.sender_country',
                                     'Paese del trasmittente', out)
        code = clean_code(sender_code)
        if result['country'] == 'IT' and not is_valid_codice_fiscale(code):
            out.add('transmission.sender_code', 'Codice fiscale del trasmittente non valido: %r '
                                                '(11 cifre o 16 caratteri).' % sender_code)
        elif not _ALNUM.match(code):
            out.add('transmission.sender_code', 'Codice del trasmittente non valido: %r.' % sender_code)
        result['code'] = code
    elif supplier:
        result['country'] = supplier['country']
        result['code'] = supplier['fiscal_code'] or supplier['vat']
    progressive = transmission.get('progressive')
    if isinstance(progressive, int) and not isinstance(progressive, bool):
        progressive = encode_progressive(progressive) if 0 <= progressive < 36 ** 5 else str(progressive)
    progressive = _text(progressive)
    if not progressive:
        out.add('transmission.progressive', 'Progressivo di invio mancante: serve a dare un nome '
                                            'univoco al file.')
    elif not _PROGRESSIVE.match(progressive):
        out.add('transmission.progressive', 'Progressivo di invio non valido: %r (da 1 a 10 '
                                            'lettere o cifre).' % progressive)
    result['progressive'] = progressive
    result.update(_contacts(transmission))
    result['recipient_code'], result['pec'] = _recipient(transmission, customer, out)
    return result


def _recipient(transmission, customer, out):
    """``(CodiceDestinatario, PECDestinatario)`` by customer kind (SdI 00427, 00426, 00311)."""
    code = clean_code(transmission.get('recipient_code'))
    pec = _text(transmission.get('recipient_pec'))
    if customer is None or customer['country'] is None:
        return code or None, None
    if customer['is_pa']:
        if not code:
            out.add('transmission.recipient_code', 'Codice univoco ufficio mancante: per la '
                                                   'Pubblica Amministrazione indicare il codice IPA '
                                                   'di 6 caratteri.')
        elif len(code) != 6 or not _RECIPIENT.match(code):
            out.add('transmission.recipient_code', 'Codice univoco ufficio non valido: %r. Per la '
                                                   'Pubblica Amministrazione il codice IPA ha 6 '
                                                   'caratteri (lettere maiuscole e cifre).' % code)
        return code, None          # PA invoices are delivered by the IPA code only
    if customer['foreign']:
        # a foreign customer has no SdI address: the file is only transmitted to the Agenzia
        return codes.RECIPIENT_CODE_FOREIGN, None
    if pec and not is_valid_email(pec):
        out.add('transmission.recipient_pec', 'PEC del cliente non valida: %r.' % pec)
        pec = None
    if not code and not pec:
        if transmission.get('recipient_pec'):
            return None, None
        out.add('transmission.recipient_code',
                'Codice destinatario o PEC mancante: indicare il codice SdI di 7 caratteri o la '
                "PEC del cliente (oppure '0000000' se il cliente consulta le fatture nella sua "
                'area riservata).')
        return None, None
    if not code:
        return codes.RECIPIENT_CODE_NONE, pec
    if code == codes.RECIPIENT_CODE_FOREIGN:
        out.add('transmission.recipient_code', "Codice destinatario 'XXXXXXX' riservato ai clienti "
                                               'esteri: il cliente è italiano.')
    elif len(code) == 6 and _RECIPIENT.match(code):
        out.add('transmission.recipient_code', 'Codice destinatario di 6 caratteri %r: è un codice '
                                               "IPA della Pubblica Amministrazione. Per un privato "
                                               "il codice SdI ha 7 caratteri; se il cliente è una "
                                               "PA, indicarlo come tale." % code)
    elif len(code) != 7 or not _RECIPIENT.match(code):
        out.add('transmission.recipient_code', 'Codice destinatario non valido: %r (7 caratteri, '
                                               'lettere maiuscole e cifre).' % code)
    # PECDestinatario only goes with CodiceDestinatario 0000000 (otherwise SdI 00426)
    return code, (pec if code == codes.RECIPIENT_CODE_NONE else None)


# --------------------------------------------------------------------------------------------
# Document
# --------------------------------------------------------------------------------------------

def _document_number(value, path, label, out):
    number = _text(value)
    if not number:
        out.add(path, '%s mancante.' % label)
        return None
    if len(number) > 20:
        out.add(path, '%s troppo lungo: %r ha %d caratteri, il massimo è 20.'
                % (label, number, len(number)))
        return None
    if not _ASCII_PRINTABLE.match(number):
        out.add(path, '%s non valido: %r contiene caratteri non ammessi (solo lettere, cifre e '
                      'simboli ASCII).' % (label, number))
        return None
    return number


def _document(invoice, out, today):
    document = _section(invoice.get('document'))
    if not document:
        out.add('document', 'Dati del documento (tipo, data, numero) mancanti.')
        return None
    result = {}
    doc_type = (_text(document.get('type')) or '').upper()
    if not doc_type:
        out.add('document.type', 'Tipo documento mancante (es. TD01 fattura, TD04 nota di credito).')
    elif doc_type not in _DOCUMENT_TYPES:
        out.add('document.type', 'Tipo documento non valido: %r.' % doc_type)
    result['type'] = doc_type
    currency = (_text(document.get('currency')) or 'EUR').upper()
    if not _CURRENCY.match(currency):
        out.add('document.currency', 'Valuta non valida: %r (codice ISO 4217, es. EUR).' % currency)
    result['currency'] = currency
    result['date'] = _date(document.get('date'), 'document.date', 'Data del documento', out)
    if result['date'] and today and result['date'] > today + datetime.timedelta(days=1):
        out.add('document.date', 'Data del documento %s nel futuro: SdI scarta le fatture con data '
                                 'successiva alla ricezione (00403).' % result['date'].isoformat())
    number = _document_number(document.get('number'), 'document.number', 'Numero del documento', out)
    if number and not re.search(r'[0-9]', number):
        out.add('document.number', 'Numero del documento %r senza cifre: SdI richiede almeno un '
                                   'carattere numerico (00425).' % number)
    result['number'] = number
    result['causale'] = split_chunks(out.text(document.get('causale'), None, 'document.causale',
                                              'Causale'), 200) if document.get('causale') else []
    stamp = _number(document.get('stamp_duty'), 'document.stamp_duty', 'Importo del bollo', out,
                    required=False)
    if stamp is not None and (stamp < 0 or decimal_places(stamp) > 2 or integer_digits(stamp) > 11):
        out.add('document.stamp_duty', 'Importo del bollo non valido: %s.' % stamp)
        stamp = None
    result['stamp_duty'] = stamp if stamp else None
    # DatiGeneraliDocumento/Arrotondamento: a few cents that bring ImportoTotaleDocumento to the
    # total the customer owes when the issuer rounds tax per line (the SdI arithmetic of the
    # DatiRiepilogo is untouched); more than one euro is a mistake, not a rounding
    rounding = _number(document.get('rounding'), 'document.rounding', 'Arrotondamento', out,
                       required=False)
    if rounding is not None and (abs(rounding) > 1 or decimal_places(rounding) > 2):
        out.add('document.rounding', 'Arrotondamento non valido: %s (al massimo un euro, in '
                                     'centesimi).' % rounding)
        rounding = None
    result['rounding'] = rounding if rounding else None
    # what the accounting says the customer owes (total) and pays (net of split-payment VAT):
    # the file's Arrotondamento and ImportoPagamento are brought to them
    for key, label in (('expected_total', 'Totale della fattura'),
                       ('expected_untaxed', 'Imponibile della fattura'),
                       ('expected_due', 'Importo da pagare della fattura')):
        result[key] = _number(document.get(key), 'document.' + key, label, out, required=False)
    result['related'] = []
    related = document.get('related') or []
    if not isinstance(related, (list, tuple)):
        related = [related]
    for index, item in enumerate(related):
        path = 'document.related[%d]' % index
        item = _section(item)
        rel_number = _document_number(item.get('number'), path + '.number',
                                      'Numero del documento collegato', out)
        rel_date = _date(item.get('date'), path + '.date', 'Data del documento collegato', out,
                         required=False)
        if rel_date and result['date'] and rel_date > result['date']:
            out.add(path + '.date', 'Il documento collegato %s ha data %s successiva a quella del '
                                    'documento (00418).' % (rel_number or '', rel_date.isoformat()))
        result['related'].append({'number': rel_number, 'date': rel_date})
    # a TD04 without related invoices is allowed (it may refer to many of them, or to none)
    return result


def _nature_problem(natura):
    if natura in codes.LEGACY_NATURE:
        return ('Il codice natura %s non è più valido dal 1° gennaio 2021: usare uno dei '
                'sottocodici %s.' % (natura, ', '.join(codes.LEGACY_NATURE[natura])))
    return ('Codice natura non valido: %r (codici ammessi: %s).'
            % (natura, ', '.join(code for code, _label in codes.NATURE)))


def _lines(invoice, out):
    """Normalised lines; ``None`` in place of a line that has problems."""
    lines = invoice.get('lines')
    if not isinstance(lines, (list, tuple)) or not lines:
        out.add('lines', 'La fattura non ha righe.')
        return []
    result = []
    for index, line in enumerate(lines):
        before = len(out.problems)
        result.append(_line(_section(line), index, out))
        if len(out.problems) > before:
            result[-1] = None
    count = sum(1 + len(line['continuation']) if line else 1 for line in result)
    if count > MAX_LINES:
        out.add('lines', 'Troppe righe: %d (massimo %d, righe descrittive comprese).'
                % (count, MAX_LINES))
    return result


def _line(line, index, out):
    path = 'lines[%d]' % index
    row = 'Riga %d' % (index + 1)
    # a description longer than the 1,000 characters of Descrizione goes on in descriptive lines
    # (price 0, same rate) that follow the line, as SdI readers expect: nothing is cut
    description = out.text(line.get('description'), None, path + '.description',
                           '%s, descrizione' % row)
    continuation = []
    if len(description) > MAX_DESCRIPTION:
        chunks = split_chunks(description, MAX_DESCRIPTION)
        description, continuation = chunks[0], chunks[1:]
        out.warn(path + '.description', '%s: descrizione di %d caratteri, oltre i %d ammessi: '
                                        'continua su %d righe descrittive (prezzo zero).'
                 % (row, sum(len(c) for c in chunks) + len(chunks) - 1, MAX_DESCRIPTION,
                    len(continuation)))
    if not description:
        out.add(path + '.description', '%s: descrizione mancante o composta solo da caratteri non '
                                       'ammessi.' % row)
    quantity = _number(line.get('quantity'), path + '.quantity', '%s: quantità' % row, out,
                       required=False)
    price = _number(line.get('unit_price'), path + '.unit_price', '%s: prezzo unitario' % row, out)
    discount = _number(line.get('discount'), path + '.discount', '%s: sconto' % row, out,
                       required=False) or ZERO
    rate = _number(line.get('vat_rate'), path + '.vat_rate', '%s: aliquota IVA' % row, out)
    natura = (_text(line.get('natura')) or '').upper() or None
    if quantity is not None:
        if decimal_places(quantity) > 8:
            out.add(path + '.quantity', '%s: quantità %s con più di 8 decimali.' % (row, quantity))
        elif integer_digits(quantity) > 12:
            out.add(path + '.quantity', '%s: quantità %s troppo grande.' % (row, quantity))
    if price is not None:
        if decimal_places(price) > 8:
            out.add(path + '.unit_price', '%s: prezzo unitario %s con più di 8 decimali (massimo '
                                          'ammesso dalla fattura elettronica).' % (row, price))
        elif integer_digits(price) > 11:
            out.add(path + '.unit_price', '%s: prezzo unitario %s troppo grande.' % (row, price))
    if discount < 0 or discount > 100:
        out.add(path + '.discount', '%s: sconto %s%% fuori dall\'intervallo 0-100.' % (row, discount))
    elif decimal_places(discount) > 2:
        out.add(path + '.discount', '%s: sconto %s%% con più di 2 decimali.' % (row, discount))
    if rate is not None:
        if rate < 0 or rate > 100 or decimal_places(rate) > 2:
            out.add(path + '.vat_rate', '%s: aliquota IVA non valida: %s.' % (row, rate))
        elif rate.is_zero():
            if not natura:
                out.add(path + '.natura', '%s: natura mancante. Una riga con IVA 0%% deve indicare '
                                          'la natura dell\'operazione (es. N2.2 non soggetta, N4 '
                                          'esente) (00400).' % row)
            elif natura not in _NATURE:
                out.add(path + '.natura', '%s: %s' % (row, _nature_problem(natura)))
        elif natura:
            out.add(path + '.natura', '%s: natura %s indicata su una riga con IVA al %s%%: la natura '
                                      'si indica solo per le righe con IVA 0%% (00401).'
                    % (row, natura, _fmt(rate)))
    total = None
    price_include = bool(line.get('price_include'))
    if price is not None and price_include and rate is not None and 0 <= rate <= 100:
        # the price includes VAT: PrezzoUnitario is the net price, with the 8 decimals allowed
        price = net_of_vat(price, rate)
    subtotal = _number(line.get('subtotal'), path + '.subtotal', '%s: imponibile' % row, out,
                       required=False)
    if price is not None:
        total = line_total(quantity if quantity is not None else 1, price, discount)
        if subtotal is not None and round2(subtotal) != total:
            # the accounting's taxable amount of the line wins when it is within SdI's tolerance
            # of one cent on PrezzoTotale (00423); further off, the two disagree on the line
            exact = CONTEXT.multiply(quantity if quantity is not None else 1,
                                     discounted(price, discount))
            if abs(round2(subtotal) - exact) <= CENT:
                total = round2(subtotal)
            else:
                out.add(path + '.unit_price', '%s: l\'imponibile della riga in contabilità (%s) '
                                              'differisce da quantità x prezzo unitario%s%s (%s): '
                                              'controllare prezzo, quantità e sconto della riga.'
                        % (row, _fmt(subtotal), ' netto IVA' if price_include else '',
                           ' scontato' if discount else '', _fmt(total)))
        if integer_digits(total) > 11:
            out.add(path + '.unit_price', '%s: importo della riga troppo grande.' % row)
    code = out.text(line.get('code'), 35, path + '.code', '%s, codice articolo' % row)
    return {
        'number': index + 1,
        'code_type': sanitize(line.get('code_type') or 'INTERNO', 35, ascii_only=True) or 'INTERNO',
        'code': code or None,
        'description': description,
        'continuation': continuation,
        'quantity': quantity,
        'unit': sanitize(line.get('unit'), 10, ascii_only=True) or None,
        'unit_price': price,
        'discount': discount,
        'total': total,
        'rate': rate,
        'natura': natura if rate is not None and rate.is_zero() else None,
        'legal_reference': out.text(line.get('legal_reference'), 100, path + '.legal_reference',
                                    '%s, riferimento normativo' % row) or None,
    }


def _summaries(lines, payability):
    """One ``DatiRiepilogo`` per (rate, natura), in order of first appearance."""
    groups = {}
    for line in lines:
        key = (round2(line['rate']), line['natura'])
        group = groups.get(key)
        if group is None:
            group = groups[key] = {'rate': key[0], 'natura': key[1], 'taxable': ZERO,
                                   'reference': None}
        group['taxable'] = CONTEXT.add(group['taxable'], line['total'])
        group['reference'] = group['reference'] or line['legal_reference']
    summaries = []
    for group in groups.values():
        group['tax'] = tax_amount(group['taxable'], group['rate'])
        if group['natura']:
            group['payability'] = None      # EsigibilitaIVA is for taxed amounts only
            group['reference'] = group['reference'] or sanitize(_NATURE.get(group['natura']), 100)
        else:
            group['payability'] = payability
        summaries.append(group)
    return summaries


def _payment(invoice, to_pay, out):
    payment = invoice.get('payment')
    if not payment:
        return None
    payment = _section(payment)
    result = {}
    terms = (_text(payment.get('terms')) or '').upper()
    if terms not in _PAYMENT_TERMS:
        out.add('payment.terms', 'Condizioni di pagamento %s: indicare TP01 (a rate), TP02 '
                                 '(completo) o TP03 (anticipo).'
                % ('non valide: %r' % terms if terms else 'mancanti'))
    method = (_text(payment.get('method')) or '').upper()
    if method not in _PAYMENT_METHODS:
        out.add('payment.method', 'Modalità di pagamento %s: indicare un codice da MP01 a MP23 '
                                  '(es. MP05 bonifico).'
                % ('non valida: %r' % method if method else 'mancante'))
    iban = clean_code(payment.get('iban')) or None
    if iban and not is_valid_iban(iban):
        out.add('payment.iban', 'IBAN non valido: %r (controllare lunghezza e cifre di controllo).'
                % payment.get('iban'))
    result.update(terms=terms, method=method, iban=iban,
                  bank=sanitize(payment.get('bank'), 80) or None)
    installments = payment.get('installments') or []
    if not isinstance(installments, (list, tuple)):
        installments = [installments]
    rows = []
    for index, item in enumerate(installments):
        item = _section(item)
        path = 'payment.installments[%d]' % index
        due = _date(item.get('due_date'), path + '.due_date', 'Scadenza della rata %d' % (index + 1),
                    out, required=False)
        amount = _number(item.get('amount'), path + '.amount', 'Importo della rata %d' % (index + 1),
                         out, required=False)
        weight = _number(item.get('weight'), path + '.weight', 'Quota della rata %d' % (index + 1),
                         out, required=False)
        if amount is not None and (amount < 0 or decimal_places(amount) > 2
                                   or integer_digits(amount) > 11):
            out.add(path + '.amount', 'Importo della rata %d non valido: %s (importo positivo con al '
                                      'massimo 2 decimali).' % (index + 1, amount))
        rows.append({'due_date': due, 'amount': amount, 'weight': weight})
    if not rows:
        rows = [{'due_date': None, 'amount': None}]
    amounts = [row['amount'] for row in rows]
    weights = [row.pop('weight', None) for row in rows]
    if to_pay is not None:
        if all(a is None for a in amounts) and all(w is not None for w in weights):
            # the installments of the accounting (receivable lines): the amount to pay split in
            # their proportions, to the cent
            for row, part in zip(rows, allocate(to_pay, weights)):
                row['amount'] = part
        elif all(a is None for a in amounts):
            # no amounts given: the amount to pay, split evenly, the remainder on the last one
            share = round2(CONTEXT.divide(to_pay, len(rows))) if len(rows) > 1 else to_pay
            for row in rows[:-1]:
                row['amount'] = share
            rows[-1]['amount'] = to_pay - share * (len(rows) - 1)
            if rows[-1]['amount'] < 0:
                out.add('payment.installments', 'Impossibile ripartire %s in %d rate.'
                        % (_fmt(to_pay), len(rows)))
        elif any(a is None for a in amounts):
            for index, amount in enumerate(amounts):
                if amount is None:
                    out.add('payment.installments[%d].amount' % index,
                            'Importo della rata %d mancante: indicare l\'importo di tutte le rate o '
                            'di nessuna.' % (index + 1))
        else:
            paid = sum(amounts, ZERO)
            if paid != to_pay:
                out.add('payment.installments', 'La somma delle rate (%s) non corrisponde '
                                                "all'importo da pagare (%s)%s."
                        % (_fmt(paid), _fmt(to_pay),
                           ", IVA in scissione dei pagamenti esclusa"
                           if invoice.get('payability') == 'S' else ''))
    result['installments'] = rows
    return result


def _attachments(invoice, out):
    result = []
    attachments = invoice.get('attachments') or []
    if not isinstance(attachments, (list, tuple)):
        attachments = [attachments]
    for index, item in enumerate(attachments):
        item = _section(item)
        path = 'attachments[%d]' % index
        name = sanitize(item.get('name'), 60)
        if not name:
            out.add(path + '.name', 'Allegato %d: nome del file mancante.' % (index + 1))
        data = item.get('data')
        encoded = item.get('data_base64')
        if data is not None:
            if isinstance(data, str):
                data = data.encode('utf-8')
            encoded = base64.b64encode(bytes(data))
        elif encoded is not None:
            if isinstance(encoded, str):
                encoded = encoded.encode('ascii', 'replace')
            encoded = b''.join(encoded.split())
            try:
                base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                out.add(path + '.data_base64', 'Allegato %d: contenuto base64 non valido.' % (index + 1))
        if not encoded:
            out.add(path + '.data', 'Allegato %d: contenuto del file mancante.' % (index + 1))
        result.append({'name': name,
                       'format': sanitize(item.get('format'), 10, ascii_only=True).upper() or None,
                       'description': sanitize(item.get('description'), 100) or None,
                       'data': encoded})
    return result


def encode_progressive(number):
    """An integer as 5 upper-case base-36 characters (``10`` -> ``'0000A'``)."""
    digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
    if not 0 <= number < 36 ** 5:
        raise ValueError('Progressivo %d fuori dall\'intervallo 0-%d.' % (number, 36 ** 5 - 1))
    text = ''
    while number:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
    return text.rjust(5, '0')


def _rounding(document, lines, taxable, tax, out):
    """``Arrotondamento`` of the document: given, or the gap between the accounting's total and
    taxable + tax of the file (taxes rounded per line by the issuer), within a tolerance of
    half a cent per line; a larger gap is reported with its cause."""
    document = document or {}
    expected = document.get('expected_total')
    if expected is None:
        return document.get('rounding') or ZERO
    computed = taxable + tax
    gap = round2(expected) - computed
    tolerance = max(CENT, round2(CONTEXT.multiply(Decimal('0.005'), len(lines))))
    if not gap or (abs(gap) <= tolerance and abs(gap) <= 1):
        return gap
    untaxed = document.get('expected_untaxed')
    if untaxed is not None and round2(untaxed) != taxable:
        cause = ('l\'imponibile della fattura è %s, quello delle righe del file %s: una riga ha un '
                 'importo diverso da quantità x prezzo (sconti, prezzi IVA inclusa?)'
                 % (_fmt(untaxed), _fmt(taxable)))
    else:
        cause = ('l\'imposta della fattura è %s, quella calcolata per aliquota nel file %s: '
                 'controllare le imposte delle righe (una sola imposta percentuale per riga, '
                 'nessuna imposta a importo fisso)'
                 % (_fmt(round2(expected) - (untaxed if untaxed is not None else taxable)),
                    _fmt(tax)))
    out.add('document.expected_total', 'Il totale della fattura (%s) differisce di %s da quello '
                                       'della fattura elettronica (%s): %s.'
            % (_fmt(expected), _fmt(gap), _fmt(computed), cause))
    return ZERO


def analyse(invoice, today=None):
    """``(problems, data)``: all the problems of ``invoice`` and, when there are none, the
    normalised data for the builder (``data`` is ``None`` when there are problems).

    ``today`` (default: the current date) bounds the document date (SdI 00403); one day of
    slack absorbs the time zone of the server."""
    out = _Collector()
    if not isinstance(invoice, dict):
        out.add('', 'Dati della fattura mancanti.')
        return out.problems, None
    if today is None:
        today = datetime.date.today()
    supplier = _supplier(invoice, out)
    customer = _customer(invoice, out)
    transmission = _transmission(invoice, supplier, customer, out)
    document = _document(invoice, out, today)
    payability = (_text(invoice.get('payability')) or 'I').upper()
    if payability not in codes.as_dict(codes.VAT_PAYABILITY):
        out.add('payability', 'Esigibilità IVA non valida: %r (I immediata, D differita, S '
                              'scissione dei pagamenti).' % payability)
    lines = _lines(invoice, out)
    summaries, total, to_pay = [], None, None
    if lines and all(line is not None for line in lines):
        summaries = _summaries(lines, payability)
        taxable = sum((s['taxable'] for s in summaries), ZERO)
        tax = sum((s['tax'] for s in summaries), ZERO)
        rounding = _rounding(document, lines, taxable, tax, out)
        if document is not None:
            document['rounding'] = rounding or None
        total = taxable + tax + rounding
        split_tax = sum((s['tax'] for s in summaries if s['payability'] == 'S'), ZERO)
        to_pay = total - split_tax
        due = (document or {}).get('expected_due')
        if due is not None and to_pay != due and abs(due - to_pay) <= abs(rounding) + CENT:
            # the rounding was on the split-payment VAT, which the customer does not pay
            to_pay = due
        if total < 0:
            to_pay = None   # no payment checks on an amount that is wrong anyway
            doc_type = document['type'] if document else ''
            if doc_type == 'TD04':
                out.add('lines', 'Nota di credito con totale negativo (%s): nella nota di credito '
                                 'gli importi si indicano in positivo.' % _fmt(total))
            else:
                out.add('lines', 'Totale del documento negativo (%s): per stornare una fattura '
                                 'emettere una nota di credito (TD04) con importi positivi.'
                        % _fmt(total))
    if document and supplier and customer and supplier.get('vat') and document['type']:
        same = (customer.get('id_country') == supplier['country']
                and customer.get('id_code') == supplier['vat'])
        if same and document['type'] in _SELF_FORBIDDEN:
            out.add('customer.vat', 'Cliente e fornitore coincidono: il tipo documento %s non '
                                    'ammette lo stesso soggetto come cedente e cessionario '
                                    '(00471).' % document['type'])
        elif not same and document['type'] in _SELF_REQUIRED:
            out.add('customer.vat', 'Per il tipo documento %s (autofattura) il cliente deve '
                                    'coincidere con il fornitore (00472).' % document['type'])
    payment = _payment(invoice, to_pay, out)
    attachments = _attachments(invoice, out)
    if out.problems:
        return out.problems, None
    data = {
        'format': 'FPA12' if customer['is_pa'] else 'FPR12',
        'transmission': transmission, 'supplier': supplier, 'customer': customer,
        'document': dict(document, total=total), 'lines': lines, 'summaries': summaries,
        'payability': payability, 'payment': payment, 'attachments': attachments,
        'to_pay': to_pay, 'warnings': out.warnings,
    }
    return [], data


def preflight(invoice, today=None):
    """All the problems that would make SdI reject ``invoice`` (``[]`` when none): a list of
    ``Problem(path, message)`` with the message in Italian."""
    return analyse(invoice, today)[0]


def warnings(invoice, today=None):
    """The changes the export makes to the user's text of ``invoice`` (``Problem``s, Italian)."""
    problems, data = analyse(invoice, today)
    return data['warnings'] if data else []
