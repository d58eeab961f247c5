"""Tamper-evident chain of primanota lines (SPEC B5, threat model in the addon's README).

Each line's hash covers the previous line's hash (of the same record) and a canonical
serialisation of the line's content, so altering, removing or reordering a line breaks every
hash after it.

* Version 1 lines (written before keys existed) use plain SHA-256: anyone can recompute them.
* Version 2 lines use HMAC-SHA256 with a secret key kept outside the database (``Keyring``): who
  can write the database but does not have the key cannot recompute a valid hash.
* Every chain has a **head** (line count and last hash) signed with the key: deleting the last
  lines of a record, or rewriting a whole version 1 chain, no longer matches the signed head.

``verify`` walks one record's chain and says what is wrong (``Problem``), if anything.
"""
import functools
import hashlib
import hmac
import json
import os
import secrets
from collections import namedtuple

GENESIS = '0' * 64
V1, V2 = 1, 2

# What verification found on a chain: ``index`` of the first bad line (None when the lines
# themselves hold but the head does not), ``missing`` lines at the end (head count minus lines
# found, when positive) and a ``reason`` code (see REASONS).
Problem = namedtuple('Problem', 'index missing reason')
REASONS = ('altered', 'unknown_key', 'downgraded', 'missing_tail', 'extra_lines', 'head_altered',
           'no_head', 'rewritten')


# what json.dumps(payload, sort_keys=..., separators=(',', ':'), ensure_ascii=False, default=str)
# gives, without building an encoder for every line (verification runs it on every line)
_ENCODERS = {sort: json.JSONEncoder(sort_keys=sort, separators=(',', ':'), ensure_ascii=False,
                                    default=str).encode for sort in (False, True)}


def canonical(payload):
    """Stable text of a line's content (a dict, or a list of values in a fixed order): sorted
    keys, no whitespace, UTF-8 kept."""
    return _ENCODERS[isinstance(payload, dict)](payload)


@functools.lru_cache(maxsize=16)
def _pads(key):
    """SHA-256 states after the inner and outer padded key (RFC 2104), computed once per key:
    HMAC from copies of them costs a third of ``hmac.digest``, which sets the key up each time."""
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b'\0')
    return (hashlib.sha256(bytes(b ^ 0x36 for b in key)),
            hashlib.sha256(bytes(b ^ 0x5c for b in key)))


def hmac_sha256(key, message):
    """HMAC-SHA256 of ``message`` under ``key``, hexadecimal (as ``hmac.new(...).hexdigest()``)."""
    inner, outer = _pads(key)
    inner, outer = inner.copy(), outer.copy()
    inner.update(message)
    outer.update(inner.digest())
    return outer.hexdigest()


def line_hash(prev_hash, payload, key=None):
    """The hash of a line: SHA-256 without ``key`` (version 1), HMAC-SHA256 with it (version 2)."""
    message = (prev_hash or GENESIS).encode('ascii') + canonical(payload).encode('utf-8')
    if key is None:
        return hashlib.sha256(message).hexdigest()
    return hmac_sha256(key, message)


def chain(payloads, prev_hash=GENESIS, key=None):
    """Hashes of consecutive lines, starting after ``prev_hash``."""
    hashes = []
    for payload in payloads:
        prev_hash = line_hash(prev_hash, payload, key)
        hashes.append(prev_hash)
    return hashes


def head_signature(key, res_model, res_id, count, last_hash):
    """Signature of a chain head: the record, how many lines it has, the last line's hash."""
    message = canonical(['head', res_model, res_id, count, last_hash]).encode('utf-8')
    return hmac_sha256(key, message)


def key_id(key):
    """A short public name of a key (stored on each line), which does not reveal it."""
    return hmac.new(key, b'crm-infinity-primanota-key-id', hashlib.sha256).hexdigest()[:16]


def first_broken(lines, keyring=None):
    """Index of the first line whose stored hashes do not match, or None if the lines hold.

    ``lines``: ordered iterable of (prev_hash, hash, payload) or (prev_hash, hash, payload,
    version, key_id) as stored. Version 2 lines need ``keyring``.
    """
    problem = verify(lines, keyring)
    return None if problem is None else problem.index


