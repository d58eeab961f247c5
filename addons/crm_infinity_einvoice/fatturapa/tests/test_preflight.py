"""preflight(): each pitfall gives its Italian message on the right path, all at once."""
import datetime
from decimal import Decimal

import pytest

from .. import Problem, preflight
from .common import CUSTOMER_VAT, PA_FISCAL_CODE, SUPPLIER_VAT, changed, invoice

PA_CUSTOMER = {'country': 'IT', 'vat': None, 'fiscal_code': PA_FISCAL_CODE, 'is_pa': True,
               'name': 'Comune di Prova',
               'address': {'street': 'Piazza del Municipio 1', 'zip': '00100', 'city': 'Roma'}}


def with_lines(*extra, base=None):
    data = changed(base)
    data['lines'].extend(extra)
    return data


def zero_line(**values):
    line = {'description': 'Operazione a IVA zero', 'quantity': 1, 'unit_price': 10, 'vat_rate': 0}
    line.update(values)
    return line


CASES = [
    # (id, invoice, path, words expected in the message)
    ('supplier vat missing', changed(supplier__vat=None), 'supplier.vat',
     'Partita IVA del fornitore mancante'),
    ('supplier vat check digit', changed(supplier__vat='01234567890'), 'supplier.vat',
     'Partita IVA del fornitore non valida'),
    ('supplier vat length', changed(supplier__vat='1234567'), 'supplier.vat', 'cifra di controllo'),
    ('supplier fiscal code', changed(supplier__fiscal_code='RSSMRA80A01H501X'), 'supplier.fiscal_code',
     'Codice fiscale del fornitore non valido'),
    ('tax regime missing', changed(supplier__tax_regime=None), 'supplier.tax_regime',
     'Regime fiscale del fornitore mancante'),
    ('tax regime unknown', changed(supplier__tax_regime='RF20'), 'supplier.tax_regime',
     'Regime fiscale del fornitore non valido'),
    ('supplier name empty after sanitizing', changed(supplier__name='\x01\x02'), 'supplier.name',
     'non rappresentabile'),
    ('rea office', changed(supplier__rea__office='Milano'), 'supplier.rea.office', 'Ufficio REA'),
    ('rea liquidation', changed(supplier__rea__liquidation='XX'), 'supplier.rea.liquidation',
     'liquidazione'),
    ('customer without vat and fiscal code', changed(customer__vat=None), 'customer.vat',
     'senza partita IVA né codice fiscale'),
    ('customer vat', changed(customer__vat='12345678901'), 'customer.vat',
     'Partita IVA del cliente non valida'),
    ('customer fiscal code', changed(customer__fiscal_code='12345'), 'customer.fiscal_code',
     'Codice fiscale del cliente non valido'),
    ('customer name empty after sanitizing', changed(customer__name='\x03\x04'), 'customer.name',
     'non rappresentabile'),
    ('customer without name', changed(customer__name=None), 'customer.name',
     'Ragione sociale del cliente mancante'),
    ('person without last name', changed(customer__name=None, customer__first_name='Mario'),
     'customer.last_name', 'Cognome del cliente mancante'),
    ('customer zip', changed(customer__address__zip='1012'), 'customer.address.zip', 'CAP del cliente'),
    ('customer street', changed(customer__address__street=' '), 'customer.address.street',
     'Indirizzo'),
    ('customer province', changed(customer__address__province='Torino'), 'customer.address.province',
     'Provincia'),
    ('private without code and pec', changed(transmission__recipient_code=None),
     'transmission.recipient_code', 'Codice destinatario o PEC mancante'),
    ('private with a 6-char code', changed(transmission__recipient_code='UFABCD'),
     'transmission.recipient_code', 'IPA'),
    ('private code of wrong length', changed(transmission__recipient_code='ABC12'),
     'transmission.recipient_code', 'Codice destinatario non valido'),
    ('italian customer with XXXXXXX', changed(transmission__recipient_code='XXXXXXX'),
     'transmission.recipient_code', 'esteri'),
    ('invalid pec', changed(transmission__recipient_code=None, transmission__recipient_pec='beta@'),
     'transmission.recipient_pec', 'PEC del cliente non valida'),
    ('pa without code', changed(customer=PA_CUSTOMER, transmission__recipient_code=None),
     'transmission.recipient_code', 'codice IPA di 6 caratteri'),
    ('pa with 7-char code', changed(customer=PA_CUSTOMER), 'transmission.recipient_code',
     'codice IPA ha 6'),
    ('progressive missing', changed(transmission__progressive=None), 'transmission.progressive',
     'Progressivo di invio mancante'),
    ('zero rate without natura', with_lines(zero_line()), 'lines[2].natura', 'natura mancante'),
    ('natura on a taxed line', changed(lines__0__natura='N4'), 'lines[0].natura',
     'natura N4 indicata su una riga con IVA al 22.00%'),
    ('old N2', with_lines(zero_line(natura='N2')), 'lines[2].natura', 'N2.1, N2.2'),
    ('old N3', with_lines(zero_line(natura='N3')), 'lines[2].natura', 'N3.1, N3.2'),
    ('old N6', with_lines(zero_line(natura='N6')), 'lines[2].natura', '1° gennaio 2021'),
    ('unknown natura', with_lines(zero_line(natura='N8')), 'lines[2].natura', 'Codice natura non valido'),
    ('negative total on TD01', with_lines({'description': 'Storno', 'quantity': 1, 'unit_price': -500,
                                           'vat_rate': 22}), 'lines', 'nota di credito (TD04)'),
    ('negative total on TD04', with_lines({'description': 'Storno', 'quantity': 1, 'unit_price': -500,
                                           'vat_rate': 22}, base=changed(document__type='TD04')),
     'lines', 'in positivo'),
    ('discount over 100', changed(lines__0__discount=Decimal('120')), 'lines[0].discount',
     "fuori dall'intervallo 0-100"),
    ('negative discount', changed(lines__0__discount=-5), 'lines[0].discount', 'fuori'),
    ('discount with 3 decimals', changed(lines__0__discount='10.555'), 'lines[0].discount',
     'più di 2 decimali'),
    ('price with 9 decimals', changed(lines__0__unit_price=Decimal('1.123456789')),
     'lines[0].unit_price', 'più di 8 decimali'),
    ('quantity with 9 decimals', changed(lines__0__quantity=Decimal('1.123456789')),
     'lines[0].quantity', 'più di 8 decimali'),
    ('price not a number', changed(lines__0__unit_price='dieci'), 'lines[0].unit_price',
     'non è un numero valido'),
    ('vat rate with 3 decimals', changed(lines__0__vat_rate='22.123'), 'lines[0].vat_rate',
     'aliquota IVA non valida'),
    ('empty description', changed(lines__1__description=''), 'lines[1].description',
     'Riga 2: descrizione mancante'),
    ('description of non-Latin characters only', changed(lines__1__description='😀\x01'),
     'lines[1].description', 'caratteri non ammessi'),
    ('no lines', changed(lines=[]), 'lines', 'non ha righe'),
    ('document number empty', changed(document__number=''), 'document.number',
     'Numero del documento mancante'),
    ('document number too long', changed(document__number='FATTURA/2026/000000001'), 'document.number',
     'il massimo è 20'),
    ('document number without digits', changed(document__number='ABC'), 'document.number', '00425'),
    ('document number not ascii', changed(document__number='FATT/2026/№1'), 'document.number',
     'caratteri non ammessi'),
    ('document date missing', changed(document__date=None), 'document.date',
     'Data del documento mancante'),
    ('document date invalid', changed(document__date='2026-13-01'), 'document.date',
     'Data del documento non valida'),
    ('document date in the future', changed(document__date='2099-01-01'), 'document.date', '00403'),
    ('document type', changed(document__type='TD99'), 'document.type', 'Tipo documento non valido'),
    ('related after the document', changed(document__related=[{'number': 'F1', 'date': '2026-12-01'}]),
     'document.related[0].date', '00418'),
    ('supplier is the customer', changed(customer__vat=SUPPLIER_VAT), 'customer.vat', '00471'),
    ('self-invoice to someone else', changed(document__type='TD27'), 'customer.vat', '00472'),
    ('installments not summing', changed(payment__installments=[{'amount': '100'}, {'amount': '100'}]),
     'payment.installments', "La somma delle rate (200.00) non corrisponde all'importo da pagare (256.09)"),
    ('installment amount missing', changed(payment__installments=[{'amount': '100'}, {'amount': None}]),
     'payment.installments[1].amount', 'Importo della rata 2 mancante'),
    ('installment with 3 decimals', changed(payment__installments=[{'amount': '256.090'}]), None, None),
    ('installment negative', changed(payment__installments=[{'amount': '-1'}, {'amount': '257.09'}]),
     'payment.installments[0].amount', 'non valido'),
    ('iban', changed(payment__iban='IT60X0542811101000000123457'), 'payment.iban', 'IBAN non valido'),
    ('iban format', changed(payment__iban='IT60 X054'), 'payment.iban', 'IBAN non valido'),
    ('payment terms', changed(payment__terms=None), 'payment.terms', 'Condizioni di pagamento mancanti'),
    ('payment method', changed(payment__method='MP99'), 'payment.method',
     'Modalità di pagamento non valida'),
    ('payability', changed(payability='X'), 'payability', 'Esigibilità IVA non valida'),
    ('attachment without content', changed(attachments=[{'name': 'a.pdf'}]), 'attachments[0].data',
     'contenuto del file mancante'),
    ('attachment with bad base64', changed(attachments=[{'name': 'a.pdf', 'data_base64': '***'}]),
     'attachments[0].data_base64', 'base64 non valido'),
    ('foreign PA', changed(customer=dict(PA_CUSTOMER, country='FR'), transmission__recipient_code='UFABCD'),
     'customer.is_pa', 'estero'),
]


