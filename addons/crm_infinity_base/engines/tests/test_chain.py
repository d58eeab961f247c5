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


# -- keyed chains (version 2), signed heads, keyring ----------------------------------------------

import os
import stat

import pytest

from odoo.addons.crm_infinity_base.engines.chain import (V1, V2, Keyring, Problem, head_signature,
                                                         key_id, verify)

MODEL, RES_ID = 'crm.lead', 7


def _keyed(payloads, keyring, v1_prefix=0):
    """Stored lines (prev, hash, payload, version, key_id) and the signed head."""
    lines, prev = [], GENESIS
    for index, payload in enumerate(payloads):
        key = None if index < v1_prefix else keyring.current
        digest = line_hash(prev, payload, key)
        lines.append([prev, digest, payload, V1 if key is None else V2,
                      None if key is None else keyring.current_id])
        prev = digest
    head = (len(lines), prev, keyring.current_id,
            head_signature(keyring.current, MODEL, RES_ID, len(lines), prev))
    return lines, head


def _verify(lines, keyring, head):
    return verify(lines, keyring, head, MODEL, RES_ID)


@pytest.fixture
def keyring():
    return Keyring.generate()


def test_keyed_chain_verifies(keyring):
    lines, head = _keyed(PAYLOADS, keyring)
    assert _verify(lines, keyring, head) is None


def test_rewrite_with_the_public_algorithm_is_found(keyring):
    lines, head = _keyed(PAYLOADS, keyring)
    lines[1][2] = dict(lines[1][2], note='ritoccato')
    lines[1][1] = line_hash(lines[1][0], lines[1][2])  # sha256, as the old public algorithm
    assert _verify(lines, keyring, head) == Problem(1, 0, 'altered')
    lines[1][3] = V1  # and claiming it is an old line
    assert _verify(lines, keyring, head) == Problem(1, 0, 'downgraded')


def test_truncation_reports_the_missing_tail(keyring):
    lines, head = _keyed(PAYLOADS, keyring)
    assert _verify(lines[:1], keyring, head) == Problem(None, 2, 'missing_tail')
    assert _verify([], keyring, head) == Problem(None, 3, 'missing_tail')


def test_a_head_rewritten_without_the_key_is_found(keyring):
    lines, head = _keyed(PAYLOADS, keyring)
    forged = (1, lines[0][1], head[2], head_signature(b'not the key', MODEL, RES_ID, 1, lines[0][1]))
    assert _verify(lines[:1], keyring, forged) == Problem(None, 0, 'head_altered')
    # the head of another record does not fit either
    other = (3, head[1], head[2], head_signature(keyring.current, MODEL, RES_ID + 1, 3, head[1]))
    assert _verify(lines, keyring, other) == Problem(None, 0, 'head_altered')


def test_version_1_chain_rewritten_entirely_is_found_by_its_head(keyring):
    lines, head = _keyed(PAYLOADS, keyring, v1_prefix=3)
    assert _verify(lines, keyring, head) is None
    payloads = [dict(p, note='riscritto') for p in PAYLOADS]
    rewritten = [[p, h, pl, V1, None] for (p, h, pl) in _stored(payloads)]
    assert _verify(rewritten, keyring, head) == Problem(None, 0, 'rewritten')


def test_old_lines_then_keyed_lines(keyring):
    lines, head = _keyed(PAYLOADS, keyring, v1_prefix=2)
    assert [l[3] for l in lines] == [V1, V1, V2]
    assert _verify(lines, keyring, head) is None


def test_lines_appended_behind_the_head_are_found(keyring):
    lines, head = _keyed(PAYLOADS, keyring, v1_prefix=3)
    extra = line_hash(lines[-1][1], {'note': 'aggiunta'})
    lines.append([lines[-1][1], extra, {'note': 'aggiunta'}, V1, None])
    assert _verify(lines, keyring, head) == Problem(3, 0, 'extra_lines')


def test_lines_without_a_head_are_found(keyring):
    lines, _head = _keyed(PAYLOADS, keyring)
    assert _verify(lines, keyring, None) == Problem(None, 0, 'no_head')


def test_rotated_key_still_verifies_old_lines(keyring):
    lines, head = _keyed(PAYLOADS, keyring)
    rotated = Keyring([os.urandom(32)] + keyring.keys)
    assert rotated.current_id != keyring.current_id
    assert _verify(lines, rotated, head) is None
    assert _verify(lines, Keyring.generate(), head) == Problem(0, 0, 'unknown_key')


def test_key_file_created_private_once_and_reread(tmp_path):
    path = str(tmp_path / 'keys' / 'primanota.key')
    first = Keyring.load(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    assert Keyring.load(path).keys == first.keys
    assert key_id(first.current) == first.current_id and len(first.current) == 32
    assert first.current.hex() not in first.current_id
    with pytest.raises(FileNotFoundError):
        Keyring.load(str(tmp_path / 'missing.key'), create=False)


def test_key_file_parses_comments_and_rotation(tmp_path):
    old, new = os.urandom(32), os.urandom(32)
    path = tmp_path / 'primanota.key'
    path.write_text('# ruotata il 2026-12-06\n%s\n\n%s  # vecchia\n' % (new.hex(), old.hex()))
    keyring = Keyring.load(str(path))
    assert keyring.current == new and keyring.get(key_id(old)) == old


@given(st.binary(min_size=1, max_size=100), st.binary(max_size=300))
def test_hmac_is_the_standard_one(key, message):
    import hmac as std
    from odoo.addons.crm_infinity_base.engines.chain import hmac_sha256
    assert hmac_sha256(key, message) == std.new(key, message, 'sha256').hexdigest()
