"""Import of nominativi from CSV/XLS/XLSX files (SPEC M1, issue 15): reading and decoding the
file, guessing the column mapping, and the dry run that says, row by row, what will be created,
updated or skipped and why, with the clusters of duplicates found in the file and among the
existing nominativi, contacts and companies.

Plain values only: the model gives the file's bytes, the chosen mapping, an ``Index`` of the
existing records (loaded once with a few SQL queries) and lookup tables (provinces, countries,
sources); it gets back a ``Plan`` and writes it. Messages are codes with parameters
(``MESSAGES``), translated by the adapter in the reader's language.

Duplicates are found by keys compared case-insensitively: e-mail (lower-case), VAT number
(digits and letters, without the IT prefix, Italian numbers padded to 11 digits), fiscal code,
phone and mobile (E.164, by the core phone engine) -- *strong* keys, one is enough -- and the
name (lower-case, accents, punctuation and legal forms such as S.r.l. removed, words sorted, so
"Rossi Mario" is "Mario Rossi" and "ACME S.R.L." is "Acme srl") -- a *weak* key, which only
warns. Matching is by dictionary look-up, never a search per row: 100,000 rows take seconds.
"""
import csv
import datetime
import io
import re
import unicodedata
from collections import namedtuple
from functools import lru_cache

from odoo.addons.crm_infinity_base.engines.phone import to_e164


def _(text):
    """Mark a message for translation (Odoo's extractor collects it); the adapter translates it."""
    return text


# a date of the file is a local day: up to a day ahead of the server's UTC clock
CONSENT_DATE_SLACK = datetime.timedelta(days=1)

MESSAGES = {
    # file errors
    'empty_file': _('The file is empty.'),
    'bad_encoding': _('The file cannot be read as text: its encoding is not recognised (at byte '
                      '%(position)s). Save it as CSV UTF-8 or as an Excel file and try again.'),
    'bad_excel': _('The Excel file cannot be read: %(error)s'),
    'no_header': _('The file has no header row with the column names.'),
    'missing_columns': _('Required columns are missing: %(columns)s. Map at least one column to '
                         'the name, the first or last name or the company name.'),
    'duplicate_target': _('The field "%(field)s" is mapped to more than one column: %(columns)s.'),
    'unknown_target': _('Unknown field in the mapping: %(field)s.'),
    # row errors (the row is broken: nothing is written while one exists)
    'row_columns': _('The row has %(found)s columns, the header %(expected)s.'),
    'row_no_name': _('No name: neither a name, a first or last name nor a company name.'),
    'row_bad_email': _('The e-mail address "%(value)s" is not valid.'),
    'row_bad_date': _('The date "%(value)s" is not valid (use dd/mm/yyyy).'),
    'row_bad_consent': _('The consent value "%(value)s" is not understood (use sì/no).'),
    'row_future_date': _('The consent date "%(value)s" is in the future: a consent is given '
                         'on or before the day of the import.'),
    'row_bad_state': _('Unknown province "%(value)s".'),
    'row_bad_country': _('Unknown country "%(value)s".'),
    'row_too_long': _('The value of "%(field)s" is too long (%(length)s characters, at most '
                      '%(max)s).'),
    # decisions and warnings
    'create': _('New nominativo.'),
    'update': _('Already a nominativo (same %(keys)s): %(name)s; empty fields are completed.'),
    'update_overwrite': _('Already a nominativo (same %(keys)s): %(name)s; its fields are '
                          'updated.'),
    'skip_empty': _('Empty row.'),
    'skip_duplicate_in_file': _('Duplicate of row %(row)s of the file (same %(keys)s).'),
    'skip_contact': _('Already a contact or company (same %(keys)s): %(name)s.'),
    'warn_similar_name': _('Similar name: %(names)s.'),
    'warn_similar_in_file': _('Similar name in row %(row)s of the file.'),
    'warn_bad_phone': _('The phone number "%(value)s" is not valid: kept as written, not used '
                        'to find duplicates.'),
    'warn_new_source': _('New source "%(value)s": it will be created.'),
}

