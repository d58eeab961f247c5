import pytest
from hypothesis import given, strategies as st

from odoo.addons.crm_infinity_base.engines.routing import (
    AnyOf, Between, Context, DomainMatch, Keywords, Rule, Unsupported, ZipIn, compile_domain,
    explain, least_loaded, matching_rules, normalize_domain, parse_keywords, parse_zip_ranges,
    render_reason, round_robin, route, zip_in_ranges)

ITALIAN = {
    'ZIP %(zip)s is not in the range %(ranges)s': "CAP %(zip)s non è nell'intervallo %(ranges)s",
    '%(label)s: %(value)s is not among %(wanted)s': '%(label)s: %(value)s non è tra %(wanted)s',
}


# -- conditions ---------------------------------------------------------------------------------

def test_zip_ranges_single_codes_and_prefixes():
    ranges = parse_zip_ranges('20100-20199, 00100;37*\n 80 121')
    assert ranges == (('20100', '20199'), ('00100', '00100'), ('37', None), ('80121', '80121'))
    assert zip_in_ranges('20121', ranges)
    assert zip_in_ranges(' 00100 ', ranges)
    assert zip_in_ranges('37121', ranges)
    assert zip_in_ranges('80121', ranges)
    assert not zip_in_ranges('20200', ranges)
    assert not zip_in_ranges('2012', ranges)  # a shorter code is not inside 20100-20199
    assert not zip_in_ranges('', ranges)
    assert not zip_in_ranges(None, ranges)


@pytest.mark.parametrize('text', ['20199-20100', '201-20199', '20100-', '*', '2010?', 'a-b-c'])
def test_zip_ranges_refuse_what_they_do_not_understand(text):
    with pytest.raises(ValueError):
        parse_zip_ranges(text)


@given(st.integers(0, 99999), st.integers(0, 99999), st.integers(0, 99999))
def test_zip_range_is_numeric_for_five_digit_codes(low, high, code):
    low, high = min(low, high), max(low, high)
    ranges = parse_zip_ranges('%05d-%05d' % (low, high))
    assert zip_in_ranges('%05d' % code, ranges) == (low <= code <= high)


def test_zip_explanation_in_italian():
    condition = ZipIn('20100-20199')
    reason = condition.explain({'zip': '37121'}, Context())
    assert not reason.ok
    assert render_reason(reason, translate=lambda m: ITALIAN.get(m, m)) == \
        "CAP 37121 non è nell'intervallo 20100-20199"
    assert render_reason(condition.explain({'zip': False}, Context())) == \
        'The ZIP is not set (wanted: 20100-20199)'


def test_keywords_ignore_case_and_accents_and_match_whole_words():
    condition = Keywords('perché, non funziona; rete')
    assert condition.words == ('perche', 'non funziona', 'rete')
    match = lambda text: condition.matches({'text': text}, Context())  # noqa: E731
    assert match('PERCHE la stampante?')
    assert match('La stampante NON   funziona!')
    assert match('problema di rete.')
    assert not match('internet lento')  # "rete" is not a whole word of "internet"
    assert not match('non so se funziona')
    assert not match(False)
    reason = condition.explain({'text': 'Non funziona più'}, Context())
    assert reason.ok and render_reason(reason) == 'The text contains the keyword "non funziona"'


def test_keywords_parse_skips_empty_parts_and_duplicates():
    assert parse_keywords(' Guasto,, guasto ;\n') == ('guasto',)


def test_any_of_with_one_id_several_ids_and_nothing():
    condition = AnyOf('category_ids', [7, 9])
    assert condition.matches({'category_ids': [12, 7, 1]}, Context())  # an ancestor is 7
    assert not condition.matches({'category_ids': [12, 1]}, Context())
    assert AnyOf('country_id', [110]).matches({'country_id': 110}, Context())
    assert not AnyOf('country_id', [110]).matches({'country_id': False}, Context())
    names = {110: 'Italia', 75: 'Francia'}
    reason = AnyOf('country_id', [75]).explain({'country_id': 110}, Context())
    text = render_reason(reason, translate=lambda m: ITALIAN.get(m, m),
                         name=lambda fact, i: names[i], label=lambda fact: 'Nazione')
    assert text == 'Nazione: Italia non è tra Francia'
    missing = AnyOf('country_id', [75]).explain({}, Context())
    assert render_reason(missing, name=lambda f, i: names[i], label=lambda f: 'Country') == \
        'Country is not set (wanted: Francia)'


def test_between_bounds_are_inclusive_and_open_when_none():
    assert Between(100, 200).matches({'value': 100}, Context())
    assert Between(100, 200).matches({'value': 200.0}, Context())
    assert not Between(100, 200).matches({'value': 200.5}, Context())
    assert Between(None, 200).matches({'value': -5}, Context())
    assert Between(100, None).matches({'value': 10 ** 9}, Context())
    assert not Between(None, None).matches({'value': None}, Context())
    assert render_reason(Between(1000, None).explain({'value': 500.0}, Context())) == \
        'Value 500 is below the minimum 1000'
    assert render_reason(Between(0, 1000).explain({'value': 5000}, Context())) == \
        'Value 5000 is above the maximum 1000'
    assert render_reason(Between(0, 1000.5).explain({'value': 5}, Context())) == \
        'Value 5 is within 0 - 1000.5'


