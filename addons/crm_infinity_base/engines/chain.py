"""Tamper-evident chain of primanota lines (SPEC B5).

Each line's hash is SHA-256 over the previous line's hash (of the same record) and a canonical
serialisation of the line's content; altering, removing or reordering a line breaks every hash
after it, which ``first_broken`` finds.
"""
import hashlib
import json

GENESIS = '0' * 64


def canonical(payload):
    """Stable text of a line's content (a dict, or a list of values in a fixed order): sorted
    keys, no whitespace, UTF-8 kept."""
    return json.dumps(payload, sort_keys=isinstance(payload, dict), separators=(',', ':'),
                      ensure_ascii=False, default=str)


def line_hash(prev_hash, payload):
    digest = hashlib.sha256()
    digest.update((prev_hash or GENESIS).encode('ascii'))
    digest.update(canonical(payload).encode('utf-8'))
    return digest.hexdigest()


def chain(payloads, prev_hash=GENESIS):
    """Hashes of consecutive lines, starting after ``prev_hash``."""
    hashes = []
    for payload in payloads:
        prev_hash = line_hash(prev_hash, payload)
        hashes.append(prev_hash)
    return hashes


def first_broken(lines):
    """Index of the first line whose stored hashes do not match, or None if the chain holds.

    ``lines``: ordered iterable of (prev_hash, hash, payload) as stored.
    """
    expected_prev = GENESIS
    for index, (prev_hash, stored_hash, payload) in enumerate(lines):
        if prev_hash != expected_prev or line_hash(prev_hash, payload) != stored_hash:
            return index
        expected_prev = stored_hash
    return None