KEY_LABELS = {
    'email': _('e-mail'),
    'vat': _('VAT number'),
    'fiscal_code': _('fiscal code'),
    'phone': _('phone'),
    'name': _('name'),
}

# target field -> (label, header synonyms, normalised as by normalize_header)
TARGETS = {
    'name': (_('Name'), ['nominativo', 'nome completo', 'nome e cognome', 'cognome e nome',
                         'name', 'full name', 'contatto', 'contact', 'contact name',
                         'denominazione']),
    'first_name': (_('First name'), ['nome', 'first name', 'firstname', 'given name']),
    'last_name': (_('Last name'), ['cognome', 'last name', 'lastname', 'surname',
                                   'family name']),
    'company_name': (_('Company name'), ['ragione sociale', 'azienda', 'societa', 'ditta',
                                         'impresa', 'company', 'company name', 'organization',
                                         'organisation', 'organizzazione', 'account']),
    'function': (_('Job position'), ['ruolo', 'funzione', 'qualifica', 'posizione', 'mansione',
                                     'job title', 'job position', 'function', 'position',
                                     'role']),
    'email': (_('E-mail'), ['email', 'e mail', 'mail', 'posta elettronica', 'indirizzo email',
                            'indirizzo e mail', 'email address', 'e mail address']),
    'phone': (_('Phone'), ['telefono', 'tel', 'phone', 'telephone', 'numero di telefono',
                           'phone number', 'tel ufficio', 'telefono ufficio', 'work phone']),
    'mobile': (_('Mobile'), ['cellulare', 'cell', 'mobile', 'mobile phone', 'cell phone',
                             'telefono cellulare', 'tel cellulare', 'cellphone']),
    'fax': (_('Fax number'), ['fax', 'numero fax', 'fax number']),
    'website': (_('Website'), ['sito', 'sito web', 'sito internet', 'website', 'web', 'url',
                               'web site']),
    'street': (_('Street'), ['indirizzo', 'via', 'street', 'address', 'address line 1',
                             'street address']),
    'street2': (_('Street 2'), ['indirizzo 2', 'street 2', 'address line 2', 'presso']),
    'zip': (_('ZIP'), ['cap', 'zip', 'zip code', 'postal code', 'codice postale', 'postcode']),
    'city': (_('City'), ['citta', 'comune', 'localita', 'city', 'town']),
    'state': (_('Province'), ['provincia', 'prov', 'sigla provincia', 'state', 'province',
                              'county', 'region']),
    'country': (_('Country'), ['nazione', 'paese', 'stato', 'country', 'country code']),
    'vat': (_('VAT number'), ['partita iva', 'p iva', 'piva', 'p iva cee', 'iva', 'vat',
                              'vat number', 'vat id', 'vat code']),
    'fiscal_code': (_('Fiscal code'), ['codice fiscale', 'cf', 'cod fiscale', 'c f',
                                       'fiscal code', 'tax code', 'tax id']),
    'source': (_('Source'), ['fonte', 'origine', 'provenienza', 'source', 'lead source',
                             'canale di acquisizione']),
    'note': (_('Notes'), ['note', 'notes', 'commento', 'commenti', 'annotazioni', 'comment',
                          'comments', 'description', 'descrizione']),
    'consent_marketing_email': (_('Marketing consent (e-mail)'), [
        'consenso marketing', 'consenso', 'consenso email', 'consenso privacy', 'privacy',
        'newsletter', 'marketing consent', 'consent', 'email consent', 'opt in', 'optin']),
    'consent_date': (_('Consent date'), ['data consenso', 'data del consenso', 'consent date',
                                         'opt in date']),
}
NAME_TARGETS = ('name', 'first_name', 'last_name', 'company_name')
# longest values the stored columns take (Char fields have no size; keep rows sane)
MAX_LENGTH = 512

Row = namedtuple('Row', 'number cells')
Table = namedtuple('Table', 'headers rows encoding')
RowResult = namedtuple('RowResult', 'number action reasons values target_id matches cluster')
Plan = namedtuple('Plan', 'rows counts errors clusters names')


class ImportFileError(Exception):
    """A file or mapping that cannot be imported; ``code`` is a key of MESSAGES."""

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params

    def render(self, translate=lambda text: text):
        return translate(MESSAGES[self.code]) % self.params