def test_domain_condition_uses_the_predicate_or_the_ids_searched():
    predicate, needed = compile_domain([('priority', '=', '3')], {'priority': 'selection'})
    fast = DomainMatch(1, "[('priority', '=', '3')]", predicate)
    assert needed == {'priority'}
    assert fast.matches({'fields': {'priority': '3'}}, Context())
    slow = DomainMatch(2, "[('partner_id.name', 'ilike', 'x')]")
    assert slow.matches({'id': 5}, Context({2: {5, 6}}))
    assert not slow.matches({'id': 7}, Context({2: {5, 6}}))
    assert render_reason(slow.explain({'id': 7}, Context({2: {5}}))) == \
        "The record does not match the condition [('partner_id.name', 'ilike', 'x')]"


# -- rules --------------------------------------------------------------------------------------

NORD = Rule(1, 'Nord', [ZipIn('20000-28999')], True)
BIG = Rule(2, 'Big deals', [Between(50000, None)], False)
ITALY_BIG = Rule(3, 'Italy big', [AnyOf('country_id', [110]), Between(50000, None)], True)
FALLBACK = Rule(4, 'Everything else', [], True)


def test_first_matching_rule_wins():
    assert matching_rules([NORD, ITALY_BIG, FALLBACK], {'zip': '20121', 'value': 90000,
                                                        'country_id': 110}) == [NORD]
    assert matching_rules([NORD, ITALY_BIG, FALLBACK], {'zip': '00100', 'value': 90000,
                                                        'country_id': 110}) == [ITALY_BIG]
    assert matching_rules([NORD, ITALY_BIG, FALLBACK], {'zip': '00100', 'value': 10}) == [FALLBACK]
    assert matching_rules([NORD], {'zip': '00100'}) == []


def test_a_continue_rule_lets_the_next_ones_apply():
    facts = {'zip': '00100', 'value': 90000, 'country_id': 110}
    assert matching_rules([BIG, ITALY_BIG, FALLBACK], facts) == [BIG, ITALY_BIG]
    assert matching_rules([BIG, FALLBACK], {'value': 1}) == [FALLBACK]


def test_route_a_batch():
    result = route([NORD, FALLBACK], {1: {'zip': '20121'}, 2: {'zip': '37121'}})
    assert result == {1: [NORD], 2: [FALLBACK]}


def test_explain_every_rule_and_condition():
    facts = {'zip': '37121', 'value': 90000, 'country_id': 110}
    result = explain([NORD, BIG, ITALY_BIG, FALLBACK], facts)
    assert [(e.name, e.matched, e.fired) for e in result] == [
        ('Nord', False, False), ('Big deals', True, True), ('Italy big', True, True),
        ('Everything else', True, False)]
    assert render_reason(result[0].reasons[0]) == 'ZIP 37121 is not in the range 20000-28999'
    assert [r.ok for r in result[2].reasons] == [True, True]
    assert render_reason(result[3].reasons[0]) == \
        'The rule has no condition: it matches every record'


@given(st.lists(st.tuples(st.sampled_from(['zip', 'value', 'country']), st.booleans()),
                max_size=8),
       st.fixed_dictionaries({'zip': st.sampled_from(['20121', '37121', '']),
                              'value': st.one_of(st.none(), st.integers(0, 100000)),
                              'country_id': st.sampled_from([110, 75, False])}))
def test_explain_agrees_with_routing(specs, facts):
    conditions = {'zip': ZipIn('20000-28999'), 'value': Between(50000, None),
                  'country': AnyOf('country_id', [110])}
    rules = [Rule(i, str(i), [conditions[kind]], stop) for i, (kind, stop) in enumerate(specs)]
    fired = [e.rule_id for e in explain(rules, facts) if e.fired]
    assert fired == [r.id for r in matching_rules(rules, facts)]


# -- pools --------------------------------------------------------------------------------------

def test_round_robin_takes_turns_after_the_pointer():
    assert round_robin([30, 10, 20], None, 4) == ([10, 20, 30, 10], 10)
    assert round_robin([30, 10, 20], 20, 2) == ([30, 10], 10)
    # the last one served left: the next by id comes
    assert round_robin([10, 30], 20, 1) == ([30], 30)
    assert round_robin([], 20, 3) == ([], 20)


@given(st.sets(st.integers(1, 50), min_size=1, max_size=10), st.integers(0, 300),
       st.one_of(st.none(), st.integers(0, 60)))
def test_round_robin_is_fair(members, count, pointer):
    chosen, _pointer = round_robin(members, pointer, count)
    counts = [chosen.count(m) for m in members]
    assert sum(counts) == count
    assert max(counts) - min(counts) <= 1


