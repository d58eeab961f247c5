"""A dynamic list's saved domain, checked before use: an empty or unreadable domain is an error,
never "everybody" (OCA's mass_mailing_list_dynamic mailed the whole database on a failed sync)."""
import ast

OPERATORS = {'=', '!=', '<=', '<', '>', '>=', '=?', '=like', '=ilike', 'like', 'not like',
             'ilike', 'not ilike', 'in', 'not in', 'child_of', 'parent_of'}
LOGIC = {'&', '|', '!'}


class DomainError(ValueError):
    """The domain cannot be used; ``code`` says why: ``empty``, ``syntax``, ``shape``."""

    def __init__(self, code, detail=''):
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


def parse_domain(text, evaluate=ast.literal_eval):
    """The domain saved as text (Odoo's domain editor writes a Python literal) as a list of
    leaves and operators. Raises DomainError when it is empty, cannot be evaluated, or is not
    a domain: a dynamic list must say whom it selects. ``evaluate`` turns the text into a value
    (default: literals only; the model passes Odoo's safe_eval with dates and the user)."""
    if not text or not text.strip():
        raise DomainError('empty')
    try:
        domain = evaluate(text.strip())
    except Exception as exc:  # noqa: BLE001 - any failure of the evaluation is a bad domain
        raise DomainError('syntax', str(exc))
    if isinstance(domain, tuple):
        domain = list(domain)
    if not isinstance(domain, list):
        raise DomainError('shape', repr(domain))
    leaves = 0
    result = []
    for item in domain:
        if isinstance(item, str) and item in LOGIC:
            result.append(item)
            continue
        if not isinstance(item, (list, tuple)) or len(item) != 3:
            raise DomainError('shape', repr(item))
        left, operator, right = item
        if left in (0, 1) and operator == '=' and right in (0, 1):
            # Odoo's TRUE_LEAF / FALSE_LEAF: they select everything or nothing, not a filter
            if left == right:
                raise DomainError('empty')
            result.append(tuple(item))
            continue
        if not isinstance(left, str) or not left or str(operator).lower() not in OPERATORS:
            raise DomainError('shape', repr(item))
        result.append((left, operator, right))
        leaves += 1
    if not leaves:
        raise DomainError('empty')
    return result