def render(code, params, translate=lambda text: text):
    """One message as a sentence in the reader's language."""
    return translate(MESSAGES[code]) % dict(params)


# -- reading ------------------------------------------------------------------------------------

_CONTROL = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]')


def decode_text(data):
    """``(text, encoding)`` of a CSV file: BOMs first, then UTF-8, then Windows-1252 (what
    Excel saves in Italy). Text holding control characters is not text: refused, with the
    position of the first bad byte."""
    if not data or not data.strip():
        raise ImportFileError('empty_file')
    for bom, encoding in ((b'\xef\xbb\xbf', 'utf-8-sig'), (b'\xff\xfe', 'utf-16'),
                          (b'\xfe\xff', 'utf-16')):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ImportFileError('bad_encoding', position=error.start)
            return _check_text(text, data, encoding), encoding
    first_error = None
    for encoding in ('utf-8', 'cp1252'):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            first_error = first_error if first_error is not None else error.start
            continue
        bad = _CONTROL.search(text)
        if bad:
            first_error = len(text[:bad.start()].encode(encoding))
            continue
        return text, encoding
    raise ImportFileError('bad_encoding', position=first_error or 0)


def _check_text(text, data, encoding):
    bad = _CONTROL.search(text)
    if bad:
        raise ImportFileError('bad_encoding', position=len(text[:bad.start()].encode(encoding)))
    return text


def _sniff_delimiter(text):
    sample = '\n'.join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=';,\t|').delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ''
        return max(';,\t|', key=header.count)


def read_csv(data):
    text, encoding = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=''), delimiter=_sniff_delimiter(text))
    return _table(reader, encoding)


def _cell(value):
    """An Excel cell as text: integers without '.0' (a VAT number read as a number), dates as
    ISO dates."""
    if value is None:
        return ''
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if not value.time() else value.isoformat(' ')
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def read_xlsx(data):
    import openpyxl
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # zip, XML or openpyxl errors: all mean "not a readable file"
        raise ImportFileError('bad_excel', error=str(error) or error.__class__.__name__)
    sheet = book.worksheets[0]
    rows = ([_cell(value) for value in row] for row in sheet.iter_rows(values_only=True))
    return _table(rows, 'xlsx')