@given(st.sets(st.integers(1, 50), min_size=1, max_size=10), st.integers(0, 50),
       st.integers(0, 50), st.one_of(st.none(), st.integers(0, 60)))
def test_round_robin_in_batches_equals_one_batch(members, first, second, pointer):
    one, end = round_robin(members, pointer, first + second)
    part1, middle = round_robin(members, pointer, first)
    part2, end2 = round_robin(members, middle, second)
    assert part1 + part2 == one
    assert end2 == end


def test_least_loaded_fills_the_emptiest_first_and_breaks_ties_by_id():
    chosen, loads = least_loaded([3, 1, 2], {1: 2, 2: 0, 3: 0, 99: 0}, 5)
    assert chosen == [2, 3, 2, 3, 1]
    assert loads == {1: 3, 2: 2, 3: 2}
    assert least_loaded([], {1: 0}, 2) == ([], {})


@given(st.dictionaries(st.integers(1, 30), st.integers(0, 20), min_size=1, max_size=8),
       st.integers(0, 200))
def test_least_loaded_levels_the_loads(loads, count):
    chosen, after = least_loaded(list(loads), loads, count)
    assert len(chosen) == count
    assert sum(after.values()) == sum(loads.values()) + count
    if count >= sum(max(loads.values()) - v for v in loads.values()):
        assert max(after.values()) - min(after.values()) <= 1


# -- domains in Python --------------------------------------------------------------------------

TYPES = {'id': 'id', 'name': 'char', 'priority': 'selection', 'amount': 'float',
         'done': 'boolean', 'user_id': 'many2one', 'tag_ids': 'many2many', 'date': 'date',
         'line_ids': 'one2many'}


def _eval(domain, values):
    predicate, _needed = compile_domain(domain, TYPES)
    return predicate(values)


def test_normalize_domain_makes_the_implicit_and_explicit():
    assert normalize_domain([('a', '=', 1), ('b', '=', 2)]) == ['&', ('a', '=', 1), ('b', '=', 2)]
    assert normalize_domain([]) == [(1, '=', 1)]
    assert normalize_domain(['|', ('a', '=', 1), ('b', '=', 2), ('c', '=', 3)]) == \
        ['&', '|', ('a', '=', 1), ('b', '=', 2), ('c', '=', 3)]


@pytest.mark.parametrize('domain, values, expected', [
    ([('priority', '=', '3')], {'priority': '3'}, True),
    ([('priority', '!=', '3')], {'priority': None}, False),  # NULL != x is not true in SQL
    ([('user_id', '=', False)], {'user_id': None}, True),
    ([('user_id', '!=', False)], {'user_id': 4}, True),
    ([('user_id', 'in', [4, False])], {'user_id': None}, True),
    ([('user_id', 'not in', [4])], {'user_id': None}, True),
    ([('user_id', 'not in', [4, False])], {'user_id': None}, False),
    ([('done', '=', False)], {'done': None}, True),
    ([('done', '!=', False)], {'done': None}, False),
    ([('done', '=', True)], {'done': True}, True),
    ([('amount', '>=', 1000)], {'amount': 1000.0}, True),
    ([('amount', '>', 1000)], {'amount': None}, False),
    ([('name', 'ilike', 'ROSSI')], {'name': 'Impianto Rossi'}, True),
    ([('name', 'not ilike', 'rossi')], {'name': None}, False),
    ([('name', 'ilike', '')], {'name': None}, True),
    ([('tag_ids', 'in', [1, 2])], {'tag_ids': [2, 9]}, True),
    ([('tag_ids', 'not in', [1, 2])], {'tag_ids': [2, 9]}, False),
    ([('date', '<', '2026-01-01')], {'date': '2025-12-31'}, True),
    (['|', ('priority', '=', '3'), '!', ('amount', '<', 10)], {'priority': '0', 'amount': 5}, False),
    ([('id', 'in', [1, 2])], {'id': 2}, True),
])
def test_domain_leaves_follow_odoo_sql(domain, values, expected):
    assert _eval(domain, values) is expected


@pytest.mark.parametrize('domain', [
    [('partner_id.name', '=', 'x')], [('user_id', '=', 'Anna')], [('name', 'like', 'a%b')],
    [('line_ids', '=', 1)], [('tag_ids', '=', False)], [('name', '<', 'b')],
    [('date', '<', '2026')], [('user_id', 'child_of', 1)], [('unknown', '=', 1)], ['&'],
])
def test_domain_needing_the_database_is_unsupported(domain):
    with pytest.raises(Unsupported):
        compile_domain(domain, TYPES)


@given(st.sampled_from(['0', '1', '3', None]), st.one_of(st.none(), st.floats(0, 5000)))
def test_domain_operators_compose(priority, amount):
    values = {'priority': priority, 'amount': amount}
    a, b = [('priority', '=', '3')], [('amount', '>', 1000)]
    assert _eval(['!'] + a, values) is (not _eval(a, values))
    assert _eval(['|'] + a + b, values) is (_eval(a, values) or _eval(b, values))
    assert _eval(a + b, values) is (_eval(a, values) and _eval(b, values))
