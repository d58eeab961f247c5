"""Property: for random invoices build() returns a valid, coherent file or raises PreflightError.

Never an invalid file: build() validates its own output, and here the result is validated again
and compared with an independent computation of the totals.  When no error was injected on
purpose, build() must succeed.
"""
import decimal
from decimal import Decimal, ROUND_HALF_UP

from hypothesis import HealthCheck, given, settings, strategies as st

from .. import PreflightError, build, check_arithmetic, codes, validate_xsd
from .common import PA_FISCAL_CODE, changed, parse, text

NATURE = [code for code, _label in codes.NATURE]
CENT = Decimal('0.01')


def decimals(low, high, max_places):
    return st.integers(0, max_places).flatmap(lambda places: st.decimals(
        min_value=Decimal(low), max_value=Decimal(high), places=places,
        allow_nan=False, allow_infinity=False))


@st.composite
def lines(draw):
    rate = draw(st.sampled_from([0, 4, 5, 10, 22]))
    natura = draw(st.sampled_from(NATURE)) if rate == 0 else None
    # any text (sanitized by the builder) plus a Latin word, so that it never becomes empty
    return {'description': draw(st.text(max_size=40)) + ' servizio',
            'quantity': draw(decimals('0.01', '1000', 8)),
            'unit_price': draw(decimals('0', '10000', 8)),
            'discount': draw(decimals('0', '100', 2)),
            'vat_rate': Decimal(rate), 'natura': natura}


CUSTOMERS = {
    'private_code': ({'country': 'IT', 'vat': '12345678903', 'name': 'Beta S.p.A.',
                      'address': {'street': 'Via Roma 1', 'zip': '10121', 'city': 'Torino'}},
                     {'recipient_code': 'ABC1234'}),
    'private_pec': ({'country': 'IT', 'vat': None, 'fiscal_code': 'RSSMRA80A01H501U',
                     'first_name': 'Mario', 'last_name': 'Rossi',
                     'address': {'street': 'Via Po 2', 'zip': '10124', 'city': 'Torino'}},
                    {'recipient_code': None, 'recipient_pec': 'mario.rossi@pec.example.it'}),
    'pa': ({'country': 'IT', 'fiscal_code': PA_FISCAL_CODE, 'is_pa': True, 'name': 'Comune di Prova',
            'address': {'street': 'Piazza Grande 1', 'zip': '00100', 'city': 'Roma', 'province': 'RM'}},
           {'recipient_code': 'UFABCD'}),
    'foreign_de': ({'country': 'DE', 'vat': 'DE123456789', 'name': 'Kunde GmbH',
                    'address': {'street': 'Hauptstraße 1', 'zip': '10115', 'city': 'Berlin'}},
                   {'recipient_code': None}),
    'foreign_fr': ({'country': 'FR', 'vat': None, 'name': 'Client SARL',
                    'address': {'street': '1 rue de la Paix', 'zip': '75002', 'city': 'Paris'}},
                   {'recipient_code': None}),
}


def expected_totals(data):
    """Independent computation: (document total, amount to pay)."""
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        groups = {}
        for line in data['lines']:
            amount = (line['quantity'] * line['unit_price'] * (1 - line['discount'] / 100)).quantize(
                CENT, rounding=ROUND_HALF_UP)
            key = (line['vat_rate'], line['natura'])
            groups[key] = groups.get(key, Decimal(0)) + amount
        taxes = {key: (value * key[0] / 100).quantize(CENT, rounding=ROUND_HALF_UP)
                 for key, value in groups.items()}
        total = sum(groups.values()) + sum(taxes.values())
        split = sum(tax for key, tax in taxes.items() if key[1] is None) if data['payability'] == 'S' else 0
        return total, total - split


@st.composite
def invoices(draw):
    kind = draw(st.sampled_from(sorted(CUSTOMERS)))
    customer, transmission = CUSTOMERS[kind]
    data = changed(customer=dict(customer), lines=draw(st.lists(lines(), min_size=1, max_size=6)),
                   payability=draw(st.sampled_from(['I', 'D', 'S'])))
    data['transmission'].update(transmission)
    data['document']['type'] = draw(st.sampled_from(['TD01', 'TD04', 'TD05', 'TD06']))
    data['document']['stamp_duty'] = draw(st.sampled_from([None, Decimal('2.00')]))
    data['document']['causale'] = draw(st.one_of(st.none(), st.text(max_size=450)))
    total, to_pay = expected_totals(data)
    payment = draw(st.sampled_from(['none', 'computed', 'split', 'exact', 'wrong']))
    broken = False
    if payment == 'none':
        data['payment'] = None
    elif payment == 'computed':
        data['payment']['installments'] = [{'due_date': '2026-12-31', 'amount': None}]
    elif payment == 'split':
        data['payment']['terms'] = 'TP01'
        data['payment']['installments'] = [{'due_date': None, 'amount': None}] * draw(st.integers(2, 3))
    elif payment == 'exact':
        data['payment']['installments'] = [{'due_date': '2026-12-31', 'amount': to_pay}]
    else:
        data['payment']['installments'] = [{'due_date': '2026-12-31', 'amount': to_pay + CENT}]
        broken = True
    if draw(st.integers(0, 9)) == 0:      # sometimes an outdated nature code
        data['lines'][0].update(vat_rate=Decimal(0), natura=draw(st.sampled_from(['N2', 'N3', 'N6'])))
        broken = True
        total, to_pay = expected_totals(data)
    return data, broken, total, to_pay


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(invoices())
def test_build_gives_a_valid_file_or_a_preflight_error(case):
    data, broken, total, to_pay = case
    try:
        xml = build(data)
    except PreflightError as exc:
        assert broken, exc.problems
        assert exc.problems and all(p.message for p in exc.problems)
        return
    assert not broken
    assert validate_xsd(xml) == []
    assert check_arithmetic(xml) == []
    root = parse(xml)
    assert text(root, './/ImportoTotaleDocumento') == [str(total.quantize(CENT))]
    if data['payment']:
        assert sum(Decimal(t) for t in text(root, './/ImportoPagamento')) == to_pay
    recipient = text(root, './/CodiceDestinatario')[0]
    assert len(recipient) == (6 if data['customer'].get('is_pa') else 7)
    if data['customer']['country'] != 'IT':
        assert recipient == 'XXXXXXX'
        assert text(root, './/CessionarioCommittente/Sede/CAP') == ['00000']


