import pytest

from ..merge import (MAX_ITEMS, TemplateError, check, expand_rows, parse, render, variables)

CONTEXT = {
    'today': '23/11/2026',
    'company': {'name': 'Infinity S.p.A.', 'vat': 'IT01234567890', 'street': 'Via Roma 1',
                'zip': '20100', 'city': 'Milano', 'state': 'MI', 'country': 'Italia',
                'phone': '', 'email': 'info@infinity.example', 'website': None},
    'customer': {'name': 'Rossi & Figli <S.r.l.>', 'vat': 'IT09876543210', 'fiscal_code': '',
                 'street': 'Via Po 2', 'zip': '10100', 'city': 'Torino', 'state': 'TO',
                 'country': 'Italia', 'phone': '', 'email': '', 'ref': 'C042'},
    'contact': {'name': 'Mario Rossi', 'title': 'Sig.', 'function': '', 'email': '', 'phone': ''},
    'salesperson': {'name': 'Anna Bianchi', 'email': 'anna@example.com', 'phone': ''},
    'deal': {'name': 'Rinnovo parco stampanti', 'phase': 'Opportunità', 'status': 'Offerta emessa',
             'opening_date': '01/10/2026', 'expected_revenue': '12.000,00 €'},
    'quote': {'name': 'SO042', 'date': '23/11/2026', 'validity_date': '23/12/2026',
              'payment_term': '30 giorni', 'client_reference': '', 'note': 'Riga 1\nRiga 2',
              'currency': 'EUR', 'amount_untaxed': '1.000,00 €', 'amount_tax': '220,00 €',
              'amount_total': '1.220,00 €'},
    'totals': {'untaxed': '1.000,00 €', 'tax': '220,00 €', 'total': '1.220,00 €',
               'currency': 'EUR'},
    'lines': [
        {'number': 1, 'code': 'STA-01', 'product': 'Stampante', 'description': 'Laser A4',
         'quantity': '2,00', 'uom': 'Unità', 'price_unit': '400,00', 'discount': '',
         'taxes': 'IVA 22%', 'subtotal': '800,00 €'},
        {'number': 2, 'code': 'INS-01', 'product': 'Installazione', 'description': 'On site',
         'quantity': '1,00', 'uom': 'Unità', 'price_unit': '200,00', 'discount': '',
         'taxes': 'IVA 22%', 'subtotal': '200,00 €'},
    ],
}


def _error(template):
    with pytest.raises(TemplateError) as info:
        render(template, CONTEXT)
    return info.value


def test_merges_fields_escaping_html():
    out = render('<p>{{ company.name }} per {{customer.name}}, P.IVA {{ customer.vat }}</p>',
                 CONTEXT)
    assert out == ('<p>Infinity S.p.A. per Rossi &amp; Figli &lt;S.r.l.&gt;, '
                   'P.IVA IT09876543210</p>')
    assert render('{{ quote.note }}', CONTEXT) == 'Riga 1<br/>Riga 2'
    assert render('{{ quote.note }}', CONTEXT, html_escape=False) == 'Riga 1\nRiga 2'
    assert render('[{{ company.website }}][{{ today }}]', CONTEXT) == '[][23/11/2026]'


def test_loop_over_detail_lines():
    out = render('{% for line in lines %}{{ line.number }}.{{ line.product }}={{ line.subtotal }};'
                 '{% endfor %} Totale {{ totals.total }}', CONTEXT)
    assert out == '1.Stampante=800,00 €;2.Installazione=200,00 €; Totale 1.220,00 €'
    # the loop body still sees the other variables
    assert render('{%for l in lines%}{{ quote.name }}{%endfor%}', CONTEXT) == 'SO042SO042'


