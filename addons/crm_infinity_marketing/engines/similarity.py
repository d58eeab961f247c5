"""Similarity of a nominativo and the existing contacts and companies (SPEC M9): which of them
may be the same person or company, and why (name, VAT number, e-mail, phone). The keys are the
import's (``importer``): one way of comparing everywhere."""
from . import importer


def name_tokens(name):
    key = importer.name_key(name)
    return key.split() if key else []


def similar_names(a, b):
    """Same words once accents, punctuation, case, order and legal forms are ignored, or all
    the words of the shorter name in the longer ("Ferri" ~ "Ferri Meccanica S.p.A.")."""
    ta, tb = set(name_tokens(a)), set(name_tokens(b))
    if not ta or not tb:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) == 1 and len(next(iter(short))) < 4:
        return short == long_  # "Re" is not "Re Mobili"
    return short <= long_


def search_patterns(*names):
    """ILIKE patterns that pre-select candidates in SQL: the longest word of each name."""
    patterns = []
    for name in names:
        words = sorted(name_tokens(name), key=len, reverse=True)
        if words and len(words[0]) >= 3:
            patterns.append('%%%s%%' % words[0])
    return patterns


def reasons(subject, candidate):
    """The keys ``subject`` and ``candidate`` share, among ``name``, ``vat``, ``email``,
    ``phone``. Both are dicts with ``names`` (list), ``vat``, ``email``, ``phones`` (E.164)."""
    found = []
    if any(similar_names(a, b) for a in subject.get('names', ()) if a
           for b in candidate.get('names', ()) if b):
        found.append('name')
    vat = importer.vat_key(subject.get('vat'))
    if vat and vat == importer.vat_key(candidate.get('vat')):
        found.append('vat')
    email = importer.email_key(subject.get('email'))
    if email and email == importer.email_key(candidate.get('email')):
        found.append('email')
    phones = {p for p in subject.get('phones', ()) if p}
    if phones & {p for p in candidate.get('phones', ()) if p}:
        found.append('phone')
    return found


def score(kinds):
    """Strong keys first: VAT and e-mail weigh more than a phone, a name least."""
    weights = {'vat': 8, 'email': 4, 'phone': 2, 'name': 1}
    return sum(weights[k] for k in kinds)
