"""Decimal arithmetic of FatturaPA and the SdI coherence checks on a finished XML.

Amounts are ``Decimal`` throughout: binary floats cannot represent 0.1 and a cent of difference
is enough for SdI to reject a file.  Every operation runs in a context with 50 digits of
precision, so that a quantity with 8 decimals times a price with 8 decimals is exact before the
one final rounding (half up, as the technical specifications prescribe).

``check_arithmetic`` re-reads the XML and applies the checks SdI applies on reception
(codes of the "Elenco controlli" of the specifications), so that a file is checked the way SdI
will check it, independently of how it was built.
"""
import decimal
from decimal import Decimal, ROUND_HALF_UP

from lxml import etree

from .schema import parse_bytes

CENT = Decimal('0.01')
TOLERANCE = Decimal('0.01')
ZERO = Decimal('0')
HUNDRED = Decimal('100')
_EIGHT_PLACES = Decimal('1E-8')

CONTEXT = decimal.Context(prec=50, rounding=ROUND_HALF_UP,
                          traps=[decimal.InvalidOperation, decimal.DivisionByZero,
                                 decimal.Overflow])


def to_decimal(value):
    """``Decimal(str(value))`` for Decimal, int, float or str (``None`` stays ``None``).

    ``str()`` first so that the float ``0.1`` becomes ``Decimal('0.1')`` and not its binary
    expansion.  Raises ``ValueError`` for booleans, non-numeric text, NaN and infinities."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError('valore booleano non numerico')
    if isinstance(value, Decimal):
        result = value
    else:
        text = str(value).strip().replace(',', '.') if isinstance(value, str) else str(value)
        try:
            result = Decimal(text)
        except decimal.InvalidOperation:
            raise ValueError('valore non numerico: %r' % (value,))
    if not result.is_finite():
        raise ValueError('valore non finito: %r' % (value,))
    return result


def decimal_places(value):
    """Significant decimal places of ``value``: ``Decimal('1.2300')`` -> 2, ``Decimal('5')`` -> 0.

    Computed on the digit tuple (not with ``normalize()``, which rounds to the context precision)."""
    sign, digits, exponent = value.as_tuple()
    if exponent >= 0:
        return 0
    digits = list(digits)
    while exponent < 0 and len(digits) > 1 and digits[-1] == 0:
        digits.pop()
        exponent += 1
    if digits == [0]:
        return 0
    return -exponent


def integer_digits(value):
    """Digits before the decimal point of ``abs(value)`` (0 counts as one digit)."""
    integral = abs(value).to_integral_value(rounding=decimal.ROUND_DOWN, context=CONTEXT)
    return max(1, len(str(int(integral))))


def round2(value):
    """``value`` rounded half up to cents."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP, context=CONTEXT)


def round8(value):
    """``value`` rounded half up to 8 decimals (the most ``Amount8DecimalType`` allows)."""
    return value.quantize(_EIGHT_PLACES, rounding=ROUND_HALF_UP, context=CONTEXT)


def net_of_vat(price, rate):
    """The net unit price of a VAT-included ``price`` at ``rate`` percent, 8 decimals."""
    return round8(CONTEXT.divide(price, CONTEXT.add(1, CONTEXT.divide(rate, HUNDRED))))


def allocate(amount, weights):
    """``amount`` (cents) split in proportion to ``weights``; the parts add up to ``amount``
    exactly (each part is the rounded cumulative share minus the previous one)."""
    weights = [abs(w) for w in weights]
    total = sum(weights, ZERO)
    if not weights:
        return []
    if total.is_zero():
        weights, total = [Decimal(1)] * len(weights), Decimal(len(weights))
    parts, done, cumulative = [], ZERO, ZERO
    for weight in weights:
        cumulative += weight
        upto = round2(CONTEXT.divide(CONTEXT.multiply(amount, cumulative), total))
        parts.append(upto - done)
        done = upto
    return parts


