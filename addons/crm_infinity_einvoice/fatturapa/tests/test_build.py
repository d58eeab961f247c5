"""build() on the scenarios that SdI users hit: each file validates and is arithmetically coherent."""
import base64
import time
from decimal import Decimal

import pytest

from .. import build, check_arithmetic, validate_xsd
from ..exceptions import PreflightError
from .common import PA_FISCAL_CODE, changed, element_paths, invoice, parse, text

NS = 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2'


def built(data):
    xml = build(data)
    assert validate_xsd(xml) == []
    assert check_arithmetic(xml) == []
    return xml, parse(xml)


def test_private_with_recipient_code():
    xml, root = built(invoice())
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert root.tag == '{%s}FatturaElettronica' % NS and root.get('versione') == 'FPR12'
    assert root.nsmap['p'] == NS and root.nsmap['ds'] == 'http://www.w3.org/2000/09/xmldsig#'
    assert text(root, './/FormatoTrasmissione') == ['FPR12']
    assert text(root, './/CodiceDestinatario') == ['ABC1234']
    assert text(root, './/PECDestinatario') == []
    # 2 x 60.00 + 99.90 - 10% = 120.00 + 89.91 = 209.91; VAT 46.18
    assert text(root, './/DettaglioLinee/PrezzoTotale') == ['120.00', '89.91']
    assert text(root, './/ScontoMaggiorazione/Percentuale') == ['10.00']
    assert text(root, './/DatiRiepilogo/ImponibileImporto') == ['209.91']
    assert text(root, './/DatiRiepilogo/Imposta') == ['46.18']
    assert text(root, './/ImportoTotaleDocumento') == ['256.09']
    assert text(root, './/ImportoPagamento') == ['256.09']
    assert text(root, './/IscrizioneREA/*') == ['MI', '1234567', '10000.00', 'SU', 'LN']
    assert text(root, './/CedentePrestatore/Contatti/Telefono') == ['021234567']


def test_private_with_pec_only():
    data = changed(transmission__recipient_code=None, transmission__recipient_pec='beta@pec.example.it')
    _xml, root = built(data)
    assert text(root, './/CodiceDestinatario') == ['0000000']
    assert text(root, './/PECDestinatario') == ['beta@pec.example.it']


def test_private_reserved_area_code_alone():
    _xml, root = built(changed(transmission__recipient_code='0000000'))
    assert text(root, './/CodiceDestinatario') == ['0000000']
    assert text(root, './/PECDestinatario') == []


def test_pec_is_dropped_with_a_real_recipient_code():
    # PECDestinatario with a code other than 0000000 is rejected by SdI (00426)
    _xml, root = built(changed(transmission__recipient_pec='beta@pec.example.it'))
    assert text(root, './/PECDestinatario') == []


def test_pa_with_split_payment():
    data = changed(
        transmission__recipient_code='UFABCD',
        customer={'country': 'IT', 'vat': None, 'fiscal_code': PA_FISCAL_CODE, 'is_pa': True,
                  'name': 'Comune di Prova',
                  'address': {'street': 'Piazza del Municipio 1', 'zip': '00100', 'city': 'Roma',
                              'province': 'RM'}},
        payability='S')
    _xml, root = built(data)
    assert root.get('versione') == 'FPA12'
    assert text(root, './/FormatoTrasmissione') == ['FPA12']
    assert text(root, './/CodiceDestinatario') == ['UFABCD']
    assert text(root, './/CessionarioCommittente/DatiAnagrafici/IdFiscaleIVA') == []
    assert text(root, './/CessionarioCommittente/DatiAnagrafici/CodiceFiscale') == [PA_FISCAL_CODE]
    assert text(root, './/EsigibilitaIVA') == ['S']
    # the total includes the VAT, the amount to pay does not
    assert text(root, './/ImportoTotaleDocumento') == ['256.09']
    assert text(root, './/ImportoPagamento') == ['209.91']


def test_foreign_customers():
    for country, vat, expected_code in (('DE', 'DE123456789', '123456789'), ('FR', None, '99999999999')):
        data = changed(
            transmission__recipient_code=None,
            customer={'country': country, 'vat': vat, 'fiscal_code': None, 'name': 'Kunde GmbH',
                      'address': {'street': 'Hauptstraße 1', 'zip': '10115', 'city': 'Berlin',
                                  'province': 'BE', 'country': country}},
            lines=[{'description': 'Servizio intracomunitario', 'quantity': 1, 'unit_price': '500',
                    'vat_rate': 0, 'natura': 'N2.1',
                    'legal_reference': 'Art. 7-ter DPR 633/72'}])
        _xml, root = built(data)
        assert text(root, './/CodiceDestinatario') == ['XXXXXXX']
        assert text(root, './/CessionarioCommittente//IdFiscaleIVA/IdPaese') == [country]
        assert text(root, './/CessionarioCommittente//IdFiscaleIVA/IdCodice') == [expected_code]
        assert text(root, './/CessionarioCommittente/Sede/CAP') == ['00000']
        assert text(root, './/CessionarioCommittente/Sede/Provincia') == []
        assert text(root, './/CessionarioCommittente/Sede/Nazione') == [country]
        assert text(root, './/CessionarioCommittente/Sede/Indirizzo') == ['Hauptstraße 1']
        assert text(root, './/DatiRiepilogo/RiferimentoNormativo') == ['Art. 7-ter DPR 633/72']


