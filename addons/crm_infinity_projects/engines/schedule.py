"""Scheduling of the activities of a commessa: finish-to-start dependencies, critical path
(CPM), slack, and the rows, bars and scale of the Gantt (SPEC C6).

Framework-free: plain dates and dicts in, plain dates and dicts out. The Odoo model
(``models/crm_infinity_gantt.py``) reads the activities, calls these functions and returns the
result to the web client and to the PDF report, so that the screen and the print always show
the same figures.

Conventions
-----------
* Durations are counted in whole days, **both ends included**: an activity planned from Monday
  to Wednesday lasts 3 days. With ``working_days`` on, Saturdays, Sundays and the given
  holidays do not count and an activity cannot start or end on them.
* Finish-to-start: a successor starts at the earliest the (working) day after its
  predecessor's earliest finish.
* Forward pass: ``ES = max(planned start, day after the EF of every predecessor)``, so the
  planned start is a "start no earlier than" constraint (a plan never starts before it says).
* Backward pass: ``LF = min(day before the LS of every successor)``, the project finish (the
  largest EF) for the activities nobody depends on; ``slack = LS - ES`` in (working) days;
  critical when the slack is 0.
"""
import bisect
import datetime
from collections import defaultdict

ZOOMS = ('day', 'week', 'month', 'quarter')


class ScheduleError(ValueError):
    """Raised for plans that cannot be scheduled; ``cycle`` holds the ids of a dependency cycle
    (first id repeated at the end) when that is the reason."""

    def __init__(self, message, cycle=None):
        super().__init__(message)
        self.cycle = cycle or []


class DayCalendar:
    """Maps dates to consecutive day numbers, skipping weekends and holidays when asked to."""

    _EPOCH = datetime.date(2000, 1, 3)  # a Monday

    def __init__(self, working_days=False, holidays=()):
        self.working_days = working_days
        self._holidays = sorted({d for d in holidays if d.weekday() < 5}) if working_days else []

    def is_working(self, day):
        if not self.working_days:
            return True
        return day.weekday() < 5 and not self._is_holiday(day)

    def _is_holiday(self, day):
        i = bisect.bisect_left(self._holidays, day)
        return i < len(self._holidays) and self._holidays[i] == day

    def next_working(self, day):
        """The day itself when it is a working day, otherwise the next working day."""
        while not self.is_working(day):
            day += datetime.timedelta(days=1)
        return day

    def previous_working(self, day):
        while not self.is_working(day):
            day -= datetime.timedelta(days=1)
        return day

    def to_index(self, day):
        """Day number of ``day`` (a non-working day gets the number of the next working day)."""
        if not self.working_days:
            return (day - self._EPOCH).days
        day = self.next_working(day)
        return self._weekday_index(day) - bisect.bisect_left(self._holidays, day)

    def from_index(self, index):
        if not self.working_days:
            return self._EPOCH + datetime.timedelta(days=index)
        # weekday arithmetic first, then move forward by what the holidays met on the way cost
        # (each weekday step adds at most one to the number, so this never overshoots)
        day = self._weekday_from_index(index)
        while True:
            reached = self.to_index(day)
            if reached == index:
                return self.next_working(day)
            day = self._weekday_from_index(
                self._weekday_index(self.next_working(day)) + index - reached)

    def _weekday_index(self, day):
        days = (day - self._EPOCH).days
        weeks, rest = divmod(days, 7)
        return weeks * 5 + min(rest, 5)

    def _weekday_from_index(self, index):
        weeks, rest = divmod(index, 5)
        return self._EPOCH + datetime.timedelta(days=weeks * 7 + rest)

    def duration(self, start, end):
        """Days from ``start`` to ``end``, both included (at least 1)."""
        return max(self.to_index(end) - self.to_index(start) + 1, 1)


def topological_order(ids, depends_on):
    """Ids ordered so that each comes after everything it depends on.

    ``depends_on`` maps an id to the ids it waits for; dependencies on ids outside ``ids`` are
    ignored (an activity of another commessa, or one the reader may not see). Raises
    :class:`ScheduleError` naming a cycle.
    """
    known = set(ids)
    preds = {i: [p for p in depends_on.get(i, ()) if p in known and p != i] for i in ids}
    self_loops = [i for i in ids if i in depends_on.get(i, ())]
    if self_loops:
        raise ScheduleError('cycle', cycle=[self_loops[0], self_loops[0]])
    succs = defaultdict(list)
    missing = {}
    for i in ids:
        missing[i] = len(preds[i])
        for p in preds[i]:
            succs[p].append(i)
    ready = [i for i in ids if not missing[i]]
    order = []
    while ready:
        i = ready.pop()
        order.append(i)
        for s in succs[i]:
            missing[s] -= 1
            if not missing[s]:
                ready.append(s)
    if len(order) < len(known):
        raise ScheduleError('cycle', cycle=find_cycle([i for i in ids if missing[i]], preds))
    return order


def find_cycle(candidates, preds):
    """One dependency cycle among ``candidates`` (ids left after a topological sort): walk the
    predecessors, which all stay among the candidates, until an id comes back."""
    left = set(candidates)
    start = candidates[0]
    path, seen = [], {}
    node = start
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = next(p for p in preds[node] if p in left)
    cycle = path[seen[node]:] + [node]
    cycle.reverse()  # read as "a waits for b waits for c ... waits for a" reversed: a -> b order
    return cycle