def _plain(value):
    """Fixed-point text of ``value`` without exponent, '-0' normalised to '0'."""
    text = format(value, 'f')
    if text.startswith('-') and value.is_zero():
        text = text[1:]
    return text


def fmt_amount2(value):
    """``Amount2DecimalType``: ``[-]d{1,11}.dd``, e.g. ``Decimal('5')`` -> ``'5.00'``."""
    return _plain(round2(value))


def fmt_amount8(value, signed=True):
    """``Amount8DecimalType`` (and ``QuantitaType`` when ``signed`` is False): 2 to 8 decimals.

    The value must already have at most 8 decimals (pre-flight refuses more): nothing is lost,
    trailing zeros after the second decimal are dropped (``12.34567800`` -> ``12.345678``)."""
    value = value.quantize(_EIGHT_PLACES, rounding=ROUND_HALF_UP, context=CONTEXT)
    if not signed:
        value = abs(value)
    text = _plain(value)
    integer, _, fraction = text.partition('.')
    fraction = fraction.rstrip('0')
    if len(fraction) < 2:
        fraction = fraction.ljust(2, '0')
    return '%s.%s' % (integer, fraction)


def fmt_rate(value):
    """``RateType``: ``ddd.dd`` (``22`` -> ``'22.00'``)."""
    return _plain(value.quantize(CENT, rounding=ROUND_HALF_UP, context=CONTEXT))


def discounted(unit_price, discount):
    """Unit price after a percent discount (``discount`` 10 means -10%), not rounded."""
    return CONTEXT.multiply(unit_price, CONTEXT.subtract(1, CONTEXT.divide(discount, HUNDRED)))


def line_total(quantity, unit_price, discount=ZERO):
    """``PrezzoTotale``: quantity x unit price x (1 - discount/100), rounded half up to cents once."""
    return round2(CONTEXT.multiply(quantity, discounted(unit_price, discount or ZERO)))


def tax_amount(taxable, rate):
    """``Imposta`` of a ``DatiRiepilogo``: taxable x rate / 100 rounded half up to cents."""
    return round2(CONTEXT.divide(CONTEXT.multiply(taxable, rate), HUNDRED))


# --------------------------------------------------------------------------------------------
# Checks on the XML
# --------------------------------------------------------------------------------------------

def _text(element, path):
    found = element.find(path)
    if found is None or found.text is None:
        return None
    return found.text.strip()


def _fields(element):
    """``{tag: stripped text}`` of the children of ``element`` (first occurrence of a tag wins):
    one pass over the children instead of one ``find`` per field."""
    fields = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in fields:
            fields[tag] = child.text.strip() if child.text else None
    return fields


class _Reader:
    """Reads numbers from the fields of an element, collecting a message for each unreadable one."""

    def __init__(self, messages, prefix):
        self.messages = messages
        self.prefix = prefix

    def number(self, fields, name, default=None):
        text = fields.get(name)
        if not text:
            return default
        try:
            value = Decimal(text)
            if value.is_finite():
                return value
        except decimal.InvalidOperation:
            pass
        self.messages.append('%sValore numerico non valido in %s: %r' % (self.prefix, name, text))
        return default


def _key(rate, natura):
    return (rate.quantize(CENT, context=CONTEXT) if rate is not None else None, natura or None)


def _describe(key):
    rate, natura = key
    return 'aliquota %s%%%s' % (fmt_rate(rate) if rate is not None else '?',
                               ' natura %s' % natura if natura else '')


def _over(a, b):
    return abs(a - b) > TOLERANCE


