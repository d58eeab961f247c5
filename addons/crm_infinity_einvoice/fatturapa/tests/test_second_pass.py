"""Issue 14 in the package: accounting totals and installments, VAT-included prices, provinces,
foreign VAT numbers, transliteration and long descriptions."""
from decimal import Decimal

import pytest

from .. import build, check_arithmetic, preflight, validate_xsd
from ..arithmetic import allocate, net_of_vat
from ..identifiers import split_vat
from ..preflight import warnings
from ..text import clean
from .common import PA_FISCAL_CODE, changed, parse, text

D = Decimal


def _built(data):
    found = []
    xml = build(data, warnings=found)
    assert validate_xsd(xml) == []
    assert check_arithmetic(xml) == []
    return parse(xml), found


def test_allocate_adds_up_to_the_cent():
    assert allocate(D('100.00'), [D(1)] * 3) == [D('33.33'), D('33.34'), D('33.33')]
    assert sum(allocate(D('1903.21'), [D('634.40'), D('634.40'), D('634.41')])) == D('1903.21')
    assert allocate(D('10.00'), [D(0), D(0)]) == [D('5.00'), D('5.00')]


def test_installments_take_the_accounting_total_with_its_rounding():
    lines = [dict(changed()['lines'][0], description='Presidio %d' % i, quantity=D(1),
                  unit_price=D('0.15'), discount=D(0)) for i in range(5)]
    data = changed(lines=lines)
    # Odoo rounded the tax per line: 5 x 0.03 = 0.15, the file computes 0.75 x 22% = 0.17
    data['document'].update(expected_total=D('0.90'), expected_untaxed=D('0.75'))
    data['payment'].update(terms='TP01', installments=[
        {'due_date': '2026-12-31', 'weight': D('0.30')}, {'due_date': '2027-01-31', 'weight': D('0.30')},
        {'due_date': '2027-02-28', 'weight': D('0.30')}])
    root, _warnings = _built(data)
    assert text(root, './/ImportoTotaleDocumento') == ['0.90']
    assert text(root, './/DatiGeneraliDocumento/Arrotondamento') == ['-0.02']
    assert text(root, './/ImportoPagamento') == ['0.30', '0.30', '0.30']


def test_split_payment_pays_the_accounting_due_not_a_cent_less():
    lines = [dict(changed()['lines'][0], description='Verifica %d' % i, quantity=D(1),
                  unit_price=D('0.15'), discount=D(0)) for i in range(5)]
    data = changed(lines=lines, payability='S', customer={
        'country': 'IT', 'fiscal_code': PA_FISCAL_CODE, 'is_pa': True, 'name': 'Comune di Prova',
        'address': {'street': 'Piazza Grande 1', 'zip': '00100', 'city': 'Roma', 'province': 'RM'}})
    data['transmission']['recipient_code'] = 'UFABCD'
    data['document'].update(expected_total=D('0.90'), expected_untaxed=D('0.75'),
                            expected_due=D('0.75'))
    data['payment'].update(terms='TP01', installments=[
        {'due_date': '2026-12-31', 'weight': D('0.45')}, {'due_date': '2027-01-31', 'weight': D('0.45')}])
    root, _warnings = _built(data)
    assert text(root, './/ImportoPagamento') == ['0.38', '0.37']


def test_accounting_total_far_off_names_the_cause():
    data = changed()
    data['document'].update(expected_total=D('500.00'), expected_untaxed=D('400.00'))
    problems = preflight(data)
    assert [p.path for p in problems] == ['document.expected_total']
    assert "l'imponibile della fattura è 400.00" in problems[0].message
    data['document'].update(expected_untaxed=D('209.91'))
    assert "l'imposta della fattura" in preflight(data)[0].message


def test_vat_included_price_becomes_the_net_price():
    assert net_of_vat(D('100'), D('22')) == D('81.96721311')
    line = dict(changed()['lines'][0], quantity=D(3), unit_price=D('100'), discount=D(0),
                price_include=True, subtotal=D('245.90'))
    root, _warnings = _built(changed(lines=[line]))
    assert text(root, './/PrezzoUnitario') == ['81.96721311']
    assert text(root, './/PrezzoTotale') == ['245.90']
    assert text(root, './/Imposta') == ['54.10']