def read_xls(data):
    import xlrd
    try:
        book = xlrd.open_workbook(file_contents=data)
    except Exception as error:  # xlrd raises many kinds
        raise ImportFileError('bad_excel', error=str(error) or error.__class__.__name__)
    sheet = book.sheet_by_index(0)

    def cells(index):
        for cell in sheet.row(index):
            if cell.ctype == xlrd.XL_CELL_DATE:
                yield _cell(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
            else:
                yield _cell(cell.value)
    return _table(([c for c in cells(i)] for i in range(sheet.nrows)), 'xls')


def read_file(data, filename=''):
    """The file as a ``Table``: its header and its data rows (with their line number in the
    file, the header being line 1), whatever its kind (by content, not by name)."""
    if not data:
        raise ImportFileError('empty_file')
    if data[:4] == b'PK\x03\x04':
        return read_xlsx(data)
    if data[:8] == b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1':
        return read_xls(data)
    return read_csv(data)


def _table(rows, encoding):
    headers = None
    data = []
    for number, cells in enumerate(rows, start=1):
        cells = [(c or '').strip() if isinstance(c, str) else _cell(c).strip() for c in cells]
        if headers is None:
            if not any(cells):
                continue
            headers = cells
            header_line = number
            continue
        data.append(Row(number, cells))
    if headers is None:
        raise ImportFileError('no_header')
    # trailing empty header cells (Excel's formatted but empty columns) are not columns
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise ImportFileError('no_header')
    del header_line
    return Table(headers, data, encoding)


# -- mapping ------------------------------------------------------------------------------------

def normalize_header(header):
    """``'Partita IVA'`` -> ``'partita iva'``, ``'E-Mail '`` -> ``'e mail'``, ``'Città'`` ->
    ``'citta'``."""
    text = unicodedata.normalize('NFKD', str(header or ''))
    text = ''.join(c for c in text if not unicodedata.combining(c)).lower()
    return ' '.join(re.sub(r'[^a-z0-9]+', ' ', text).split())


_SYNONYMS = {}
for _target, (_label, _words) in TARGETS.items():
    for _word in _words:
        _SYNONYMS.setdefault(_word, _target)


def shape_key(headers):
    """The file shape a mapping is remembered for: its set of normalised headers."""
    return '|'.join(sorted({normalize_header(h) for h in headers if normalize_header(h)}))


def guess_mapping(headers):
    """``[target or None]`` per column, from Italian and English header names; a target is
    given to one column only (the first)."""
    used = set()
    result = []
    for header in headers:
        target = _SYNONYMS.get(normalize_header(header))
        if target in used:
            target = None
        if target:
            used.add(target)
        result.append(target)
    return result


def check_mapping(headers, mapping):
    """Refuse a mapping that cannot give a name to every row, or maps a field twice."""
    seen = {}
    for header, target in zip(headers, mapping):
        if not target:
            continue
        if target not in TARGETS:
            raise ImportFileError('unknown_target', field=target)
        seen.setdefault(target, []).append(header)
    for target, columns in seen.items():
        if len(columns) > 1:
            raise ImportFileError('duplicate_target', field=TARGETS[target][0],
                                  columns=', '.join(columns))
    if not any(t in seen for t in NAME_TARGETS):
        raise ImportFileError('missing_columns', columns=' / '.join(
            TARGETS[t][0] for t in NAME_TARGETS))


# -- keys ---------------------------------------------------------------------------------------

_EMAIL = re.compile(r'^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$')
_LEGAL_FORMS = {
    'srl', 'srls', 'spa', 'snc', 'sas', 'sapa', 'scarl', 'scrl', 'scpa', 'soc', 'coop', 'sc',
    'ss', 'di', 'e', 'c', 'ltd', 'llc', 'inc', 'gmbh', 'ag', 'sa', 'sarl', 'bv', 'nv', 'co',
    'the', 'unipersonale', 'societa', 'cooperativa', 'ditta', 'ind', 'individuale',
}
# "S.r.l." -> "srl" before the words are split
_DOTTED = re.compile(r'\b((?:[a-z]\.){2,}[a-z]?\.?)')


def email_key(email):
    email = (email or '').strip().lower()
    return email or None


def vat_key(vat):
    """``'IT 01234567890'``, ``'01234567890'``, ``'1234567890'`` (a number that lost its
    leading zero in Excel) -> ``'01234567890'``; foreign numbers keep their prefix."""
    text = re.sub(r'[^0-9A-Za-z]', '', str(vat or '')).upper()
    if text.startswith('IT') and text[2:].isdigit():
        text = text[2:]
    if text.isdigit() and 8 <= len(text) < 11:
        text = text.zfill(11)
    return text or None


def fiscal_code_key(code):
    text = re.sub(r'[^0-9A-Za-z]', '', str(code or '')).upper()
    return text or None


def name_key(name):
    """Lower-case words without accents, punctuation and legal forms, sorted."""
    text = unicodedata.normalize('NFKD', str(name or ''))
    text = ''.join(c for c in text if not unicodedata.combining(c)).lower()
    text = _DOTTED.sub(lambda m: m.group(1).replace('.', ''), text)
    words = [w for w in re.sub(r'[^a-z0-9]+', ' ', text).split() if w not in _LEGAL_FORMS]
    return ' '.join(sorted(words)) or None


@lru_cache(maxsize=65536)
def phone_key(number, region='IT'):
    return to_e164(number, region)


class Index:
    """The existing records, by key: ``add(model, id, name, emails=, vats=, fiscal_codes=,
    phones=, names=)``, then ``matches(keys)``."""

    def __init__(self):
        self.names = {}
        self.by_key = {}

    def add(self, model, rid, name, emails=(), vats=(), fiscal_codes=(), phones=(), names=()):
        ref = (model, rid)
        self.names[ref] = name
        for kind, values, func in (('email', emails, email_key), ('vat', vats, vat_key),
                                   ('fiscal_code', fiscal_codes, fiscal_code_key),
                                   ('phone', phones, None), ('name', names, name_key)):
            for value in values:
                key = func(value) if func else value
                if key:
                    self.by_key.setdefault((kind, key), []).append(ref)

    def matches(self, keys):
        """``{ref: [kinds]}`` of the records sharing one of ``keys`` ((kind, value) pairs)."""
        found = {}
        for key in keys:
            for ref in self.by_key.get(key, ()):
                kinds = found.setdefault(ref, [])
                if key[0] not in kinds:
                    kinds.append(key[0])
        return found


# -- values -------------------------------------------------------------------------------------

_TRUE = {'si', 'sì', 's', 'yes', 'y', '1', 'true', 'vero', 'x', 'ok', 'consenso', 'granted',
         'concesso', 'acconsento'}
_FALSE = {'no', 'n', '0', 'false', 'falso', 'revocato', 'negato', 'revoked', 'denied',
          'non acconsento'}
_DATE_FORMATS = ('%d/%m/%Y', '%Y-%m-%d', '%d-%m-%Y', '%d.%m.%Y', '%d/%m/%y', '%Y-%m-%d %H:%M:%S',
                 '%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S', '%Y/%m/%d')


def parse_date(text):
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def parse_bool(text):
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None


Lookups = namedtuple('Lookups', 'states countries sources default_country_id')


def make_lookups(states=(), countries=(), sources=(), default_country_id=None):
    """``states``: (id, country_id, code, name); ``countries``: (id, code, name); ``sources``:
    (id, name). Looked up by normalised code or name."""
    state_map = {}
    for sid, country_id, code, name in states:
        for key in (code, name):
            if key:
                state_map.setdefault((country_id, normalize_header(key)), sid)
    country_map = {}
    for cid, code, name in countries:
        for key in (code, name):
            if key:
                country_map.setdefault(normalize_header(key), cid)
    country_map.setdefault('italia', country_map.get('it'))
    source_map = {normalize_header(name): sid for sid, name in sources if name}
    return Lookups(state_map, country_map, source_map, default_country_id)


def row_values(cells, headers, mapping, lookups):
    """``(values, reasons)``: the nominativo's values from one row (``None`` if the row is
    empty) and the errors and warnings found in it."""
    reasons = []
    raw = {}
    for index, target in enumerate(mapping):
        if target and index < len(cells) and cells[index]:
            raw[target] = cells[index]
    if not raw:
        return None, reasons
    for target, value in raw.items():
        if len(value) > MAX_LENGTH and target != 'note':
            reasons.append(('row_too_long', {'field': TARGETS[target][0], 'length': len(value),
                                             'max': MAX_LENGTH}))
    values = {}
    person = ' '.join(p for p in (raw.get('first_name'), raw.get('last_name')) if p)
    company = raw.get('company_name')
    name = raw.get('name') or person or company
    if not name:
        reasons.append(('row_no_name', {}))
    values['name'] = name
    values['is_company'] = bool(company and not raw.get('name') and not person) or \
        bool(company and name == company)
    values['company_name'] = company if not values['is_company'] else None
    for field in ('function', 'fax', 'website', 'street', 'street2', 'zip', 'city', 'note'):
        values[field] = raw.get(field)
    email = raw.get('email')
    if email:
        email = email.strip()
        if email.lower().startswith('mailto:'):
            email = email[7:]
        if not _EMAIL.match(email):
            reasons.append(('row_bad_email', {'value': email}))
    values['email'] = email or None
    values['email_normalized'] = email_key(email)
    country_id = lookups.default_country_id
    if raw.get('country'):
        country_id = lookups.countries.get(normalize_header(raw['country']))
        if not country_id:
            reasons.append(('row_bad_country', {'value': raw['country']}))
    values['country_id'] = country_id
    values['state_id'] = None
    if raw.get('state'):
        values['state_id'] = lookups.states.get((country_id, normalize_header(raw['state'])))
        if not values['state_id']:
            reasons.append(('row_bad_state', {'value': raw['state']}))
    region = 'IT'
    for field in ('phone', 'mobile'):
        number = raw.get(field)
        values[field] = number
        normalized = phone_key(number, region) if number else None
        if number and not normalized:
            reasons.append(('warn_bad_phone', {'value': number}))
        values[field + '_normalized'] = normalized
    values['vat'] = raw.get('vat')
    if values['vat'] and values['vat'].isdigit() and len(values['vat']) < 11:
        values['vat'] = values['vat'].zfill(11)  # an Italian VAT number Excel read as a number
    values['fiscal_code'] = raw['fiscal_code'].upper() if raw.get('fiscal_code') else None
    values['source_id'] = None
    values['source_name'] = None
    if raw.get('source'):
        values['source_id'] = lookups.sources.get(normalize_header(raw['source']))
        if not values['source_id']:
            values['source_name'] = raw['source']
            reasons.append(('warn_new_source', {'value': raw['source']}))
    values['consent'] = None
    if raw.get('consent_marketing_email'):
        granted = parse_bool(raw['consent_marketing_email'])
        if granted is None:
            reasons.append(('row_bad_consent', {'value': raw['consent_marketing_email']}))
        else:
            values['consent'] = 'granted' if granted else 'revoked'
    values['consent_date'] = None
    if raw.get('consent_date'):
        moment = parse_date(raw['consent_date'])
        if moment is None:
            reasons.append(('row_bad_date', {'value': raw['consent_date']}))
        elif moment > datetime.datetime.utcnow() + CONSENT_DATE_SLACK:
            # the latest line wins: a future one would beat every later revocation
            reasons.append(('row_future_date', {'value': raw['consent_date']}))
        else:
            values['consent_date'] = moment
    return values, reasons


def row_keys(values):
    """The (kind, key) pairs a row is matched on: strong ones, then the name."""
    strong = []
    if values.get('email_normalized'):
        strong.append(('email', values['email_normalized']))
    vat = vat_key(values.get('vat'))
    if vat:
        strong.append(('vat', vat))
    fiscal = fiscal_code_key(values.get('fiscal_code'))
    if fiscal and fiscal != vat:
        strong.append(('fiscal_code', fiscal))
    for field in ('phone_normalized', 'mobile_normalized'):
        if values.get(field) and ('phone', values[field]) not in strong:
            strong.append(('phone', values[field]))
    name = name_key(values.get('name'))
    return strong, [('name', name)] if name else []


# -- the dry run --------------------------------------------------------------------------------

NOMINATIVO = 'crm.infinity.nominativo'
STRONG_ORDER = ('email', 'vat', 'fiscal_code', 'phone')


def is_error(code):
    return code.startswith('row_')


class _Clusters:
    """Union-find over rows and existing records that share a key."""

    def __init__(self):
        self.parent = {}

    def find(self, node):
        parent = self.parent.setdefault(node, node)
        while parent != self.parent.get(parent, parent):
            parent = self.parent[parent]
        self.parent[node] = parent
        return parent

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def plan(table, mapping, index, lookups, overwrite=False, skip_contacts=True, progress=None):
    """The dry run: one ``RowResult`` per data row of ``table``.

    * a row with an error (``row_*`` reason) is ``error``: while one exists nothing is written;
    * an empty row, a row repeating an earlier row's strong key, a row that is already a
      contact or company (``skip_contacts``) is ``skip``;
    * a row sharing a strong key with existing nominativi ``update``-s the first one
      (e-mail before VAT, fiscal code, phone): empty fields completed, or all given fields
      overwritten (``overwrite``);
    * the others are ``create``; a similar name (file or existing) is a warning only.

    ``clusters`` numbers each group of two or more rows/records linked by a shared key (1, 2...),
    shown on the rows. ``progress(done, total)`` is called every few thousand rows.
    """
    check_mapping(table.headers, mapping)
    width = len(table.headers)
    results = []
    seen_strong = {}
    seen_name = {}
    clusters = _Clusters()
    total = len(table.rows)
    for position, row in enumerate(table.rows):
        if progress and position % 5000 == 0:
            progress(position, total)
        cells = row.cells
        while len(cells) > width and not cells[-1]:
            cells = cells[:-1]
        if len(cells) > width:
            results.append(RowResult(row.number, 'error', [('row_columns', {
                'found': len(cells), 'expected': width})], None, None, {}, None))
            continue
        values, reasons = row_values(cells, table.headers, mapping, lookups)
        if values is None:
            results.append(RowResult(row.number, 'skip', [('skip_empty', {})], None, None, {},
                                     None))
            continue
        node = ('row', row.number)
        strong, weak = row_keys(values)
        matches = index.matches(strong + weak)
        for ref in matches:
            clusters.union(node, ref)
        # inside the file
        duplicate_of = None
        for key in strong:
            earlier = seen_strong.get(key)
            if earlier is not None:
                clusters.union(node, ('row', earlier))
                if duplicate_of is None:
                    duplicate_of = (earlier, key[0])
            else:
                seen_strong[key] = row.number
        for key in weak:
            earlier = seen_name.get(key)
            if earlier is not None:
                clusters.union(node, ('row', earlier))
                if duplicate_of is None:
                    reasons.append(('warn_similar_in_file', {'row': earlier}))
            else:
                seen_name[key] = row.number
        if any(is_error(code) for code, _params in reasons):
            results.append(RowResult(row.number, 'error', reasons, values, None, matches, None))
            continue
        if duplicate_of is not None:
            keys = [k for k, v in strong if seen_strong.get((k, v)) == duplicate_of[0]]
            results.append(RowResult(row.number, 'skip', [('skip_duplicate_in_file', {
                'row': duplicate_of[0], 'keys': keys})] + reasons, values, None, matches, None))
            continue
        strong_hits = {ref: kinds for ref, kinds in matches.items()
                       if any(k != 'name' for k in kinds)}
        nominativi = [ref for ref in strong_hits if ref[0] == NOMINATIVO]
        if nominativi:
            def rank(ref):
                kinds = strong_hits[ref]
                return (min(STRONG_ORDER.index(k) for k in kinds if k in STRONG_ORDER), ref[1])
            target = min(nominativi, key=rank)
            keys = [k for k in strong_hits[target] if k != 'name']
            results.append(RowResult(row.number, 'update', [
                ('update_overwrite' if overwrite else 'update',
                 {'keys': keys, 'name': index.names[target]})] + reasons,
                values, target[1], matches, None))
            continue
        if strong_hits and skip_contacts:
            target = min(strong_hits, key=lambda ref: ref[1])
            results.append(RowResult(row.number, 'skip', [('skip_contact', {
                'keys': [k for k in strong_hits[target] if k != 'name'],
                'name': index.names[target]})] + reasons, values, None, matches, None))
            continue
        similar = [ref for ref in matches if ref not in strong_hits]
        if similar:
            reasons.append(('warn_similar_name', {'names': [index.names[r] for r in
                                                            sorted(similar)[:5]]}))
        results.append(RowResult(row.number, 'create', [('create', {})] + reasons, values,
                                 None, matches, None))
    if progress:
        progress(total, total)
    # number the clusters of two or more members, in the order of their first row
    members = {}
    for node in list(clusters.parent):
        members.setdefault(clusters.find(node), []).append(node)
    numbers = {}
    final = []
    for result in results:
        node = ('row', result.number)
        cluster = None
        if node in clusters.parent and len(members[clusters.find(node)]) > 1:
            root = clusters.find(node)
            cluster = numbers.setdefault(root, len(numbers) + 1)
        final.append(result._replace(cluster=cluster))
    counts = {'create': 0, 'update': 0, 'skip': 0, 'error': 0}
    for result in final:
        counts[result.action] += 1
    errors = [r for r in final if r.action == 'error']
    names = {ref: index.names[ref] for result in final for ref in result.matches}
    return Plan(final, counts, errors, len(numbers), names)


def render_reasons(result, translate=lambda text: text):
    """The reasons of one row as sentences; key kinds (e-mail, VAT...) translated."""
    sentences = []
    for code, params in result.reasons:
        params = dict(params)
        if 'keys' in params:
            params['keys'] = ', '.join(translate(KEY_LABELS[k]) for k in params['keys'])
        if 'names' in params:
            params['names'] = ', '.join(params['names'])
        sentences.append(translate(MESSAGES[code]) % params)
    return sentences
