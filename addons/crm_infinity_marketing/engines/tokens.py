"""Signed tracking tokens (open pixel, click redirect, unsubscribe, consent).

A token is ``<kid>.<payload>.<signature>`` (URL-safe base64 without padding):

* ``kid``: the id of the key that signed it (the key file holds the current key first and older
  ones after it, so a key rotated out still verifies the links already sent until it is removed:
  the grace period);
* ``payload``: ``kind:stat_id:extra:expiry`` - the kind (``o`` open, ``c`` click, ``u``
  unsubscribe), the ledger row, an integer the kind needs (the link for a click), the expiry as
  Unix seconds. No e-mail address, nothing personal;
* ``signature``: HMAC-SHA256 over ``kid.payload`` truncated to 128 bits.

``verify`` answers None for anything forged, expired, malformed or of another kind: the
controllers then behave exactly as for a valid token, only without recording anything.
"""
import base64
import hashlib
import hmac
import time

KINDS = ('o', 'c', 'u')
SIGNATURE_BYTES = 16
DEFAULT_TTL = 400 * 86400  # tracking and unsubscribe links work for 400 days after sending


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')


def _unb64(text):
    return base64.urlsafe_b64decode(text + '=' * (-len(text) % 4))


def key_id(key):
    """A short public name of a key, which does not reveal it."""
    return _b64(hmac.new(key, b'crm-infinity-tracking-key-id', hashlib.sha256).digest()[:6])


def _sign(key, message):
    return hmac.new(key, message.encode('ascii'), hashlib.sha256).digest()[:SIGNATURE_BYTES]


def make(keys, kind, stat_id, extra=0, ttl=DEFAULT_TTL, now=None):
    """A token for ledger row ``stat_id``, signed with the first (current) of ``keys``."""
    if kind not in KINDS:
        raise ValueError('unknown token kind %r' % kind)
    expiry = int((now if now is not None else time.time()) + ttl)
    key = keys[0]
    head = '%s.%s' % (key_id(key), _b64(('%s:%d:%d:%d' % (kind, stat_id, extra or 0, expiry))
                                         .encode('ascii')))
    return '%s.%s' % (head, _b64(_sign(key, head)))


def verify(keys, token, kind, now=None):
    """``(stat_id, extra)`` if ``token`` is a valid, unexpired token of ``kind`` signed with one
    of ``keys``; else None (and nothing says why)."""
    if not token or not isinstance(token, str) or len(token) > 200:
        return None
    parts = token.split('.')
    if len(parts) != 3:
        return None
    kid, payload, signature = parts
    key = next((k for k in keys if key_id(k) == kid), None)
    if key is None:
        return None
    try:
        given = _unb64(signature)
        fields = _unb64(payload).decode('ascii').split(':')
    except (ValueError, UnicodeDecodeError):
        return None
    if not hmac.compare_digest(_sign(key, '%s.%s' % (kid, payload)), given):
        return None
    if len(fields) != 4 or fields[0] != kind:
        return None
    try:
        stat_id, extra, expiry = int(fields[1]), int(fields[2]), int(fields[3])
    except ValueError:
        return None
    if expiry < (now if now is not None else time.time()):
        return None
    return stat_id, extra


BOUNCE_SIGNATURE_HEX = 16  # 64 bits, lower-case hex: mail servers may lower-case a local part


def _bounce_signature(key, stat_id):
    return hmac.new(key, ('bounce:%d' % stat_id).encode('ascii'),
                    hashlib.sha256).hexdigest()[:BOUNCE_SIGNATURE_HEX]


def bounce_tag(keys, stat_id):
    """``<stat_id>-<signature>``: what follows ``<alias>+crm`` in the return path of the message
    of ledger row ``stat_id``. Signed, so that a delivery report sent to a made-up bounce
    address cannot mark rows bounced (and blacklist their addresses) one id after the other."""
    return '%d-%s' % (stat_id, _bounce_signature(keys[0], stat_id))


def verify_bounce(keys, stat_id, signature):
    """True when ``signature`` is the one of ``stat_id`` under one of ``keys``."""
    if not signature or len(signature) != BOUNCE_SIGNATURE_HEX:
        return False
    signature = signature.lower()
    return any(hmac.compare_digest(_bounce_signature(key, stat_id), signature) for key in keys)
