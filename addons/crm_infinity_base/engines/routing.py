"""Routing rules (regole di smistamento, SPEC S3 and T5): which rule fires for a record, why,
and which member of a pool gets it.

Plain values only. A record is described by a dict of *facts* built by the model in one batch
(``zip``, ``country_id``, ``state_id``, ``product_ids``, ``category_ids`` (the category and its
ancestors), ``value``, ``source_id``, ``campaign_id``, ``partner_id``, ``priority``, ``text``...;
``id`` is the record id and ``fields`` the raw column values a domain condition reads). A rule
is an ordered list of conditions, all of which must hold; rules are tried in sequence and the
first matching rule wins, unless it says ``stop=False`` ("continue"): then the following rules
are tried too and every matching one applies.

Every condition can say why it holds or not: a ``Reason`` (message code, outcome, JSON-able
parameters) that ``render_reason`` turns into a sentence in the reader's language ("CAP 37121
non è nell'intervallo 20100-20199"). Explanations are stored as reasons, not sentences, so that
each reader sees them in his own language.
"""
import re
import unicodedata
from collections import namedtuple
from functools import lru_cache


def _(text):
    """Mark a message for translation (Odoo's extractor collects it); the adapter translates it
    when rendering, in the reader's language."""
    return text


Rule = namedtuple('Rule', 'id name conditions stop')
Reason = namedtuple('Reason', 'code ok params')
Explanation = namedtuple('Explanation', 'rule_id name matched fired reasons')

MESSAGES = {
    'always': _('The rule has no condition: it matches every record'),
    'ids_ok': _('%(label)s: %(hit)s is among %(wanted)s'),
    'ids_ko': _('%(label)s: %(value)s is not among %(wanted)s'),
    'ids_missing': _('%(label)s is not set (wanted: %(wanted)s)'),
    'zip_ok': _('ZIP %(zip)s is in the range %(ranges)s'),
    'zip_ko': _('ZIP %(zip)s is not in the range %(ranges)s'),
    'zip_missing': _('The ZIP is not set (wanted: %(ranges)s)'),
    'value_ok': _('Value %(value)s is within %(bounds)s'),
    'value_low': _('Value %(value)s is below the minimum %(min)s'),
    'value_high': _('Value %(value)s is above the maximum %(max)s'),
    'value_missing': _('The value is not set (wanted: %(bounds)s)'),
    'keywords_ok': _('The text contains the keyword "%(found)s"'),
    'keywords_ko': _('The text contains none of the keywords %(words)s'),
    'domain_ok': _('The record matches the condition %(domain)s'),
    'domain_ko': _('The record does not match the condition %(domain)s'),
}


class Context:
    """What a batch knows besides the facts: per rule, the ids matching a domain that had to be
    searched in the database (``domain_ids``)."""

    def __init__(self, domain_ids=None):
        self.domain_ids = domain_ids or {}


# -- conditions ---------------------------------------------------------------------------------

class Condition:
    fact = None

    def matches(self, facts, context):
        raise NotImplementedError

    def explain(self, facts, context):
        raise NotImplementedError


def _as_ids(value):
    if value is None or value is False:
        return ()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [v for v in value if v]
    return (value,)


class AnyOf(Condition):
    """The fact (an id, or a collection of ids such as products or a category and its ancestors)
    is, or contains, one of ``ids``."""

    def __init__(self, fact, ids):
        self.fact = fact
        self.ids = frozenset(ids)

    def matches(self, facts, context):
        value = facts.get(self.fact)
        if isinstance(value, (list, tuple, set, frozenset)):
            return not self.ids.isdisjoint(value)
        return value in self.ids

    def explain(self, facts, context):
        values = _as_ids(facts.get(self.fact))
        params = {'fact': self.fact, 'value': list(values), 'wanted': sorted(self.ids)}
        hit = [v for v in values if v in self.ids]
        if hit:
            return Reason('ids_ok', True, dict(params, hit=hit))
        return Reason('ids_ko' if values else 'ids_missing', False, params)


def normalize_zip(text):
    return re.sub(r'\s+', '', str(text or '')).upper()


def parse_zip_ranges(text):
    """``"20100-20199, 00100; 37*"`` -> a tuple of (low, high) pairs of equal-length codes, or
    (prefix, None) for ``37*``. Raises ValueError naming the part that is not understood."""
    ranges = []
    for part in re.split(r'[,;\n]+', text or ''):
        part = normalize_zip(part)
        if not part:
            continue
        if part.endswith('*'):
            prefix = part[:-1]
            if not prefix or not prefix.isalnum():
                raise ValueError(part)
            ranges.append((prefix, None))
            continue
        low, sep, high = part.partition('-')
        high = high if sep else low
        if not low.isalnum() or not high.isalnum() or len(low) != len(high) or low > high:
            raise ValueError(part)
        ranges.append((low, high))
    return tuple(ranges)


