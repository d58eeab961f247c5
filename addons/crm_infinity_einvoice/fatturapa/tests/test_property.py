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