def test_credit_note_with_related_invoice():
    data = changed(document__type='TD04', document__number='NC/2026/0001',
                   document__related=[{'number': 'FATT/2026/0001', 'date': '2026-11-01'}])
    _xml, root = built(data)
    assert text(root, './/TipoDocumento') == ['TD04']
    assert text(root, './/DatiFattureCollegate/IdDocumento') == ['FATT/2026/0001']
    assert text(root, './/DatiFattureCollegate/Data') == ['2026-11-01']
    assert all(Decimal(t) > 0 for t in text(root, './/PrezzoTotale'))
    assert text(root, './/ImportoTotaleDocumento') == ['256.09']


def test_exempt_lines_and_stamp_duty():
    lines = invoice()['lines'] + [
        {'description': 'Prestazione esente', 'quantity': 1, 'unit_price': Decimal('150'),
         'vat_rate': 0, 'natura': 'N4', 'legal_reference': 'Art. 10 DPR 633/72'},
        {'description': 'Rimborso spese non soggetto', 'quantity': 1, 'unit_price': Decimal('30'),
         'vat_rate': 0, 'natura': 'N2.2'},
        {'description': 'Bollo addebitato al cliente', 'quantity': 1, 'unit_price': Decimal('2'),
         'vat_rate': 0, 'natura': 'N1', 'legal_reference': 'Art. 15 DPR 633/72'},
    ]
    data = changed(lines=lines, document__stamp_duty=Decimal('2.00'))
    _xml, root = built(data)
    assert text(root, './/DatiBollo/BolloVirtuale') == ['SI']
    assert text(root, './/DatiBollo/ImportoBollo') == ['2.00']
    summaries = root.findall('.//DatiRiepilogo')
    assert [s.findtext('Natura') for s in summaries] == [None, 'N4', 'N2.2', 'N1']
    assert [s.findtext('EsigibilitaIVA') for s in summaries] == ['I', None, None, None]
    assert [s.findtext('RiferimentoNormativo') for s in summaries] == [
        None, 'Art. 10 DPR 633/72', 'Non soggette - altri casi', 'Art. 15 DPR 633/72']
    assert [s.findtext('Imposta') for s in summaries] == ['46.18', '0.00', '0.00', '0.00']
    # the stamp enters the total only through its own line (N1): 256.09 + 150 + 30 + 2
    assert text(root, './/ImportoTotaleDocumento') == ['438.09']


def test_long_causale_in_three_chunks():
    causale = ' '.join(['Fornitura di servizi professionali di consulenza'] * 10)  # ~500 chars
    _xml, root = built(changed(document__causale=causale))
    chunks = text(root, './/Causale')
    assert len(chunks) == 3
    assert all(len(c) <= 200 for c in chunks)
    assert ' '.join(chunks) == causale


def test_full_discount_line():
    lines = [{'description': 'Omaggio', 'quantity': 3, 'unit_price': Decimal('25.50'),
              'discount': Decimal('100'), 'vat_rate': 22}] + invoice()['lines']
    _xml, root = built(changed(lines=lines))
    line = root.find('.//DettaglioLinee')
    assert line.findtext('ScontoMaggiorazione/Percentuale') == '100.00'
    assert line.findtext('PrezzoTotale') == '0.00'


def test_eight_decimal_prices_and_quantities():
    lines = [{'description': 'Energia', 'quantity': Decimal('1234.56789012'), 'unit': 'kWh',
              'unit_price': Decimal('0.12345678'), 'discount': Decimal('2.5'), 'vat_rate': 10},
             {'description': 'Minuteria', 'quantity': '0.5', 'unit_price': 12.34567891, 'vat_rate': 22}]
    _xml, root = built(changed(lines=lines))
    assert text(root, './/PrezzoUnitario') == ['0.12345678', '12.34567891']
    assert text(root, './/Quantita') == ['1234.56789012', '0.50']
    # 1234.56789012 x 0.12345678 x 0.975 = 148.60538... ; 0.5 x 12.34567891 = 6.172839...
    assert text(root, './/PrezzoTotale') == ['148.61', '6.17']
    assert text(root, './/DatiRiepilogo/Imposta') == ['14.86', '1.36']


def test_non_latin_text_is_transliterated():
    data = changed(customer__name='Łódź “Test” — €', lines=[
        {'description': 'Servizio “premium” – 3…5 giorni  — prezzo in €\nriga due',
         'quantity': 1, 'unit_price': 10, 'vat_rate': 22, 'unit': 'm²'}])
    _xml, root = built(data)
    assert text(root, './/CessionarioCommittente//Denominazione') == ['Lódz "Test" - EUR']
    assert text(root, './/Descrizione') == [
        'Servizio "premium" - 3...5 giorni - prezzo in EUR riga due']
    assert text(root, './/UnitaMisura') == ['m2']