@pytest.mark.parametrize('data, path, words', [case[1:] for case in CASES], ids=[c[0] for c in CASES])
def test_pitfall(data, path, words):
    problems = preflight(data)
    if path is None:
        assert problems == []
        return
    assert [p.path for p in problems] == [path], problems
    assert words in problems[0].message
    assert isinstance(problems[0], Problem)


def test_valid_invoices_have_no_problems():
    assert preflight(invoice()) == []
    # a negative line is fine as long as the total stays positive
    assert preflight(with_lines({'description': 'Abbuono', 'quantity': 1, 'unit_price': -20,
                                 'vat_rate': 22})) == []
    # non-Latin text is transliterated, not refused; a long causale is split
    assert preflight(changed(customer__name='Łódź “Test” — €', document__causale='x' * 1000)) == []
    # valid fiscal codes: personal (also with omocodia) and numeric
    assert preflight(changed(supplier__fiscal_code='RSSMRA80A01H501U',
                             customer__fiscal_code=CUSTOMER_VAT)) == []
    # amounts as float, int and str
    assert preflight(changed(lines__0__quantity=2.0, lines__0__unit_price='60',
                             lines__1__unit_price=99.9, lines__1__vat_rate=22)) == []


def test_all_problems_at_once():
    data = changed(supplier__vat='123', supplier__tax_regime='', customer__vat=None,
                   transmission__recipient_code=None, document__number='', document__date=None,
                   lines__0__discount=200, lines__1__description='', payment__iban='XX')
    paths = [p.path for p in preflight(data)]
    assert paths == ['supplier.vat', 'supplier.tax_regime', 'customer.vat',
                     'transmission.recipient_code', 'document.date', 'document.number',
                     'lines[0].discount', 'lines[1].description', 'payment.iban']