def test_table_rows_using_a_line_repeat_by_themselves():
    template = ('<table><tr><th>Prodotto</th><th>Importo</th></tr>'
                '<tr class="r"><td>{{ line.product }}</td><td>{{ line.subtotal }}</td></tr>'
                '<tr><td>Totale</td><td>{{ totals.total }}</td></tr></table>')
    out = render(template, CONTEXT)
    assert out.count('<tr class="r">') == 2
    assert '<td>Stampante</td><td>800,00 €</td>' in out
    assert '<td>Installazione</td><td>200,00 €</td>' in out
    assert out.count('Prodotto') == 1 and out.count('1.220,00 €') == 1
    assert expand_rows('<p>{{ line.product }}</p>') == '<p>{{ line.product }}</p>'


def test_unknown_field_names_it_and_its_line():
    error = _error('<p>Spett.le</p>\n<p>{{ customer.pec }}</p>')
    assert (error.kind, error.field, error.line) == ('unknown_field', 'customer.pec', 2)
    assert _error('{{ cliente.name }}').field == 'cliente.name'
    assert _error('{{ quote.name.upper }}').field == 'quote.name.upper'
    assert _error('{% for line in lines %}{{ line.price }}{% endfor %}').field == 'line.price'
    assert _error('{{ today.year }}').field == 'today.year'


def test_syntax_errors():
    for template in ('{{ quote.name ', '{{ }}', '{{ quote.name + 1 }}', '{{ quote["name"] }}',
                     '{{ quote.name|upper }}', '{% if quote %}x{% endif %}', '{% import os %}',
                     '{{ quote.name() }}', 'a {% for x in lines %}', '{% endfor %}',
                     '{% for line in lines %}{% for x in lines %}{% endfor %}{% endfor %}',
                     'x {% for line in lines'):
        error = _error(template)
        assert error.kind in ('syntax', 'unclosed_loop', 'unexpected_endfor', 'nested_loop'), \
            template


def test_no_way_out_of_the_sandbox():
    for template in ('{{ __class__ }}', '{{ company.__class__ }}', '{{ _private }}',
                     '{{ company.__dict__ }}', '{{ lines.__len__ }}', '{{ quote._name }}',
                     '{{ company.__class__.__mro__ }}', '{{ __builtins__.open }}',
                     '{% for x in __subclasses__ %}{% endfor %}'):
        error = _error(template)
        assert error.kind in ('syntax', 'unknown_field'), template

    class Secret:
        password = 'segreta'

    # even an object slipped into the context is never looked into
    context = dict(CONTEXT, company=Secret())
    with pytest.raises(TemplateError):
        render('{{ company.password }}', dict(context), schema={'company': ('password',)})


def test_collections_and_records_are_not_values():
    assert _error('{{ lines }}').kind == 'not_a_value'
    assert _error('{{ company }}').kind == 'not_a_value'
    assert _error('{% for x in company %}{% endfor %}').kind == 'not_a_list'
    assert _error('{% for x in quote.name %}{% endfor %}').kind == 'syntax'
    assert _error('{% for x in righe %}{% endfor %}').kind == 'unknown_field'
    # a loop variable may not hide a variable of the schema
    assert _error('{% for company in lines %}{% endfor %}').kind == 'syntax'


def test_loops_are_bounded():
    huge = dict(CONTEXT, lines=CONTEXT['lines'] * (MAX_ITEMS // 2 + 1))
    with pytest.raises(TemplateError) as info:
        render('{% for line in lines %}x{% endfor %}', huge)
    assert info.value.kind == 'too_large'
    with pytest.raises(TemplateError) as info:
        render('x' * 300000, CONTEXT)
    assert info.value.kind == 'too_large'


def test_check_without_values_and_variables_list():
    check(parse('{{ company.name }}{% for line in lines %}{{ line.taxes }}{% endfor %}'))
    with pytest.raises(TemplateError):
        check(parse('{{ company.nome }}'))
    paths = variables()
    assert 'company.vat' in paths and 'customer.vat' in paths and 'line.subtotal' in paths
    assert 'today' in paths and 'lines' not in paths
    # every variable of the list merges with the full context
    for path in paths:
        template = '{{ %s }}' % path
        if path.startswith('line.'):
            template = '{% for line in lines %}' + template + '{% endfor %}'
        render(template, CONTEXT)