def zip_in_ranges(code, ranges):
    code = normalize_zip(code)
    if not code:
        return False
    for low, high in ranges:
        if high is None:
            if code.startswith(low):
                return True
        elif len(code) == len(low) and low <= code <= high:
            return True
    return False


class ZipIn(Condition):
    """The postal code (CAP) is in one of the ranges: "20100-20199, 00100, 37*"."""

    def __init__(self, text, fact='zip'):
        self.fact = fact
        self.text = text
        self.ranges = parse_zip_ranges(text)

    def matches(self, facts, context):
        return zip_in_ranges(facts.get(self.fact), self.ranges)

    def explain(self, facts, context):
        code = normalize_zip(facts.get(self.fact))
        params = {'zip': code, 'ranges': ', '.join(self.text_parts())}
        if not code:
            return Reason('zip_missing', False, params)
        ok = zip_in_ranges(code, self.ranges)
        return Reason('zip_ok' if ok else 'zip_ko', ok, params)

    def text_parts(self):
        return [low + '*' if high is None else (low if low == high else '%s-%s' % (low, high))
                for low, high in self.ranges]


class Between(Condition):
    """``minimum <= value <= maximum``; either bound may be None (open)."""

    def __init__(self, minimum=None, maximum=None, fact='value'):
        self.fact = fact
        self.minimum = minimum
        self.maximum = maximum

    def matches(self, facts, context):
        value = facts.get(self.fact)
        if value is None or value is False:
            return False
        return (self.minimum is None or value >= self.minimum) and \
            (self.maximum is None or value <= self.maximum)

    def explain(self, facts, context):
        value = facts.get(self.fact)
        params = {'value': value, 'min': self.minimum, 'max': self.maximum}
        if value is None or value is False:
            return Reason('value_missing', False, params)
        if self.minimum is not None and value < self.minimum:
            return Reason('value_low', False, params)
        if self.maximum is not None and value > self.maximum:
            return Reason('value_high', False, params)
        return Reason('value_ok', True, params)


@lru_cache(maxsize=1024)
def normalize_text(text):
    """Lower case, no accents, words separated by one space and padded with spaces, so that a
    whole word or phrase is found as ``' %s ' % phrase in normalize_text(text)``."""
    text = unicodedata.normalize('NFKD', str(text or ''))
    text = ''.join(c for c in text if not unicodedata.combining(c)).casefold()
    return ' %s ' % ' '.join(re.findall(r'[^\W_]+', text))


def parse_keywords(text):
    """``"guasto, non funziona; errore"`` -> normalized keywords (phrases kept whole)."""
    words = []
    for part in re.split(r'[,;\n]+', text or ''):
        word = normalize_text(part).strip()
        if word and word not in words:
            words.append(word)
    return tuple(words)


class Keywords(Condition):
    """The text contains one of the keywords as a whole word or phrase, whatever the case and
    accents ("perché" finds "PERCHE", "rete" does not find "internet")."""

    def __init__(self, text, fact='text'):
        self.fact = fact
        self.text = text
        self.words = parse_keywords(text)

    def _found(self, facts):
        text = normalize_text(facts.get(self.fact) or '')
        for word in self.words:
            if ' %s ' % word in text:
                return word
        return None

    def matches(self, facts, context):
        return self._found(facts) is not None

    def explain(self, facts, context):
        found = self._found(facts)
        params = {'found': found, 'words': ', '.join(self.words)}
        return Reason('keywords_ok' if found else 'keywords_ko', bool(found), params)


class DomainMatch(Condition):
    """The record matches a domain: evaluated in Python on ``facts['fields']`` when the domain
    is simple enough (``predicate``), else looked up in the ids a batch search found
    (``context.domain_ids[key]``)."""

    def __init__(self, key, text, predicate=None):
        self.key = key
        self.text = text
        self.predicate = predicate

    def matches(self, facts, context):
        if self.predicate is not None:
            return self.predicate(facts.get('fields') or {})
        return facts.get('id') in context.domain_ids.get(self.key, ())

    def explain(self, facts, context):
        ok = self.matches(facts, context)
        return Reason('domain_ok' if ok else 'domain_ko', ok, {'domain': self.text})


# -- rules --------------------------------------------------------------------------------------

