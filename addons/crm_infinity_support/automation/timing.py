"""When a scheduled rule is due, and which "state" of a ticket it acts on at most once."""
from datetime import datetime, timedelta

UNITS = ('hours', 'days')


def threshold(now, delay, unit):
    """The latest status-change time of a ticket on which a rule waiting ``delay`` ``unit``
    is due at ``now``: tickets whose status changed at or before it are due."""
    if unit not in UNITS:
        raise ValueError('unknown unit %r' % (unit,))
    if delay < 0:
        raise ValueError('a delay cannot be negative')
    return now - timedelta(**{unit: delay})


def state_key(stage_id, date_last_stage_update):
    """Identify one stay of a ticket in a status: the status and the time it was entered.
    Leaving and re-entering the same status gives a new key, so the rule may act again."""
    if isinstance(date_last_stage_update, datetime):
        date_last_stage_update = date_last_stage_update.strftime('%Y-%m-%d %H:%M:%S')
    return '%s@%s' % (stage_id or 0, date_last_stage_update or '')