def critical_path(tasks, working_days=False, holidays=()):
    """Earliest/latest start and finish, slack and critical flag of each activity.

    ``tasks``: iterable of dicts ``{'id', 'start': date, 'end': date, 'depends_on': [ids]}``
    (an end before the start is taken as the start). Returns ``{id: {'early_start',
    'early_finish', 'late_start', 'late_finish' (dates), 'slack' (days), 'critical' (bool)}}``
    and raises :class:`ScheduleError` on a cycle.
    """
    cal = DayCalendar(working_days, holidays)
    tasks = list(tasks)
    if not tasks:
        return {}
    by_id = {t['id']: t for t in tasks}
    ids = list(by_id)
    depends_on = {t['id']: list(t.get('depends_on') or ()) for t in tasks}
    order = topological_order(ids, depends_on)
    start_ix, dur = {}, {}
    for t in tasks:
        start_ix[t['id']] = cal.to_index(t['start'])
        end = t['end'] if t['end'] and t['end'] >= t['start'] else t['start']
        dur[t['id']] = cal.duration(t['start'], end)
    preds = {i: [p for p in depends_on[i] if p in by_id and p != i] for i in ids}
    succs = defaultdict(list)
    for i in ids:
        for p in preds[i]:
            succs[p].append(i)

    es, ef = {}, {}
    for i in order:
        es[i] = max([start_ix[i]] + [ef[p] + 1 for p in preds[i]])
        ef[i] = es[i] + dur[i] - 1
    finish = max(ef.values())
    ls, lf = {}, {}
    for i in reversed(order):
        lf[i] = min([finish] + [ls[s] - 1 for s in succs[i]])
        ls[i] = lf[i] - dur[i] + 1
    out = {}
    for i in ids:
        slack = ls[i] - es[i]
        out[i] = {
            'early_start': cal.from_index(es[i]),
            'early_finish': cal.from_index(ef[i]),
            'late_start': cal.from_index(ls[i]),
            'late_finish': cal.from_index(lf[i]),
            'slack': slack,
            'critical': slack == 0,
        }
    return out


def critical_chain(tasks, schedule):
    """The critical activities in order along the dependencies, for display and tests: from a
    critical activity with no critical predecessor, follow critical successors that start the
    day after (there may be several chains; each is listed once, in the order of ``tasks``)."""
    crit = [t['id'] for t in tasks if schedule[t['id']]['critical']]
    crit_set = set(crit)
    preds = {t['id']: [p for p in (t.get('depends_on') or ()) if p in crit_set] for t in tasks}
    succs = defaultdict(list)
    for i in crit:
        for p in preds[i]:
            succs[p].append(i)
    chains = []
    for head in crit:
        if preds[head]:
            continue
        chain = [head]
        while succs[chain[-1]]:
            chain.append(succs[chain[-1]][0])
        chains.append(chain)
    return chains


def group_rows(activities, unassigned_label):
    """Rows of the Gantt of one commessa: one row per assignee, in the order of their names,
    with every activity on the row of each of its assignees (an activity with two people
    appears twice), plus a last row for activities nobody is on.

    ``activities``: dicts with ``'id'`` and ``'assignees'`` (list of ``(user_id, name)``), in the
    order the bars must have within a row. Returns a list of ``{'key', 'label',
    'activity_ids'}``.
    """
    rows = {}
    orphans = []
    for act in activities:
        people = act.get('assignees') or []
        if not people:
            orphans.append(act['id'])
        for user_id, name in people:
            row = rows.setdefault(user_id, {'key': 'user-%s' % user_id, 'label': name,
                                            'activity_ids': []})
            if act['id'] not in row['activity_ids']:
                row['activity_ids'].append(act['id'])
    result = sorted(rows.values(), key=lambda r: ((r['label'] or '').lower(), r['key']))
    if orphans:
        result.append({'key': 'user-none', 'label': unassigned_label, 'activity_ids': orphans})
    return result


def _month_start(day):
    return day.replace(day=1)


def _add_months(day, months):
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def scale(date_from, date_to, zoom):
    """Columns of the time axis between two dates (both included), clipped to that range — no
    padding with empty months or weeks.

    Returns a list of ``{'start': date, 'end': date (included), 'days': n}``: one per day,
    ISO week (Monday-Sunday), month or quarter. The first and last columns are cut at the
    range's ends.
    """
    if zoom not in ZOOMS:
        raise ValueError(zoom)
    if date_to < date_from:
        date_from, date_to = date_to, date_from
    cols = []
    day = date_from
    one = datetime.timedelta(days=1)
    while day <= date_to:
        if zoom == 'day':
            nxt = day + one
        elif zoom == 'week':
            nxt = day + datetime.timedelta(days=7 - day.weekday())
        elif zoom == 'month':
            nxt = _add_months(_month_start(day), 1)
        else:
            q_first = datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
            nxt = _add_months(q_first, 3)
        end = min(nxt - one, date_to)
        cols.append({'start': day, 'end': end, 'days': (end - day).days + 1})
        day = nxt
    return cols


def clip_bar(start, end, date_from, date_to):
    """The part of a bar inside the range, as ``(offset_days, length_days)`` from
    ``date_from``, or None when the bar is outside it. Dates both included."""
    if not start:
        return None
    end = end if end and end >= start else start
    if end < date_from or start > date_to:
        return None
    s = max(start, date_from)
    e = min(end, date_to)
    return (s - date_from).days, (e - s).days + 1