def matching_rules(rules, facts, context=None):
    """The rules that apply to one record: the first matching one, and the following matching
    ones as long as each matching rule says continue (``stop`` false)."""
    context = context or Context()
    fired = []
    for rule in rules:
        if all(c.matches(facts, context) for c in rule.conditions):
            fired.append(rule)
            if rule.stop:
                break
    return fired


def route(rules, facts_by_id, context=None):
    """``{record id: [rules that apply]}`` for a batch (see ``matching_rules``)."""
    context = context or Context()
    return {rid: matching_rules(rules, facts, context) for rid, facts in facts_by_id.items()}


def explain(rules, facts, context=None):
    """Every rule with every condition's reason: matched (all conditions hold) and fired
    (matched and not preceded by a matching rule that stops)."""
    context = context or Context()
    result, stopped = [], False
    for rule in rules:
        reasons = [c.explain(facts, context) for c in rule.conditions] or \
            [Reason('always', True, {})]
        matched = all(r.ok for r in reasons)
        result.append(Explanation(rule.id, rule.name, matched, matched and not stopped, reasons))
        if matched and rule.stop:
            stopped = True
    return result


def _number(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def render_reason(reason, translate=lambda text: text, name=lambda fact, rid: str(rid),
                  label=lambda fact: fact):
    """One reason as a sentence. ``translate(message)`` gives the reader's language,
    ``name(fact, id)`` the display name of an id, ``label(fact)`` the name of a fact."""
    code, params = reason[0], dict(reason[2])
    if code.startswith('ids'):
        fact = params['fact']
        names = lambda ids: ', '.join(name(fact, i) for i in ids)  # noqa: E731
        params = {'label': label(fact), 'value': names(params.get('value', [])),
                  'wanted': names(params.get('wanted', [])), 'hit': names(params.get('hit', []))}
    elif code.startswith('value'):
        low, high = params.get('min'), params.get('max')
        bounds = '%s - %s' % ('' if low is None else _number(low), '' if high is None else _number(high))
        params = {'value': _number(params.get('value')), 'bounds': bounds.strip(),
                  'min': _number(low), 'max': _number(high)}
    return translate(MESSAGES[code]) % params


# -- pools --------------------------------------------------------------------------------------

def round_robin(members, pointer, count=1):
    """Give ``count`` records in turn to ``members`` (active users, any order): the member after
    ``pointer`` (the last one served) in id order comes next, so that turns survive members
    joining and leaving. Returns (chosen members in order, new pointer)."""
    ordered = sorted(set(members))
    if not ordered:
        return [], pointer
    start = 0
    if pointer is not None:
        start = next((i for i, m in enumerate(ordered) if m > pointer), 0)
    chosen = [ordered[(start + i) % len(ordered)] for i in range(count)]
    return chosen, (chosen[-1] if chosen else pointer)


def least_loaded(members, loads, count=1):
    """Give ``count`` records one at a time to the member with the fewest open records
    (``loads``: {member: open records}; ties go to the lowest id), counting each record given.
    Returns (chosen members in order, updated loads)."""
    loads = {m: loads.get(m, 0) for m in set(members)}
    chosen = []
    if not loads:
        return chosen, loads
    for _i in range(count):
        member = min(loads, key=lambda m: (loads[m], m))
        loads[member] += 1
        chosen.append(member)
    return chosen, loads


# -- domains evaluated in Python ----------------------------------------------------------------

class Unsupported(ValueError):
    """The domain needs the database (related paths, name searches, patterns, one2many...)."""


SCALAR_TYPES = {'char', 'text', 'selection', 'integer', 'float', 'monetary', 'boolean', 'date',
                'datetime', 'many2one', 'id'}
TRUE_LEAF, FALSE_LEAF = (1, '=', 1), (0, '=', 1)
_ARITY = {'!': 1, '&': 2, '|': 2}


def normalize_domain(domain):
    """Prefix notation with the implicit '&' made explicit (as Odoo's expression module)."""
    if not domain:
        return [TRUE_LEAF]
    result, expected = [], 1
    for token in domain:
        if expected == 0:
            result.insert(0, '&')
            expected = 1
        if isinstance(token, (list, tuple)):
            expected -= 1
        elif token in _ARITY:
            expected += _ARITY[token] - 1
        else:
            raise Unsupported('operator %r' % (token,))
        result.append(token)
    if expected != 0:
        raise Unsupported('unbalanced domain')
    return result


def compile_domain(domain, field_types):
    """A predicate ``f(values) -> bool`` that gives the same answer as Odoo's SQL for records
    whose column values are ``values`` ({field: value as stored, None for NULL; many2many: list of
    ids}), and the set of fields it reads. Raises Unsupported for what only SQL can answer.

    ``field_types``: {field name: Odoo type} of the stored, untranslated fields of the model.
    """
    tokens = normalize_domain(list(domain))
    position = [0]
    needed = set()

    def parse():
        token = tokens[position[0]]
        position[0] += 1
        if token == '!':
            inner = parse()
            return lambda values: not inner(values)
        if token in ('&', '|'):
            left, right = parse(), parse()
            if token == '&':
                return lambda values: left(values) and right(values)
            return lambda values: left(values) or right(values)
        return _leaf(tuple(token), field_types, needed)

    predicate = parse()
    return predicate, needed


def _check_value(ftype, value):
    if isinstance(value, bool) or value is None:
        return
    if ftype in ('integer', 'float', 'monetary', 'many2one', 'many2many', 'id'):
        ok = isinstance(value, (int, float))
    elif ftype == 'boolean':
        ok = False
    else:
        ok = isinstance(value, str)
    if not ok:
        raise Unsupported('value %r for a %s field' % (value, ftype))


def _leaf(leaf, field_types, needed):
    if leaf == TRUE_LEAF:
        return lambda values: True
    if leaf == FALSE_LEAF:
        return lambda values: False
    if len(leaf) != 3:
        raise Unsupported('leaf %r' % (leaf,))
    name, op, right = leaf
    op = {'<>': '!=', '==': '='}.get(op, op)
    ftype = field_types.get(name)
    if ftype is None or not isinstance(name, str):
        raise Unsupported('field %r' % (name,))
    if ftype == 'many2many':
        return _m2m_leaf(name, op, right, needed)
    if ftype not in SCALAR_TYPES:
        raise Unsupported('field type %s' % ftype)
    needed.add(name)
    if op in ('in', 'not in'):
        if not isinstance(right, (list, tuple)):
            raise Unsupported('in with %r' % (right,))
        params = [v for v in right if v is not False and v is not None]
        for value in params:
            _check_value(ftype, value)
        check_null = len(params) < len(right)
        params = frozenset(params)
        if op == 'in':
            return lambda v: (v.get(name) is not None and v.get(name) in params) or \
                (check_null and v.get(name) is None)
        if check_null:
            return lambda v: v.get(name) is not None and v.get(name) not in params
        return lambda v: v.get(name) is None or v.get(name) not in params
    if op == '=?':
        if right is False or right is None:
            return lambda v: True
        op = '='
    if ftype == 'boolean' and ((op == '=' and right is False) or (op == '!=' and right is True)):
        return lambda v: not v.get(name)
    if (right is False or right is None) and op == '=':
        return lambda v: v.get(name) is None
    if ftype == 'boolean' and ((op == '=' and right is True) or (op == '!=' and right is False)):
        return lambda v: v.get(name) is True
    if (right is False or right is None) and op == '!=':
        return lambda v: v.get(name) is not None
    if op in ('like', 'ilike', 'not like', 'not ilike'):
        if not isinstance(right, str) or any(c in right for c in '%_\\') or \
                ftype not in ('char', 'text', 'selection'):
            raise Unsupported('pattern %r' % (right,))
        fold = (lambda s: s.lower()) if 'ilike' in op else (lambda s: s)
        needle, negative = fold(right), op.startswith('not')

        def like(v):
            value = v.get(name)
            if value is None:
                return not needle  # Odoo adds "OR column IS NULL" to an empty pattern
            return (needle in fold(value)) != negative
        return like
    compare = {'=': lambda a, b: a == b, '!=': lambda a, b: a != b, '<': lambda a, b: a < b,
               '>': lambda a, b: a > b, '<=': lambda a, b: a <= b, '>=': lambda a, b: a >= b}.get(op)
    if compare is None or isinstance(right, bool):
        raise Unsupported('operator %r' % (op,))
    _check_value(ftype, right)
    if ftype in ('char', 'text', 'selection') and op not in ('=', '!='):
        raise Unsupported('ordering of text follows the database collation')
    if ftype in ('date', 'datetime') and len(right) != (10 if ftype == 'date' else 19):
        raise Unsupported('partial date %r' % (right,))

    def scalar(v):
        value = v.get(name)
        return value is not None and compare(value, right)
    return scalar


def _m2m_leaf(name, op, right, needed):
    if op in ('=', 'in') or op in ('!=', 'not in'):
        ids = right if isinstance(right, (list, tuple)) else [right]
        if not ids or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise Unsupported('many2many %s %r' % (op, right))
        ids = frozenset(ids)
        needed.add(name)
        if op in ('=', 'in'):
            return lambda v: not ids.isdisjoint(v.get(name) or ())
        return lambda v: ids.isdisjoint(v.get(name) or ())
    raise Unsupported('many2many operator %r' % (op,))
