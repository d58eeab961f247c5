"""Visit planning (giro visite, SPEC S9): when a pool contact is due, and consecutive visit
slots in a salesperson's day that never overlap what is already on his calendar."""
from datetime import datetime, timedelta


def next_visit_due(last_visit, frequency_days, first_due=None):
    """The date the next visit is due: ``frequency_days`` after the last visit; a contact never
    visited is due at ``first_due`` (the day it entered the pool). None when nothing is known
    or the contact needs no periodic visit (frequency 0)."""
    if last_visit:
        if not frequency_days or frequency_days <= 0:
            return None
        return last_visit + timedelta(days=frequency_days)
    return first_due


def latest_visit(current, visited):
    """The last-visit date after a visit on ``visited``: a visit registered late never moves
    the date back."""
    if current and current >= visited:
        return current
    return visited


def _hours(day, hour):
    return datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)


def plan_slots(count, day, start_hour, end_hour, duration_hours, gap_hours=0.0, busy=(),
               weekdays=(0, 1, 2, 3, 4), max_days=60):
    """``count`` consecutive visit slots of ``duration_hours``, ``gap_hours`` apart (travel),
    from ``day`` at ``start_hour``, ending by ``end_hour``; a slot that would overlap one of the
    ``busy`` (start, end) naive datetimes starts after it; a full day continues on the next
    working day (``weekdays``, Monday = 0). Returns a list of (start, end) naive datetimes.

    Raises ValueError on a day too short for one visit."""
    if duration_hours <= 0 or end_hour - start_hour < duration_hours:
        raise ValueError('the working day is shorter than one visit')
    duration, gap = timedelta(hours=duration_hours), timedelta(hours=max(gap_hours, 0.0))
    busy = sorted((b for b in busy if b[1] > b[0]), key=lambda b: b[0])
    slots = []
    current_day = day
    for _ in range(max_days):
        if current_day.weekday() in weekdays:
            cursor, day_end = _hours(current_day, start_hour), _hours(current_day, end_hour)
            while len(slots) < count and cursor + duration <= day_end:
                clash = next((b for b in busy if b[0] < cursor + duration and cursor < b[1]),
                             None)
                if clash:
                    cursor = clash[1]
                    continue
                slots.append((cursor, cursor + duration))
                cursor += duration + gap
        if len(slots) >= count:
            return slots
        current_day += timedelta(days=1)
    raise ValueError('no room for the visits in the next %d days' % max_days)
