import pytest

from ..domain import DomainError, parse_domain
from ..snapshot import diff, keys_of


@pytest.mark.parametrize('text', ['', '   ', None, '[]', '()', "[(1, '=', 1)]", "['&']"])
def test_empty_domain_is_refused(text):
    with pytest.raises(DomainError) as exc:
        parse_domain(text)
    assert exc.value.code in ('empty', 'shape')


@pytest.mark.parametrize('text', ['[(', "__import__('os')", "[('a', '=')]", "{'a': 1}",
                                  "[('name', 'is', 'x')]", "[(3, '=', 'x')]"])
def test_broken_domain_is_refused(text):
    with pytest.raises(DomainError) as exc:
        parse_domain(text)
    assert exc.value.code in ('syntax', 'shape')


def test_domain_read():
    assert parse_domain("[('city', 'ilike', 'Milano'), '|', ('x', '=', 1), ('y', 'in', [1, 2])]") \
        == [('city', 'ilike', 'Milano'), '|', ('x', '=', 1), ('y', 'in', [1, 2])]
    assert parse_domain("[(0, '=', 1), ('email', '!=', False)]")[1] == ('email', '!=', False)


def test_keys_and_diff():
    rows = [{'res_model': 'res.partner', 'res_id': 3}, {'res_model': 'res.partner', 'res_id': 3},
            {'res_model': 'crm.lead', 'res_id': 7}]
    assert keys_of(rows) == ['crm.lead,7', 'res.partner,3']
    assert diff(None, ['a', 'b']) == (['a', 'b'], [])
    assert diff(['a', 'b'], ['b', 'c']) == (['c'], ['a'])
    assert diff(['a'], ['a']) == ([], [])
