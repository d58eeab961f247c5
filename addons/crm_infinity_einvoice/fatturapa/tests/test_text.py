"""filename(), sanitize(), causale_chunks(), the identifiers and the code tables."""
import re

import pytest

from .. import causale_chunks, codes, filename, sanitize
from ..identifiers import is_valid_codice_fiscale, is_valid_iban, is_valid_partita_iva, strip_country

LATIN = re.compile(r'^[\x20-\x7e\xa0-\xff]*$')


@pytest.mark.parametrize('progressive, expected', [
    (1, '00001'), (10, '0000A'), (35, '0000Z'), (36, '00010'), (36 ** 5 - 1, 'ZZZZZ'), (0, '00000'),
    ('00001', '00001'), ('abc', 'abc'), ('A1b2C', 'A1b2C'),
])
def test_filename(progressive, expected):
    assert filename('IT', '01234567890', progressive) == 'IT01234567890_%s.xml' % expected


def test_filename_normalises_country_and_code():
    assert filename('it', 'IT01234567890', 10) == 'IT01234567890_0000A.xml'
    assert filename('IT', 'RSSMRA80A01H501U', 'Z9') == 'ITRSSMRA80A01H501U_Z9.xml'


@pytest.mark.parametrize('country, vat, progressive', [
    ('IT', '01234567890', 36 ** 5), ('IT', '01234567890', -1), ('IT', '01234567890', '123456'),
    ('IT', '01234567890', 'A_1'), ('IT', '01234567890', ''), ('IT', '01234567890', None),
    ('IT', '01234567890', True), ('ITA', '01234567890', 1), ('IT', '', 1), ('IT', '0123-456', 1),
])
def test_filename_refuses(country, vat, progressive):
    with pytest.raises(ValueError):
        filename(country, vat, progressive)


@pytest.mark.parametrize('raw, expected', [
    ('Łódź “Test” — €', 'Lódz "Test" - EUR'),
    ('l’ufficio ‘A’ – „B“', "l'ufficio 'A' - \"B\""),
    ('wait…', 'wait...'),
    ('a\u00a0b\u2009c', 'a b c'),
    ('Bucureș ti Ştefan Őrs', 'Bucures ti Stefan Ors'),
    ('Città di Forlì: perché sì', 'Città di Forlì: perché sì'),          # Latin-1 is kept
    ('Straße Ærø', 'Straße Ærø'),
    ('ﬁne Ａ', 'fine A'),
    ('line one\nline two\t\tthree\r\n', 'line one line two three'),
    ('ctrl\x00\x07\x1b chars\x85', 'ctrl chars'),
    ('zero\u200bwidth\ufeff', 'zerowidth'),
    ('北京 Beijing 😀', 'BeiJing Beijing'),
        ('ул. Ленина 1 «Привет»', 'ul. Lenina 1 «Privet»'), ('Αθήνα', 'Athina'),
    ('  ', ''), (None, ''), (12.5, '12.5'),
])
def test_sanitize(raw, expected):
    assert sanitize(raw) == expected


def test_sanitize_max_len_and_ascii():
    assert sanitize('abcdef ghi', 7) == 'abcdef'           # no trailing space after the cut
    assert sanitize('x' * 2000, 1000) == 'x' * 1000
    assert sanitize('Città ½ m² × 3 °C', ascii_only=True) == 'Citta 1/2 m2 x 3 oC'
    assert sanitize('Æsir Øre Straße', ascii_only=True) == 'AEsir Ore Strasse'
    assert sanitize('€', 10, ascii_only=True) == 'EUR'


def test_sanitize_result_is_always_latin():
    every_char = ''.join(chr(c) for c in range(0x20, 0x3000) if not 0xd800 <= c < 0xe000)
    assert LATIN.match(sanitize(every_char))
    assert re.match(r'^[\x20-\x7e]*$', sanitize(every_char, ascii_only=True))


def test_causale_chunks():
    assert causale_chunks('') == [] and causale_chunks(None) == []
    assert causale_chunks('Breve causale') == ['Breve causale']
    text = ' '.join('parola%d' % i for i in range(100))         # 889 characters
    chunks = causale_chunks(text)
    assert all(0 < len(c) <= 200 for c in chunks) and len(chunks) == 5
    assert ' '.join(chunks) == text                            # split on spaces only
    assert all(not c.startswith(' ') and not c.endswith(' ') for c in chunks)


def test_causale_chunks_long_word_and_sanitizing():
    chunks = causale_chunks('a ' + 'x' * 450 + ' “fine”')
    assert chunks == ['a', 'x' * 200, 'x' * 200, 'x' * 50 + ' "fine"']
    assert causale_chunks('€ ' * 100) == [' '.join(['EUR'] * 50), ' '.join(['EUR'] * 50)]


def test_identifiers():
    assert is_valid_partita_iva('01234567897') and not is_valid_partita_iva('01234567890')
    assert not is_valid_partita_iva('0123456789A')
    assert is_valid_codice_fiscale('RSSMRA80A01H501U') and is_valid_codice_fiscale('09876543217')
    assert is_valid_codice_fiscale('RSSMRA85T10A562S')
    assert not is_valid_codice_fiscale('RSSMRA80A01H501A') and not is_valid_codice_fiscale('rss')
    assert is_valid_iban('IT60X0542811101000000123456') and is_valid_iban('it60 x054 2811 1010 0000 0123 456')
    assert is_valid_iban('DE89370400440532013000')
    assert not is_valid_iban('IT60X054281110100000012345')     # wrong length for IT
    assert strip_country('IT', 'IT01234567897') == '01234567897'
    assert strip_country('GR', 'EL123456789') == '123456789'
    assert strip_country('IT', '01234567897') == '01234567897'


def test_code_tables_match_the_xsd():
    """The selection lists only hold codes the 1.2.2 XSD accepts (and none of the retired ones)."""
    from lxml import etree
    from ..schema import INVOICE_XSD, schema_dir
    import os
    xsd = etree.parse(os.path.join(schema_dir(), INVOICE_XSD))
    ns = {'xs': 'http://www.w3.org/2001/XMLSchema'}

    def enumeration(type_name):
        return {e.get('value') for e in xsd.iterfind(
            "xs:simpleType[@name='%s']//xs:enumeration" % type_name, ns)}

    assert {c for c, _l in codes.DOCUMENT_TYPES} == enumeration('TipoDocumentoType')
    assert {c for c, _l in codes.TAX_REGIMES} == enumeration('RegimeFiscaleType')
    assert {c for c, _l in codes.NATURE} == enumeration('NaturaType') - set(codes.LEGACY_NATURE)
    assert {c for c, _l in codes.PAYMENT_TERMS} == enumeration('CondizioniPagamentoType')
    assert {c for c, _l in codes.PAYMENT_METHODS} == enumeration('ModalitaPagamentoType')
    assert {c for c, _l in codes.VAT_PAYABILITY} == enumeration('EsigibilitaIVAType')
    for table in (codes.DOCUMENT_TYPES, codes.TAX_REGIMES, codes.NATURE, codes.PAYMENT_METHODS):
        assert all(isinstance(label, str) and label for _c, label in table)