def _check_body(body, messages, prefix):
    read = _Reader(messages, prefix)
    lines_by_key = {}
    # -- lines: 00400/00401 (natura vs rate), 00423 (PrezzoTotale)
    for line in body.iterfind('DatiBeniServizi/DettaglioLinee'):
        fields = _fields(line)
        where = '%sRiga %s' % (prefix, fields.get('NumeroLinea') or '?')
        quantity = read.number(fields, 'Quantita', Decimal(1))
        price = read.number(fields, 'PrezzoUnitario')
        total = read.number(fields, 'PrezzoTotale')
        rate = read.number(fields, 'AliquotaIVA')
        natura = fields.get('Natura')
        if rate is not None:
            if rate.is_zero() and not natura:
                messages.append('00400 - %s: aliquota IVA zero senza Natura' % where)
            elif not rate.is_zero() and natura:
                messages.append('00401 - %s: Natura %s indicata con aliquota IVA %s%%'
                                % (where, natura, fmt_rate(rate)))
        if price is not None and total is not None and quantity is not None:
            unit = price
            for adjustment in line.iterfind('ScontoMaggiorazione'):
                adjustment = _fields(adjustment)
                sign = -1 if adjustment.get('Tipo') == 'SC' else 1
                percent = read.number(adjustment, 'Percentuale')
                amount = read.number(adjustment, 'Importo')
                if percent is not None:
                    unit = CONTEXT.multiply(unit, 1 + sign * percent / HUNDRED)
                elif amount is not None:
                    unit = CONTEXT.add(unit, sign * amount)
            expected = CONTEXT.multiply(unit, quantity)
            if _over(total, expected):
                messages.append(
                    '00423 - %s: PrezzoTotale %s diverso da Quantita x PrezzoUnitario con '
                    'sconti/maggiorazioni (%s)' % (where, _plain(total), fmt_amount2(expected)))
        if rate is not None and total is not None:
            key = _key(rate, natura)
            lines_by_key[key] = lines_by_key.get(key, ZERO) + total
    # welfare fund contributions are part of the taxable amount of their rate
    for fund in body.iterfind('DatiGenerali/DatiGeneraliDocumento/DatiCassaPrevidenziale'):
        fund = _fields(fund)
        rate = read.number(fund, 'AliquotaIVA')
        amount = read.number(fund, 'ImportoContributoCassa')
        if rate is not None and amount is not None:
            key = _key(rate, fund.get('Natura'))
            lines_by_key[key] = lines_by_key.get(key, ZERO) + amount

    # -- summaries: 00429/00430, 00421 (Imposta), 00422 (ImponibileImporto)
    summaries_by_key = {}
    taxable_sum = tax_sum = split_tax = ZERO
    for summary in body.iterfind('DatiBeniServizi/DatiRiepilogo'):
        summary = _fields(summary)
        rate = read.number(summary, 'AliquotaIVA')
        natura = summary.get('Natura')
        taxable = read.number(summary, 'ImponibileImporto')
        tax = read.number(summary, 'Imposta')
        extra = read.number(summary, 'SpeseAccessorie', ZERO) + read.number(summary, 'Arrotondamento', ZERO)
        if rate is None or taxable is None or tax is None:
            continue
        key = _key(rate, natura)
        where = '%sRiepilogo %s' % (prefix, _describe(key))
        if rate.is_zero() and not natura:
            messages.append('00429 - %s: aliquota IVA zero senza Natura' % where)
        elif not rate.is_zero() and natura:
            messages.append('00430 - %s: Natura indicata con aliquota IVA diversa da zero' % where)
        expected_tax = CONTEXT.divide(CONTEXT.multiply(taxable, rate), HUNDRED)
        if _over(tax, expected_tax):
            messages.append('00421 - %s: Imposta %s diversa da ImponibileImporto x AliquotaIVA / 100 '
                            '(%s)' % (where, _plain(tax), fmt_amount2(expected_tax)))
        summaries_by_key[key] = summaries_by_key.get(key, ZERO) + taxable - extra
        taxable_sum += taxable
        tax_sum += tax
        if summary.get('EsigibilitaIVA') == 'S':
            split_tax += tax
    for key, lines_sum in sorted(lines_by_key.items(), key=lambda kv: repr(kv[0])):
        if key not in summaries_by_key:
            messages.append('00419 - %sDatiRiepilogo mancante per %s delle righe'
                            % (prefix, _describe(key)))
        elif _over(summaries_by_key[key], lines_sum):
            messages.append(
                '00422 - %sRiepilogo %s: ImponibileImporto (al netto di spese accessorie e '
                'arrotondamento) %s diverso dalla somma dei PrezzoTotale delle righe (%s)'
                % (prefix, _describe(key), fmt_amount2(summaries_by_key[key]), fmt_amount2(lines_sum)))
    for key in sorted(summaries_by_key, key=repr):
        if key not in lines_by_key:
            code = '00444' if key[1] else '00443'
            messages.append('%s - %sRiepilogo %s senza righe corrispondenti'
                            % (code, prefix, _describe(key)))

    # -- document total and payments (not SdI rejections, but what the customer will pay)
    element = body.find('DatiGenerali/DatiGeneraliDocumento')
    if element is None or element.find('ScontoMaggiorazione') is not None:
        return   # document-level discounts are free-form: no reliable expected total
    document = _fields(element)
    rounding = read.number(document, 'Arrotondamento', ZERO)
    stamp = read.number({'ImportoBollo': _text(element, 'DatiBollo/ImportoBollo')}, 'ImportoBollo', ZERO)
    withholding = sum((read.number(_fields(w), 'ImportoRitenuta', ZERO)
                       for w in element.iterfind('DatiRitenuta')), ZERO)
    expected_total = taxable_sum + tax_sum + rounding
    total = read.number(document, 'ImportoTotaleDocumento')
    if total is not None and _over(total, expected_total) and _over(total, expected_total + stamp):
        messages.append('TOTALE - %sImportoTotaleDocumento %s diverso da imponibile + imposta (%s)'
                        % (prefix, _plain(total), fmt_amount2(expected_total)))
    payments = body.findall('DatiPagamento')
    if len(payments) == 1 and _text(payments[0], 'CondizioniPagamento') != 'TP03':
        paid = sum((read.number(_fields(d), 'ImportoPagamento', ZERO)
                    for d in payments[0].iterfind('DettaglioPagamento')), ZERO)
        due = expected_total - split_tax - withholding
        # with split payment the document's rounding may be on the VAT the customer does not pay
        if _over(paid, due) and _over(paid, due + stamp) and (
                not split_tax or _over(paid, due - rounding)):
            messages.append(
                'PAGAMENTO - %sSomma degli ImportoPagamento %s diversa dal totale da pagare (%s%s)'
                % (prefix, fmt_amount2(paid), fmt_amount2(due),
                   ', IVA in scissione dei pagamenti esclusa' if split_tax else ''))


