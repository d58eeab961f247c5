import base64

from .. import tokens

OLD, NEW = b'o' * 32, b'n' * 32


def test_round_trip_and_no_address_in_token():
    token = tokens.make([NEW], 'c', 42, extra=7, now=1000)
    assert tokens.verify([NEW], token, 'c', now=1001) == (42, 7)
    assert '@' not in token and 'example' not in token


def test_wrong_kind_expired_forged():
    token = tokens.make([NEW], 'o', 42, ttl=10, now=1000)
    assert tokens.verify([NEW], token, 'u', now=1001) is None
    assert tokens.verify([NEW], token, 'o', now=1011) is None
    kid, payload, sig = token.split('.')
    other = base64.urlsafe_b64encode(b'o:43:0:9999999999').rstrip(b'=').decode()
    assert tokens.verify([NEW], '.'.join([kid, other, sig]), 'o', now=1001) is None
    assert tokens.verify([NEW], '.'.join([kid, payload, sig[:-2] + 'AA']), 'o', now=1001) is None
    for junk in (None, '', 'a.b', 'a.b.c', '...', 'x' * 500, 'é.é.é', kid + '.!!.!!'):
        assert tokens.verify([NEW], junk, 'o', now=1001) is None


def test_rotation_grace_period():
    old_token = tokens.make([OLD], 'o', 5, now=1000)
    # rotated: new key first, old key kept -> old links still work, new ones use the new key
    assert tokens.verify([NEW, OLD], old_token, 'o', now=1001) == (5, 0)
    new_token = tokens.make([NEW, OLD], 'o', 5, now=1000)
    assert new_token.split('.')[0] == tokens.key_id(NEW)
    # old key removed: the grace period is over
    assert tokens.verify([NEW], old_token, 'o', now=1001) is None


def test_key_of_another_installation():
    token = tokens.make([b'x' * 32], 'o', 5, now=1000)
    assert tokens.verify([NEW], token, 'o', now=1001) is None


def test_bounce_tag_signed_per_row_and_key():
    tag = tokens.bounce_tag([NEW, OLD], 42)
    stat_id, signature = tag.split('-')
    assert stat_id == '42' and signature == signature.lower()
    assert tokens.verify_bounce([NEW], 42, signature)
    assert tokens.verify_bounce([NEW], 42, signature.upper())  # a lower-cased local part
    assert tokens.verify_bounce([OLD, NEW], 42, signature)     # rotated: still verifies
    assert not tokens.verify_bounce([NEW], 43, signature)       # another row
    assert not tokens.verify_bounce([OLD], 42, signature)       # another key
    for junk in (None, '', '0' * 16, signature[:-1], signature + '0'):
        assert not tokens.verify_bounce([NEW], 42, junk)