def test_person_names_and_negative_quantity():
    data = changed(customer={'country': 'IT', 'vat': None, 'fiscal_code': 'RSSMRA80A01H501U',
                             'first_name': 'Mario', 'last_name': 'Rossi',
                             'address': {'street': 'Via Po 1', 'zip': '10124', 'city': 'Torino'}},
                   transmission__recipient_code='0000000')
    data['lines'].append({'description': 'Reso', 'quantity': -1, 'unit_price': 10, 'vat_rate': 22})
    _xml, root = built(data)
    assert text(root, './/CessionarioCommittente//Anagrafica/*') == ['Mario', 'Rossi']
    last = root.findall('.//DettaglioLinee')[-1]
    assert [last.findtext(t) for t in ('Quantita', 'PrezzoUnitario', 'PrezzoTotale')] == [
        '1.00', '-10.00', '-10.00']


def test_attachment_and_installments():
    pdf = b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n'
    data = changed(attachments=[{'name': 'FATT_2026_0001.pdf', 'format': 'pdf',
                                 'description': 'Copia di cortesia della fattura', 'data': pdf}],
                   payment={'terms': 'TP01', 'method': 'MP12',
                            'installments': [{'due_date': '2026-12-31', 'amount': None},
                                             {'due_date': '2027-01-31', 'amount': None},
                                             {'due_date': '2027-02-28', 'amount': None}]})
    _xml, root = built(data)
    allegato = root.find('.//Allegati')
    assert [c.tag for c in allegato] == ['NomeAttachment', 'FormatoAttachment',
                                         'DescrizioneAttachment', 'Attachment']
    assert allegato.findtext('FormatoAttachment') == 'PDF'
    assert base64.b64decode(allegato.findtext('Attachment')) == pdf
    # 256.09 in three: 85.36 + 85.36 + 85.37
    assert text(root, './/ImportoPagamento') == ['85.36', '85.36', '85.37']
    assert text(root, './/DataScadenzaPagamento') == ['2026-12-31', '2027-01-31', '2027-02-28']


def test_explicit_installments_and_no_payment():
    data = changed(payment__installments=[{'due_date': '2026-12-31', 'amount': Decimal('100')},
                                          {'due_date': '2027-01-31', 'amount': '156.09'}])
    _xml, root = built(data)
    assert text(root, './/ImportoPagamento') == ['100.00', '156.09']
    _xml, root = built(changed(payment=None))
    assert root.find('.//DatiPagamento') is None


def test_element_order_follows_the_xsd():
    """Every optional element at once, in XSD sequence order (the XSD validation proves it)."""
    data = changed(transmission__sender_phone='0612345678', transmission__sender_email='sdi@infinity.example',
                   document__stamp_duty=2, document__causale='Causale',
                   document__related=[{'number': 'FATT/2026/0000'}],
                   attachments=[{'name': 'a.txt', 'data': b'x'}])
    _xml, root = built(data)
    paths = element_paths(root)
    assert paths.index('FatturaElettronicaHeader/DatiTrasmissione/ContattiTrasmittente') < paths.index(
        'FatturaElettronicaHeader/CedentePrestatore')
    body = [p for p in paths if p.count('/') == 1 and p.startswith('FatturaElettronicaBody/')]
    assert body == ['FatturaElettronicaBody/DatiGenerali', 'FatturaElettronicaBody/DatiBeniServizi',
                    'FatturaElettronicaBody/DatiPagamento', 'FatturaElettronicaBody/Allegati']


def test_preflight_error_is_raised_with_all_problems():
    data = changed(supplier__tax_regime=None, document__number='')
    with pytest.raises(PreflightError) as info:
        build(data)
    assert {p.path for p in info.value.problems} == {'supplier.tax_regime', 'document.number'}
    assert 'Regime fiscale' in str(info.value)


def test_building_is_fast():
    """Building 1,000 invoices (with validation) takes well under a few seconds."""
    data = invoice()
    start = time.perf_counter()
    for _ in range(200):
        build(data)
    elapsed = (time.perf_counter() - start) * 5
    assert elapsed < 10, 'build() of 1,000 invoices would take %.1f s' % elapsed


def test_document_rounding_brings_the_total_to_what_is_owed():
    """Tax rounded per line by the issuer: the document total carries the difference."""
    data = invoice()
    total = Decimal(text(build(data), './/ImportoTotaleDocumento')[0])
    data['document']['rounding'] = Decimal('0.01')
    xml = build(data)
    assert text(xml, './/DatiGeneraliDocumento/Arrotondamento') == ['0.01']
    assert Decimal(text(xml, './/ImportoTotaleDocumento')[0]) == total + Decimal('0.01')
    assert validate_xsd(xml) == [] and check_arithmetic(xml) == []


def test_a_rounding_over_one_euro_is_refused():
    data = invoice()
    data['document']['rounding'] = Decimal('1.50')
    with pytest.raises(PreflightError) as info:
        build(data)
    assert [p.path for p in info.value.problems] == ['document.rounding']