def verify(lines, keyring=None, head=None, res_model=None, res_id=None):
    """What is wrong with one record's chain, as a ``Problem``, or None if it holds.

    ``head``: (count, last_hash, key_id, signature) as stored, or None when the record has no
    head row; checked only when a ``keyring`` is given (with ``res_model`` and ``res_id``).
    Version 1 lines are accepted only before the first version 2 line: a line turned back into
    version 1 to recompute its hash without the key is a downgrade.
    """
    expected_prev, seen_v2, count = GENESIS, False, 0
    for index, line in enumerate(lines):
        prev_hash, stored_hash, payload = line[:3]
        version, kid = (line[3], line[4]) if len(line) > 3 else (V1, None)
        count = index + 1
        if prev_hash != expected_prev:
            return Problem(index, 0, 'altered')
        if (version or V1) == V1:
            if seen_v2:
                return Problem(index, 0, 'downgraded')
            key = None
        else:
            seen_v2 = True
            key = keyring.get(kid) if keyring is not None else None
            if key is None:
                return Problem(index, 0, 'unknown_key')
        if not hmac.compare_digest(line_hash(prev_hash, payload, key), stored_hash or ''):
            return Problem(index, 0, 'altered')
        expected_prev = stored_hash
    if keyring is None:
        return None
    return verify_head(keyring, head, res_model, res_id, count, expected_prev)


def verify_head(keyring, head, res_model, res_id, count, last_hash):
    """Compare the lines found (``count``, ``last_hash``) with the signed head."""
    if head is None:
        return Problem(None, 0, 'no_head') if count else None
    head_count, head_hash, kid, signature = head
    key = keyring.get(kid)
    if key is None:
        return Problem(None, 0, 'unknown_key')
    expected = head_signature(key, res_model, res_id, head_count, head_hash)
    if not hmac.compare_digest(expected, signature or ''):
        return Problem(None, 0, 'head_altered')
    if head_count > count:
        return Problem(None, head_count - count, 'missing_tail')
    if head_count < count:
        return Problem(head_count, 0, 'extra_lines')
    if head_hash != last_hash:  # e.g. version 1 lines rewritten, hashes recomputed
        return Problem(None, 0, 'rewritten')
    return None


class Keyring:
    """The secret keys of the primanota: the first signs new lines, all of them verify.

    The key file holds one hexadecimal key per line, the current one first (``#`` comments
    allowed). Rotating the key: add a new line at the top and keep the old ones, which still
    verify the lines and heads they signed (each line stores the ``key_id`` of its key).
    """

    def __init__(self, keys):
        if not keys:
            raise ValueError('a keyring needs at least one key')
        self.keys = list(keys)
        self.current = self.keys[0]
        self.current_id = key_id(self.current)
        self._by_id = {key_id(k): k for k in self.keys}

    def get(self, kid):
        return self._by_id.get(kid)

    @classmethod
    def generate(cls):
        return cls([secrets.token_bytes(32)])

    @classmethod
    def parse(cls, text):
        keys = []
        for line in text.splitlines():
            line = line.split('#', 1)[0].strip()
            if line:
                keys.append(bytes.fromhex(line))
        return cls(keys)

    def dump(self):
        return '# CRM Infinity primanota keys: current first. Keep secret, keep a copy.\n' + \
            ''.join(k.hex() + '\n' for k in self.keys)

    @classmethod
    def load(cls, path, create=True):
        """Read the key file, creating it (mode 0600, folder 0700) with a new random key when it
        does not exist yet and ``create`` is true. Safe when several processes start at once:
        the file appears complete or not at all."""
        try:
            with open(path, encoding='ascii') as handle:
                return cls.parse(handle.read())
        except FileNotFoundError:
            if not create:
                raise
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, mode=0o700, exist_ok=True)
        temp = '%s.%d.%s.tmp' % (path, os.getpid(), secrets.token_hex(4))
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, 'w', encoding='ascii') as handle:
                handle.write(cls.generate().dump())
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(temp, path)  # fails if another process created it meanwhile
            except FileExistsError:
                pass
        finally:
            os.unlink(temp)
        return cls.load(path, create=False)
