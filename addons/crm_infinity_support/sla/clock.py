"""The SLA clock: a working-time budget that runs from a start, stops during pauses, and is met
or failed when its goal is reached or its deadline passes.

Paused time (e.g. the ticket waiting for the customer) consumes no budget: the deadline moves
on by the working time the pause covered. A pause still going on (``end`` is None) stops the
clock, so there is no deadline until it ends. All datetimes are naive UTC.
"""
from collections import namedtuple

from .calendar import from_us, hours_to_us, to_us, us_to_hours

RUNNING, PAUSED, MET, FAILED = 'running', 'paused', 'met', 'failed'

ClockState = namedtuple('ClockState', 'status deadline warn_at used_hours')


def _pause_ranges(pauses, start, until=None):
    """Pauses as sorted, merged ``(start, end)`` µs pairs clipped to ``[start, until]``.

    An open pause has ``end`` None and is returned with ``end`` None (last, absorbing the rest).
    """
    ranges = []
    for p_start, p_end in pauses:
        a = max(to_us(p_start), start)
        b = None if p_end is None else to_us(p_end)
        if until is not None:
            if a >= until:
                continue
            b = until if b is None else min(b, until)
        if b is not None and b <= a:
            continue
        ranges.append((a, b))
    ranges.sort(key=lambda r: r[0])
    merged = []
    for a, b in ranges:
        if merged and (merged[-1][1] is None or a <= merged[-1][1]):
            last_a, last_b = merged[-1]
            merged[-1] = (last_a, None if last_b is None or b is None else max(last_b, b))
        else:
            merged.append((a, b))
    return merged


def _deadline_us(calendar, start, budget, pauses):
    """Last instant at which no more than ``budget`` µs of unpaused working time has passed."""
    remaining, cursor = budget, start
    deadline = calendar.add_us(cursor, remaining)
    for p_start, p_end in pauses:
        if p_start > deadline:
            break  # the budget ran out before this pause began
        remaining -= calendar.between_us(cursor, p_start)
        if p_end is None:
            return None  # paused now: the clock stands still
        cursor = max(cursor, p_end)
        deadline = calendar.add_us(cursor, remaining)
    return deadline


def _used_us(calendar, start, at, pauses):
    if at <= start:
        return 0
    used = calendar.between_us(start, at)
    for p_start, p_end in _pause_ranges(pauses, start, at):
        used -= calendar.between_us(p_start, p_end)
    return used


def deadline(calendar, start, hours, pauses=()):
    """Deadline of a budget of ``hours`` working hours from ``start`` with ``pauses``.

    :param pauses: ``(start, end)`` naive UTC pairs, ``end`` None for a pause still going on.
    :return: naive UTC datetime, or None while an open pause stops the clock before the deadline.
    """
    start_us = to_us(start)
    result = _deadline_us(calendar, start_us, hours_to_us(hours), _pause_ranges(pauses, start_us))
    return None if result is None else from_us(result)


def warn_at(calendar, start, hours, percent, pauses=()):
    """Moment at which ``percent`` % of the budget is consumed (e.g. 80 for a pre-warning)."""
    return deadline(calendar, start, hours * percent / 100.0, pauses)


def used_hours(calendar, start, at, pauses=()):
    """Working hours consumed from ``start`` up to ``at``, paused time excluded."""
    return us_to_hours(_used_us(calendar, to_us(start), to_us(at), pauses))


def consumed(calendar, start, hours, at, pauses=()):
    """Percentage of the budget consumed at ``at`` (may exceed 100 once the deadline passed)."""
    budget = hours_to_us(hours)
    used = _used_us(calendar, to_us(start), to_us(at), pauses)
    if budget <= 0:
        return 100.0 if used >= 0 else 0.0
    return used * 100.0 / budget


def evaluate(calendar, start, hours, now, pauses=(), reached=None, warn_percent=80.0):
    """State of one SLA clock at ``now``.

    The goal is met when ``reached`` is not after the deadline; it fails once ``now`` (or
    ``reached``) is after the deadline. Pauses after ``reached`` do not count.

    :return: ``ClockState(status, deadline, warn_at, used_hours)``; ``deadline`` and ``warn_at``
        are None while an open pause stands the clock still.
    """
    start_us = to_us(start)
    stop_us = to_us(reached) if reached else to_us(now)
    ranges = _pause_ranges(pauses, start_us, stop_us if reached else None)
    budget = hours_to_us(hours)
    end_us = _deadline_us(calendar, start_us, budget, ranges)
    warn_us = _deadline_us(calendar, start_us, hours_to_us(hours * warn_percent / 100.0), ranges)
    used = us_to_hours(_used_us(calendar, start_us, stop_us, pauses))
    if reached:
        status = MET if end_us is None or stop_us <= end_us else FAILED
    elif end_us is not None and stop_us > end_us:
        status = FAILED
    elif ranges and ranges[-1][1] is None and ranges[-1][0] <= stop_us:
        status = PAUSED
    else:
        status = RUNNING
    return ClockState(status,
                      None if end_us is None else from_us(end_us),
                      None if warn_us is None else from_us(warn_us),
                      used)
