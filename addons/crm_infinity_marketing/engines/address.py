"""Normalised addresses: the key of the send ledger and of the blacklist."""
import re

EMAIL_RE = re.compile(r'([^\s,;<>"@]+@[^\s,;<>"@]+\.[^\s,;<>"@]+)')


def normalize_email(value):
    """The first address of ``value`` (``"Name" <A@B.it>`` gives ``a@b.it``), stripped and
    lower-cased, or None when there is none."""
    if not value:
        return None
    match = EMAIL_RE.search(value)
    if not match:
        return None
    return match.group(1).strip().strip('.').lower()
