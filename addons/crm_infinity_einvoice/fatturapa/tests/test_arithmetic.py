"""Decimal helpers and check_arithmetic() on tampered files."""
from decimal import Decimal

import pytest
from lxml import etree

from .. import build, check_arithmetic
from ..arithmetic import (
    decimal_places, fmt_amount2, fmt_amount8, fmt_rate, line_total, tax_amount, to_decimal)
from .common import changed, invoice


def tampered(data, change):
    """The XML of ``data`` after ``change(root)``."""
    root = etree.fromstring(build(data))
    change(root)
    return etree.tostring(root)


def shift(path, amount='0.05', index=0):
    def change(root):
        element = root.findall(path)[index]
        element.text = fmt_amount2(Decimal(element.text) + Decimal(amount))
    return change


def codes(messages):
    return sorted({m.split(' ')[0] for m in messages})


def test_to_decimal():
    assert to_decimal(0.1) == Decimal('0.1')             # via str(), not the binary expansion
    assert to_decimal('12,50') == Decimal('12.50')
    assert to_decimal(3) == Decimal(3) and to_decimal(None) is None
    for bad in ('abc', 'NaN', 'Infinity', True, float('nan')):
        with pytest.raises(ValueError):
            to_decimal(bad)


def test_formats():
    assert fmt_amount2(Decimal('5')) == '5.00'
    assert fmt_amount2(Decimal('2.675')) == '2.68'        # half up, not banker's rounding
    assert fmt_amount2(Decimal('-0.001')) == '0.00'
    assert fmt_amount8(Decimal('12.34567800')) == '12.345678'
    assert fmt_amount8(Decimal('1E+2')) == '100.00'
    assert fmt_amount8(Decimal('-0.5')) == '-0.50'
    assert fmt_amount8(Decimal('-3'), signed=False) == '3.00'
    assert fmt_rate(Decimal('22')) == '22.00' and fmt_rate(Decimal('5.5')) == '5.50'
    assert decimal_places(Decimal('1.2300')) == 2 and decimal_places(Decimal('1E+3')) == 0
    assert decimal_places(Decimal('0.000000001')) == 9 and decimal_places(Decimal('0.00')) == 0


def test_line_total_and_tax():
    assert line_total(Decimal('3'), Decimal('0.335')) == Decimal('1.01')      # 1.005 -> 1.01
    assert line_total(Decimal('1'), Decimal('99.90'), Decimal('10')) == Decimal('89.91')
    assert line_total(Decimal('7'), Decimal('19.99'), Decimal('100')) == Decimal('0.00')
    # 20 significant digits times 20 significant digits: exact before the single rounding
    assert line_total(Decimal('999999999999.99999999'), Decimal('0.00000001')) == Decimal('10000.00')
    assert tax_amount(Decimal('10.25'), Decimal('22')) == Decimal('2.26')       # 2.255 -> 2.26


def test_built_file_is_coherent():
    assert check_arithmetic(build(invoice())) == []


def test_tampered_line_total():
    messages = check_arithmetic(tampered(invoice(), shift('.//DettaglioLinee/PrezzoTotale')))
    assert codes(messages) == ['00422', '00423']
    assert any('Riga 1' in m and '120.05' in m and '120.00' in m for m in messages if m.startswith('00423'))


def test_tampered_tax():
    messages = check_arithmetic(tampered(invoice(), shift('.//DatiRiepilogo/Imposta')))
    assert '00421' in codes(messages)
    assert any(m.startswith('00421') and '46.23' in m and '46.18' in m for m in messages)


def test_tampered_taxable():
    messages = check_arithmetic(tampered(invoice(), shift('.//DatiRiepilogo/ImponibileImporto', '-0.05')))
    assert '00422' in codes(messages)


def test_tampered_quantity():
    def change(root):
        root.find('.//Quantita').text = '2.10'
    assert codes(check_arithmetic(tampered(invoice(), change))) == ['00423']


def test_one_cent_is_tolerated_on_the_line():
    messages = check_arithmetic(tampered(invoice(), shift('.//DettaglioLinee/PrezzoTotale', '0.01')))
    assert '00423' not in codes(messages)


def test_natura_rules():
    def drop_natura(root):
        for natura in root.iter('Natura'):
            natura.getparent().remove(natura)
    data = changed(lines__1__vat_rate=0, lines__1__natura='N4')
    assert codes(check_arithmetic(tampered(data, drop_natura))) == ['00400', '00429']

    def add_natura(root):
        line = root.find('.//DettaglioLinee')
        etree.SubElement(line, 'Natura').text = 'N4'
    # the line moves to a (22%, N4) group: no summary for it, and the 22% summary is short
    assert codes(check_arithmetic(tampered(invoice(), add_natura))) == ['00401', '00419', '00422']


def test_missing_and_extra_summaries():
    def drop_summary(root):
        summary = root.findall('.//DatiRiepilogo')[1]
        summary.getparent().remove(summary)
    data = changed(lines__1__vat_rate=10)
    assert '00419' in codes(check_arithmetic(tampered(data, drop_summary)))

    def rate_changed(root):
        root.find('.//DatiRiepilogo/AliquotaIVA').text = '10.00'
    assert {'00419', '00443'} <= set(codes(check_arithmetic(tampered(invoice(), rate_changed))))


def test_total_and_payment():
    messages = check_arithmetic(tampered(invoice(), shift('.//ImportoTotaleDocumento')))
    assert codes(messages) == ['TOTALE']
    messages = check_arithmetic(tampered(invoice(), shift('.//ImportoPagamento')))
    assert codes(messages) == ['PAGAMENTO']


def test_split_payment_amount_to_pay_excludes_vat():
    data = changed(payability='S', payment__installments=[{'amount': '209.91'}])
    assert check_arithmetic(build(data)) == []

    def pay_with_vat(root):
        root.find('.//ImportoPagamento').text = '256.09'
    messages = check_arithmetic(tampered(data, pay_with_vat))
    assert codes(messages) == ['PAGAMENTO'] and 'scissione' in messages[0]


def test_amount_discounts_and_surcharges():
    """ScontoMaggiorazione by amount (SC/MG), as other software writes it."""
    def amount_adjustments(root):
        line = root.find('.//DettaglioLinee')      # 2 x 60.00 = 120.00
        position = list(line).index(line.find('PrezzoTotale'))
        for offset, (kind, amount) in enumerate((('SC', '5.00'), ('MG', '1.50'))):
            adjustment = etree.Element('ScontoMaggiorazione')
            etree.SubElement(adjustment, 'Tipo').text = kind
            etree.SubElement(adjustment, 'Importo').text = amount
            line.insert(position + offset, adjustment)
        line.find('PrezzoTotale').text = '113.00'  # (60 - 5 + 1.5) x 2
    messages = check_arithmetic(tampered(invoice(), amount_adjustments))
    assert '00423' not in codes(messages) and '00422' in codes(messages)


def test_unreadable_input():
    assert check_arithmetic(b'<not xml') [0].startswith('XML non ben formato')
    assert check_arithmetic(b'<a/>') == ['Nessun FatturaElettronicaBody nel documento']

    def garbage(root):
        root.find('.//PrezzoTotale').text = 'abc'
    messages = check_arithmetic(tampered(invoice(), garbage))
    assert any('Valore numerico non valido in PrezzoTotale' in m for m in messages)
