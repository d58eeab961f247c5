"""Hourly cost arithmetic of the commesse (SPEC C3), without the ORM.

Rates are dated intervals per person; a timesheet line's cost is fixed when it is logged at the
rate valid that day; a retroactive rate change is applied by restatement: adjusting lines that
carry the difference, never a rewrite of the logged line.
"""
import datetime
from collections import namedtuple

# date_to None: still valid
Rate = namedtuple('Rate', 'date_from date_to cost_rate sale_rate')
# a logged line (``effective_rate``: its booked rate plus the adjustments already made)
Line = namedtuple('Line', 'id day hours effective_rate')
Adjustment = namedtuple('Adjustment', 'line_id day hours old_rate new_rate amount')

CENT = 0.005


def _day(value):
    if not value:  # None, or Odoo's False for an empty date
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.datetime.strptime(str(value)[:10], '%Y-%m-%d').date()


def _rate(value):
    return Rate(_day(value[0]), _day(value[1]), float(value[2] or 0.0),
                float(value[3] or 0.0) if len(value) > 3 else 0.0)


def overlaps(rates):
    """Pairs of indexes of ``rates`` whose validity intervals share at least one day."""
    rates = [_rate(r) for r in rates]
    found = []
    for i, a in enumerate(rates):
        for j in range(i + 1, len(rates)):
            b = rates[j]
            a_end = a.date_to or datetime.date.max
            b_end = b.date_to or datetime.date.max
            if a.date_from <= b_end and b.date_from <= a_end:
                found.append((i, j))
    return found


def rate_at(rates, day):
    """The rate valid on ``day`` (a Rate) or None."""
    day = _day(day)
    for rate in map(_rate, rates):
        if rate.date_from <= day and (rate.date_to is None or day <= rate.date_to):
            return rate
    return None


def line_cost(hours, rate):
    """What a line of ``hours`` costs at ``rate``, as the analytic amount (a cost is negative)."""
    return -round(float(hours or 0.0) * float(rate or 0.0), 2)


def restatement(lines, rates_by_user):
    """The adjustments that bring logged lines to the rates valid on their day.

    ``lines``: {user_id: [Line or (id, day, hours, effective_rate)]}; ``rates_by_user``:
    {user_id: [Rate or tuple]}. A line whose day has no rate any more is left alone (a rate
    removed is not a rate of zero). Returns a list of Adjustment, ``amount`` being the analytic
    amount of the adjusting line (negative: more cost).
    """
    result = []
    for user_id, user_lines in lines.items():
        rates = rates_by_user.get(user_id) or []
        for line in user_lines:
            line = Line(line[0], _day(line[1]), float(line[2] or 0.0), float(line[3] or 0.0))
            rate = rate_at(rates, line.day)
            if rate is None or not line.hours:
                continue
            delta = rate.cost_rate - line.effective_rate
            amount = line_cost(line.hours, delta)
            if abs(amount) < CENT:
                continue
            result.append(Adjustment(line.id, line.day, line.hours, line.effective_rate,
                                     rate.cost_rate, amount))
    return result


def margin(quoted, actual):
    """(margin, margin % of the quoted amount) — the % is None without a quote."""
    quoted, actual = float(quoted or 0.0), float(actual or 0.0)
    value = round(quoted - actual, 2)
    return value, (round(100.0 * value / quoted, 2) if quoted else None)


def consumption(actual, budget):
    """Percent of the budget consumed (0 without a budget)."""
    budget = float(budget or 0.0)
    return round(100.0 * float(actual or 0.0) / budget, 2) if budget > 0 else 0.0


def crossing(was_over, consumed, threshold=100.0):
    """'over' when the consumption goes past the threshold, 'back' when it returns under it,
    None when nothing changed: the over-budget warning is given once per crossing."""
    over = consumed > threshold
    if over and not was_over:
        return 'over'
    if was_over and not over:
        return 'back'
    return None