def test_line_far_from_the_accounting_subtotal_is_refused_with_its_cause():
    line = dict(changed()['lines'][0], subtotal=D('100.00'))
    problems = preflight(changed(lines=[line]))
    assert [p.path for p in problems] == ['lines[0].unit_price']
    assert 'imponibile della riga in contabilità (100.00)' in problems[0].message


@pytest.mark.parametrize('province, country, ok', [
    ('MI', 'IT', True), ('mi', None, True), ('XX', 'IT', False), ('CA', 'US', False),
    ('PA', 'US', False)])
def test_provinces_are_italian(province, country, ok):
    data = changed(customer__address__province=province,
                   customer__address__province_country=country)
    problems = [p.path for p in preflight(data)]
    assert problems == ([] if ok else ['customer.address.province'])
    supplier = changed(supplier__address__province=province,
                       supplier__address__province_country=country)
    assert [p.path for p in preflight(supplier)] == ([] if ok else ['supplier.address.province'])


@pytest.mark.parametrize('vat, country, expected', [
    ('CHE-116.281.710 MWST', 'CH', ('CH', 'CHE116281710')),
    ('CHE116281710TVA', None, ('CH', 'CHE116281710')),
    ('NO 974 760 673 MVA', 'NO', ('NO', '974760673')),
    ('GB 980 7806 84', 'GB', ('GB', '980780684')),
    ('12-3456789', 'US', ('US', '123456789')),
    ('7707083893', 'RU', ('RU', '7707083893')),
    ('EL094014201', 'GR', ('GR', '094014201')),
    ('DE136695976', 'DE', ('DE', '136695976')),
    ('IT01234567897', 'IT', ('IT', '01234567897')),
])
def test_foreign_vat_numbers_split_with_stdnum(vat, country, expected):
    assert split_vat(vat, country) == expected


def test_swiss_customer_in_the_file():
    data = changed(customer={'country': 'CH', 'vat': 'CHE-116.281.710 MWST', 'name': 'Kunde AG',
                             'address': {'street': 'Bahnhofstrasse 1', 'zip': '8001',
                                         'city': 'Zürich'}})
    data['transmission']['recipient_code'] = None
    root, _warnings = _built(data)
    assert text(root, './/CessionarioCommittente//IdPaese') == ['CH']
    assert text(root, './/CessionarioCommittente//IdCodice') == ['CHE116281710']


def test_cyrillic_and_greek_transliterated_and_reported():
    data = changed(customer__name='ООО «Ромашка»', customer__address__street='ул. Ленина, 1',
                   lines__0__description='Σύμβουλος – Αθήνα')
    root, found = _built(data)
    assert text(root, './/CessionarioCommittente//Denominazione') == ['OOO «Romashka»']
    assert text(root, './/CessionarioCommittente//Indirizzo') == ['ul. Lenina, 1']
    assert text(root, './/DettaglioLinee/Descrizione')[0] == 'Symvoylos - Athina'
    assert [p.path for p in found] == ['customer.name', 'customer.address.street',
                                       'lines[0].description']
    assert '«Ж»' not in found[0].message and '«Р»→«R»' in found[0].message


def test_long_description_continues_on_descriptive_lines():
    long = ' '.join('voce%04d' % i for i in range(300))       # 2,699 characters
    data = changed(lines__0__description=long)
    root, found = _built(data)
    descriptions = text(root, './/DettaglioLinee/Descrizione')
    assert len(descriptions) == 4 and ' '.join(descriptions[:3]) == long
    assert all(len(d) <= 1000 for d in descriptions)
    assert text(root, './/DettaglioLinee/NumeroLinea') == ['1', '2', '3', '4']
    assert 'continua su 2 righe descrittive' in found[0].message
    assert warnings(data) == found


def test_clean_reports_only_real_changes():
    assert clean('Via  Roma\n1') == ('Via Roma 1', [])
    assert clean('Città è più') == ('Città è più', [])
    result, changes = clean('x' * 70, 60)
    assert len(result) == 60 and 'troncato' in changes[0]
