from hypothesis import given, strategies as st

from odoo.addons.crm_infinity_base.engines.chain import GENESIS, chain, first_broken, line_hash

PAYLOADS = [{'user': 2, 'changes': {'stage': ['Nuovo', 'Qualificato']}, 'note': 'Prima telefonata'},
            {'user': 2, 'changes': {'user_id': [None, 7]}, 'note': ''},
            {'user': 7, 'changes': {}, 'note': 'Offerta inviata €'}]


def _stored(payloads):
    hashes = chain(payloads)
    prevs = [GENESIS] + hashes[:-1]
    return [list(t) for t in zip(prevs, hashes, payloads)]


def test_intact_chain_verifies():
    assert first_broken(_stored(PAYLOADS)) is None


def test_altered_payload_is_found():
    lines = _stored(PAYLOADS)
    lines[1][2] = dict(lines[1][2], note='ritoccato')
    assert first_broken(lines) == 1


def test_removed_line_is_found():
    lines = _stored(PAYLOADS)
    del lines[1]
    assert first_broken(lines) == 1


def test_rehashed_line_breaks_the_next_one():
    lines = _stored(PAYLOADS)
    lines[0][2] = dict(lines[0][2], note='falso')
    lines[0][1] = line_hash(GENESIS, lines[0][2])  # forger recomputes the altered line's hash
    assert first_broken(lines) == 1


def test_hash_is_independent_of_key_order():
    assert line_hash(GENESIS, {'a': 1, 'b': 2}) == line_hash(GENESIS, {'b': 2, 'a': 1})


@given(st.lists(st.dictionaries(st.text(max_size=5), st.one_of(st.integers(), st.text(max_size=10))),
                min_size=1, max_size=8), st.data())
def test_any_single_change_is_detected(payloads, data):
    lines = _stored(payloads)
    index = data.draw(st.integers(0, len(lines) - 1))
    lines[index][2] = dict(lines[index][2], **{'\x00tamper': 1})
    assert first_broken(lines) == index