# --------------------------------------------------------------------------------------------
# Issue 14: installments, VAT-included prices, the accounting's total, any text
# --------------------------------------------------------------------------------------------

EIGHT = Decimal('1E-8')


@st.composite
def second_pass_lines(draw):
    line = draw(lines())
    line['price_include'] = draw(st.booleans())
    # any text, even long: continued on descriptive lines, never cut, never refused
    line['description'] = (draw(st.text(max_size=30)) + ' servizio'
                           + ' ricambio' * draw(st.sampled_from([0, 0, 0, 5, 130])))
    return line


def line_amount(line):
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        price = line['unit_price']
        if line.get('price_include'):
            price = (price / (1 + line['vat_rate'] / 100)).quantize(EIGHT, rounding=ROUND_HALF_UP)
        return (line['quantity'] * price * (1 - line['discount'] / 100)).quantize(
            CENT, rounding=ROUND_HALF_UP)


def second_pass_totals(data):
    """Independent computation: (taxable, tax, split-payment tax)."""
    groups = {}
    for line in data['lines']:
        key = (line['vat_rate'], line['natura'])
        groups[key] = groups.get(key, Decimal(0)) + line_amount(line)
    taxes = {key: (value * key[0] / 100).quantize(CENT, rounding=ROUND_HALF_UP)
             for key, value in groups.items()}
    split = sum(t for k, t in taxes.items() if k[1] is None) if data['payability'] == 'S' else 0
    return sum(groups.values()), sum(taxes.values()), split


@st.composite
def second_pass_invoices(draw):
    kind = draw(st.sampled_from(sorted(CUSTOMERS)))
    customer, transmission = CUSTOMERS[kind]
    customer = dict(customer, name=(draw(st.text(max_size=20)) + ' S.r.l.')
                    if customer.get('name') else None)
    customer['address'] = dict(customer['address'],
                               street=draw(st.text(max_size=25)) + ' Via 1')
    data = changed(customer=customer,
                   lines=draw(st.lists(second_pass_lines(), min_size=1, max_size=5)),
                   payability=draw(st.sampled_from(['I', 'S'])))
    data['transmission'].update(transmission)
    taxable, tax, split = second_pass_totals(data)
    # the accounting's total: the same, or off by the cents of a per-line tax rounding
    gap = CENT * draw(st.integers(-len(data['lines']) // 2, len(data['lines']) // 2)) \
        if taxable + tax > 1 else Decimal(0)
    data['document']['expected_total'] = taxable + tax + gap
    data['document']['expected_untaxed'] = taxable
    # what the accounting says is due: the rounding is on the split VAT when there is some
    data['document']['expected_due'] = taxable + tax + gap - (split + gap if split else 0)
    count = draw(st.integers(1, 4))
    weights = draw(st.lists(st.decimals(min_value=Decimal('0.01'), max_value=Decimal('5000'),
                                        places=2), min_size=count, max_size=count))
    data['payment']['terms'] = 'TP01' if count > 1 else 'TP02'
    data['payment']['installments'] = [{'due_date': '2026-12-%02d' % (i + 1), 'weight': w}
                                       for i, w in enumerate(weights)]
    broken = False
    if draw(st.integers(0, 9)) == 0:     # an accounting total far from the lines: refused
        data['document']['expected_total'] += Decimal('5.00')
        broken = True
    return data, broken


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(second_pass_invoices())
def test_installments_vat_included_and_any_text(case):
    data, broken = case
    warnings = []
    try:
        xml = build(data, warnings=warnings)
    except PreflightError as exc:
        assert broken, exc.problems
        assert [p.path for p in exc.problems] == ['document.expected_total']
        assert 'differisce' in exc.problems[0].message
        return
    assert not broken
    assert validate_xsd(xml) == []
    assert check_arithmetic(xml) == []
    root = parse(xml)
    total = Decimal(text(root, './/ImportoTotaleDocumento')[0])
    assert total == data['document']['expected_total'].quantize(CENT)
    paid = [Decimal(t) for t in text(root, './/ImportoPagamento')]
    assert len(paid) == len(data['payment']['installments'])
    assert sum(paid) == data['document']['expected_due']
    assert all(p >= 0 for p in paid)
    # nothing of the description is lost: the descriptive lines carry the rest
    descriptions = ' '.join(text(root, './/DettaglioLinee/Descrizione'))
    for line in data['lines']:
        assert 'servizio' in descriptions
    assert all(p.message for p in warnings)