def check_arithmetic(xml):
    """The SdI arithmetic checks on a FatturaPA XML (bytes): ``[]`` when coherent.

    Each message starts with the SdI error code it would cause: 00400/00401 and 00429/00430
    (Natura vs AliquotaIVA on lines and summaries), 00423 (PrezzoTotale of a line), 00421
    (Imposta), 00422 (ImponibileImporto vs the lines), 00419 (rate of the lines without summary),
    00443/00444 (summary without lines); then ``TOTALE`` (ImportoTotaleDocumento = taxable +
    tax, the stamp duty being optionally included) and ``PAGAMENTO`` (the payment amounts sum to
    the total less split-payment VAT and withholdings), which SdI does not check but the
    customer does.  The tolerance is one cent, as SdI's.
    """
    try:
        root = parse_bytes(xml) if not isinstance(xml, etree._Element) else xml
    except etree.XMLSyntaxError as exc:
        return ['XML non ben formato: %s' % exc]
    bodies = root.findall('FatturaElettronicaBody')
    if not bodies:
        return ['Nessun FatturaElettronicaBody nel documento']
    messages = []
    with decimal.localcontext(CONTEXT):
        for index, body in enumerate(bodies, 1):
            _check_body(body, messages, 'Fattura %d: ' % index if len(bodies) > 1 else '')
    return messages