def test_split_payment_installments_exclude_vat():
    data = changed(customer=PA_CUSTOMER, transmission__recipient_code='UFABCD', payability='S',
                   payment__installments=[{'amount': '256.09'}])
    problems = preflight(data)
    assert [p.path for p in problems] == ['payment.installments']
    assert '209.91' in problems[0].message and 'scissione dei pagamenti' in problems[0].message
    data['payment']['installments'] = [{'amount': '209.91'}]
    assert preflight(data) == []


def test_not_a_dict_and_missing_sections():
    assert [p.path for p in preflight(None)] == ['']
    paths = [p.path for p in preflight({'lines': []})]
    assert paths[:2] == ['supplier', 'customer']
    assert 'document' in paths and 'lines' in paths


def test_date_in_the_future_is_relative_to_today():
    data = changed(document__date='2026-11-20')
    assert preflight(data, today=datetime.date(2026, 11, 19)) == []      # one day of slack
    assert [p.path for p in preflight(data, today=datetime.date(2026, 11, 18))] == ['document.date']


def test_foreign_customer_needs_no_code_nor_tax_id():
    data = changed(transmission__recipient_code=None,
                   customer={'country': 'US', 'name': 'ACME Inc.',
                             'address': {'street': '1 Main St', 'city': 'Springfield', 'zip': 'ABC'}},
                   lines__0__vat_rate=0, lines__0__natura='N2.1', lines__1__vat_rate=0,
                   lines__1__natura='N2.1', payment=None)
    assert preflight(data) == []
