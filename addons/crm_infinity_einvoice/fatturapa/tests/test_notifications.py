"""parse_notification() on sample SdI messages (tests/data, valid against MessaggiTypes_v1.1.xsd)."""
import os

import pytest

from .. import NotificationError, parse_notification
from ..schema import MESSAGES_XSD, validate
from .common import DATA_DIR

FILES = {
    'RC': 'IT01234567897_00001_RC_001.xml',
    'MC': 'IT01234567897_00002_MC_001.xml',
    'NS': 'IT01234567897_11111_NS_001.xml',
    'NE_EC01': 'IT01234567897_00004_NE_EC01.xml',
    'NE_EC02': 'IT01234567897_00005_NE_EC02.xml',
    'DT': 'IT01234567897_00006_DT_001.xml',
    'AT': 'IT01234567897_00007_AT_001.xml',
}


def read(key):
    with open(os.path.join(DATA_DIR, FILES[key]), 'rb') as handle:
        return handle.read()


@pytest.mark.parametrize('key', sorted(FILES))
def test_samples_are_schema_valid(key):
    assert validate(read(key), MESSAGES_XSD) == []


def test_delivery_receipt():
    n = parse_notification(read('RC'))
    assert n['type'] == 'RC' and n.type_label == 'Ricevuta di consegna'
    assert n['sdi_id'] == '111' and n['filename'] == 'IT01234567897_00001.xml'
    assert n['date'] == '2026-11-20T10:15:30.000+01:00'
    assert n['delivery_date'] == '2026-11-20T10:20:45.000+01:00'
    assert n['recipient'] == {'code': 'ABC1234', 'description': 'Beta S.p.A.'}
    assert n['message_id'] == '123456' and n['note'] == 'Consegnata'
    assert n['errors'] == [] and n['outcome'] is None and not n.is_rejection


def test_missed_delivery():
    n = parse_notification(read('MC'))
    assert n['type'] == 'MC' and n['sdi_id'] == '112'
    assert 'area riservata' in n['description']
    assert not n.is_rejection


def test_rejection_with_two_errors():
    n = parse_notification(read('NS'))
    assert n['type'] == 'NS' and n['sdi_id'] == '113'
    assert n['filename'] == 'IT01234567897_11111.xml'
    assert n['errors'] == [
        {'code': '00404', 'description': 'Fattura duplicata', 'suggestion': None},
        {'code': '00423', 'description': '2.2.1.11 PrezzoTotale non calcolato secondo le regole '
                                         'definite nelle specifiche tecniche', 'suggestion': None}]
    assert n['pec_message_id'].startswith('opec123') and n['note'] == 'File scartato'
    assert n.is_rejection


@pytest.mark.parametrize('key, outcome, rejected', [('NE_EC01', 'EC01', False), ('NE_EC02', 'EC02', True)])
def test_outcome(key, outcome, rejected):
    n = parse_notification(read(key))
    assert n['type'] == 'NE' and n['outcome'] == outcome
    assert n['invoice_ref'] == {'number': 'FATT/2026/0004', 'year': 2026, 'position': 1}
    assert n['date'] is None and n.is_rejection is rejected
    assert n['outcome_description']


def test_expiry_of_terms():
    n = parse_notification(read('DT'))
    assert n['type'] == 'DT' and n['sdi_id'] == '116' and n['filename'] == 'IT01234567897_00006.xml'
    assert n['invoice_ref'] == {'number': 'FATT/2026/0006', 'year': 2026, 'position': None}


def test_transmission_certificate():
    n = parse_notification(read('AT'))
    assert n['type'] == 'AT' and n['recipient']['code'] == 'AAAAAA'
    assert n['file_hash'].startswith('2c26b46b')


def test_malformed_xml():
    with pytest.raises(NotificationError) as info:
        parse_notification(read('RC')[:-40])
    assert 'non ben formato' in str(info.value)
    with pytest.raises(NotificationError):
        parse_notification(b'')


def test_unknown_root():
    with pytest.raises(NotificationError) as info:
        parse_notification(read('RC').replace(b'RicevutaConsegna', b'RicevutaSconosciuta'))
    assert 'non riconosciuto' in str(info.value)
    # right name, wrong namespace
    with pytest.raises(NotificationError):
        parse_notification(read('RC').replace(b'http://www.fatturapa.gov.it/sdi/messaggi/v1.0',
                                              b'http://example.com/other'))
    # an invoice is not a notification
    with pytest.raises(NotificationError):
        parse_notification(b'<p:FatturaElettronica xmlns:p="http://ivaservizi.agenziaentrate.gov.it'
                           b'/docs/xsd/fatture/v1.2" versione="FPR12"/>')


@pytest.mark.parametrize('old, new', [
    (b'<IdentificativoSdI>111</IdentificativoSdI>', b'<IdentificativoSdI>abc</IdentificativoSdI>'),
    (b'<MessageId>123456</MessageId>', b''),                       # mandatory element missing
    (b'<ds:SignatureValue>', b'<ds:Unexpected/><ds:SignatureValue>'),  # broken signature
])
def test_schema_invalid_content(old, new):
    xml = read('RC')
    assert old in xml
    with pytest.raises(NotificationError) as info:
        parse_notification(xml.replace(old, new))
    assert 'non conforme allo schema' in str(info.value)


def test_unknown_outcome_is_refused():
    with pytest.raises(NotificationError):
        parse_notification(read('NE_EC01').replace(b'<Esito>EC01</Esito>', b'<Esito>EC03</Esito>'))


@pytest.mark.parametrize('doctype', [
    b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE r [<!ENTITY x "expanded">]>',
])
def test_doctype_and_entities_are_refused(doctype):
    evil = (b'<?xml version="1.0"?>' + doctype + read('RC').split(b'?>', 1)[1].replace(
        b'<Note>Consegnata</Note>', b'<Note>&x;</Note>'))
    with pytest.raises(NotificationError) as info:
        parse_notification(evil)
    assert 'DTD' in str(info.value)
