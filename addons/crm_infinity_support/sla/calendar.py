"""Working-time arithmetic on a weekly working calendar with holidays and leaves.

Every datetime going in or out is **naive UTC**, as Odoo stores them. The weekly attendances and
the holidays are expressed in the calendar's local time zone (an IANA name, e.g.
``Europe/Rome``), so a 9:00 start is 8:00 UTC in winter and 7:00 UTC in summer.

Working time is measured in microseconds internally (a ``timedelta``'s resolution), which keeps
the arithmetic exact: ``working_time_between(c, s, add_working_time(c, s, h)) == h`` to the
microsecond.

How it is fast
--------------
The calendar unrolls its working intervals, in UTC, over a range of days once, together with
the cumulative working time before each interval (a prefix sum). The working time elapsed up
to an instant ``t`` is then ``W(t)`` = one ``bisect`` on the interval starts, and the deadline
of a budget ``h`` from ``s`` is the instant where ``W`` reaches ``W(s) + h`` = one ``bisect`` on
the prefix sums. The table grows on demand and is shared by every ticket of the calendar, so a
batch of 100,000 tickets costs two bisects each instead of a day-by-day walk.

Deadline convention (the one of Odoo's ``resource.calendar.plan_hours``)
------------------------------------------------------------------------
A deadline is the *last* instant at which no more than the budget has been consumed. When a
budget runs out exactly at the end of a working interval (13:00, lunch break until 14:00) the
deadline is the start of the next working interval (14:00): no working time passes in between,
so an answer at 13:30 consumed exactly the budget and is on time. A deadline therefore always
falls inside working hours, never at a closing time.
"""
import bisect
import datetime as dt
import threading
from collections import namedtuple
from zoneinfo import ZoneInfo

EPOCH = dt.datetime(1970, 1, 1)
ONE_US = dt.timedelta(microseconds=1)
HOUR_US = 3600 * 10 ** 6
_UTC = dt.timezone.utc
_NO_DST = dt.timedelta(0)
_MARGIN_DAYS = 7  # extra days unrolled before the first instant asked for
_CHUNK_DAYS = 366  # days unrolled at a time when the table grows forward
_HORIZON_DAYS = 366 * 30  # past this without any working time the budget cannot be planned


class NoWorkingTime(ValueError):
    """The calendar has no working time left to plan the requested budget in."""


Attendance = namedtuple('Attendance', 'weekday hour_from hour_to date_from date_to')
Attendance.__new__.__defaults__ = (None, None)


def to_us(value):
    """Naive UTC datetime -> integer microseconds since the epoch."""
    return (value - EPOCH) // ONE_US


def from_us(value, _timedelta=dt.timedelta):
    """Integer microseconds since the epoch -> naive UTC datetime."""
    return EPOCH + _timedelta(0, 0, value)


def hours_to_us(hours, _cache={}):
    """Hours (float) -> microseconds, rounded like ``timedelta(hours=...)`` (as Odoo does)."""
    try:
        return _cache[hours]
    except KeyError:
        if len(_cache) > 10000:
            _cache.clear()
        result = _cache[hours] = dt.timedelta(hours=hours) // ONE_US
        return result


def us_to_hours(value):
    return value / HOUR_US


def float_to_time(hour):
    """Odoo's ``float_to_time``: 8.5 -> 08:30, 24.0 -> 23:59:59.999999 (minutes rounded)."""
    if hour >= 24.0:
        return dt.time.max
    whole = int(hour)
    minutes = int((hour - whole) * 60 + 0.5)
    if minutes >= 60:
        return dt.time.max if whole >= 23 else dt.time(whole + 1, 0)
    return dt.time(whole, minutes)


def local_to_utc(tz, local):
    """Naive local time in ``tz`` -> naive UTC.

    Like Odoo's ``tz.localize(..., is_dst=False)``: an ambiguous time (the repeated hour when
    clocks go back) is read as standard time, a non-existent one (the skipped hour) with the
    offset in force before the jump.
    """
    if isinstance(tz, str):
        tz = ZoneInfo(tz)
    aware = local.replace(tzinfo=tz)
    if aware.dst() != _NO_DST:
        other = local.replace(tzinfo=tz, fold=1)
        if other.dst() == _NO_DST and other.utcoffset() != aware.utcoffset():
            aware = other
    return aware.astimezone(_UTC).replace(tzinfo=None)


def utc_to_local(tz, utc):
    """Naive UTC -> naive local time in ``tz``."""
    if isinstance(tz, str):
        tz = ZoneInfo(tz)
    return utc.replace(tzinfo=_UTC).astimezone(tz).replace(tzinfo=None)


def merge_ranges(ranges):
    """Sort ``(start, end)`` pairs and merge the overlapping or touching ones."""
    merged = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


class WorkingCalendar:
    """A weekly working calendar in a time zone, with holidays and leaves (a value object).

    :param attendances: iterable of ``(weekday, hour_from, hour_to[, date_from, date_to])`` with
        ``weekday`` 0 = Monday, hours as floats in local time (13.5 = 13:30, 24 = midnight) and
        optional validity dates (like ``resource.calendar.attendance``).
    :param tz: IANA time zone name of the attendances and holidays.
    :param holidays: local dates without any working time (public holidays).
    :param leaves: ``(date_from, date_to)`` naive UTC datetimes without working time
        (``resource.calendar.leaves``).

    Two calendars built from the same values are equal and hash alike; the unrolled interval
    table is a private cache that does not take part in the value.
    """

    def __init__(self, attendances, tz='UTC', holidays=(), leaves=()):
        self.attendances = tuple(sorted(Attendance(*a) for a in attendances))
        for att in self.attendances:
            if not 0 <= att.weekday <= 6 or not 0 <= att.hour_from <= att.hour_to <= 24:
                raise ValueError('invalid attendance %r' % (att,))
        self.tz_name = tz
        self.tz = ZoneInfo(tz)
        self.holidays = frozenset(holidays)
        self.leaves = tuple(merge_ranges((to_us(a), to_us(b)) for a, b in leaves))
        self._key = (self.attendances, tz, self.holidays, self.leaves)
        by_weekday = {}
        for att in self.attendances:
            by_weekday.setdefault(att.weekday, []).append(
                (float_to_time(att.hour_from), float_to_time(att.hour_to), att.date_from, att.date_to))
        self._by_weekday = by_weekday
        # the table grows in place: one calendar may be shared by threads (Odoo's ormcache)
        self._lock = threading.RLock()
        self._reset_table()

    def __eq__(self, other):
        return isinstance(other, WorkingCalendar) and self._key == other._key

    def __hash__(self):
        return hash(self._key)

    def __repr__(self):
        return '<WorkingCalendar %s, %d attendances, %d holidays, %d leaves>' % (
            self.tz_name, len(self.attendances), len(self.holidays), len(self.leaves))

    # -- the unrolled table ----------------------------------------------------------------------

    def _reset_table(self):
        self._first_day = self._last_day = None  # local dates covered (inclusive)
        self._starts, self._ends, self._cum = [], [], []
        self._total = 0  # working time of the whole table
        self._leave_pos = 0

    def _day_intervals(self, day):
        """Working intervals of one local day, in UTC microseconds, leaves removed."""
        if day in self.holidays:
            return []
        local = []
        for t_from, t_to, d_from, d_to in self._by_weekday.get(day.weekday(), ()):
            if (d_from and d_from > day) or (d_to and d_to < day):
                continue
            local.append((dt.datetime.combine(day, t_from), dt.datetime.combine(day, t_to)))
        pieces = []
        for start, end in merge_ranges(local):
            pieces.append((to_us(local_to_utc(self.tz, start)), to_us(local_to_utc(self.tz, end))))
        return self._remove_leaves(pieces) if self.leaves else pieces

    def _remove_leaves(self, pieces):
        leaves = self.leaves
        result = []
        for start, end in pieces:
            i = bisect.bisect_right(leaves, (start,)) - 1
            i = max(i, 0)
            while i < len(leaves) and leaves[i][0] < end:
                l_start, l_end = leaves[i]
                if l_end > start:
                    if l_start > start:
                        result.append((start, l_start))
                    start = max(start, l_end)
                    if start >= end:
                        break
                i += 1
            if start < end:
                result.append((start, end))
        return result

    def _append_days(self, first, last):
        day, one = first, dt.timedelta(days=1)
        starts, ends, cum = self._starts, self._ends, self._cum
        total = self._total
        while day <= last:
            for start, end in self._day_intervals(day):
                if end > start:
                    starts.append(start)
                    ends.append(end)
                    cum.append(total)
                    total += end - start
            day += one
        self._total = total
        self._last_day = last

    def _ensure_days(self, first, last):
        """Unroll at least the local days ``first`` .. ``last``."""
        if self._first_day is None or first < self._first_day:
            # growing backwards shifts every prefix sum: rebuild from the new first day
            old_last = self._last_day
            self._reset_table()
            self._first_day = first - dt.timedelta(days=_MARGIN_DAYS)
            self._append_days(self._first_day, max(last, old_last or last))
        elif last > self._last_day:
            self._append_days(self._last_day + dt.timedelta(days=1),
                              max(last, self._last_day + dt.timedelta(days=_CHUNK_DAYS)))

    def _ensure_instants(self, low_us, high_us):
        """Unroll enough days that ``W`` is right for every instant in ``[low, high]``."""
        low = (EPOCH + dt.timedelta(microseconds=low_us)).date()
        high = (EPOCH + dt.timedelta(microseconds=high_us)).date()
        # a local day lies within one UTC day either side of the same date
        self._ensure_days(low - dt.timedelta(days=1), high + dt.timedelta(days=1))

    def _ensure_total(self, target):
        """Grow forward until the table holds more working time than ``target``."""
        grown = 0
        while self._total <= target:
            if not self.attendances or grown > _HORIZON_DAYS:
                raise NoWorkingTime('no working time left in calendar %r' % self)
            self._ensure_days(self._first_day, self._last_day + dt.timedelta(days=_CHUNK_DAYS))
            grown += _CHUNK_DAYS

    def _elapsed(self, t):
        """``W(t)``: working time from the table origin up to ``t`` (table must cover ``t``)."""
        i = bisect.bisect_right(self._starts, t) - 1
        if i < 0:
            return 0
        end = self._ends[i]
        return self._cum[i] + (end if t > end else t) - self._starts[i]

    def _instant_after(self, target):
        """Last instant ``t`` with ``W(t) <= target`` (table must hold more than ``target``)."""
        j = bisect.bisect_right(self._cum, target) - 1
        return self._starts[j] + target - self._cum[j]

    def _instant_before(self, target):
        """First instant ``t`` with ``W(t) >= target`` (needs ``target > 0``)."""
        j = bisect.bisect_left(self._cum, target) - 1
        return self._starts[j] + target - self._cum[j]

    # -- arithmetic in microseconds ----------------------------------------------------------------

    def add_us(self, start, amount):
        """Deadline (µs) of ``amount`` µs of working time from ``start`` (µs); negative goes back."""
        with self._lock:
            return self._add_us(start, amount)

    def _add_us(self, start, amount):
        self._ensure_instants(start, start)
        if amount >= 0:
            target = self._elapsed(start) + amount
            self._ensure_total(target)
            return self._instant_after(target)
        back_days = 0
        while True:
            target = self._elapsed(start) + amount
            if target > 0:
                return self._instant_before(target)
            if not self.attendances or back_days > _HORIZON_DAYS:
                raise NoWorkingTime('no working time before %s in calendar %r' % (from_us(start), self))
            back_days += _CHUNK_DAYS
            self._ensure_days(self._first_day - dt.timedelta(days=_CHUNK_DAYS), self._last_day)

    def between_us(self, a, b):
        """Working time (µs) from ``a`` to ``b`` (negative when ``b`` is before ``a``)."""
        with self._lock:
            return self._between_us(a, b)

    def _between_us(self, a, b):
        self._ensure_instants(min(a, b), max(a, b))
        return self._elapsed(b) - self._elapsed(a)

    def add_many_us(self, starts, *amount_lists):
        """``add_us`` for many non-negative amounts at once (one table, two bisects each).

        Several amount lists (e.g. deadlines and pre-warnings) share the start's ``W``: returns
        one list of instants per amount list (or the list itself for a single amount list).
        """
        with self._lock:
            results = self._add_many_us(starts, amount_lists)
        return results[0] if len(amount_lists) == 1 else results

    def _add_many_us(self, starts, amount_lists):
        if not starts:
            return [[] for _ in amount_lists]
        self._ensure_instants(min(starts), max(starts))
        elapsed = self._elapsed
        base = [elapsed(s) for s in starts]
        self._ensure_total(max(max(w + a for w, a in zip(base, amounts)) for amounts in amount_lists))
        cum, t_starts, find = self._cum, self._starts, bisect.bisect_right
        results = []
        for amounts in amount_lists:
            result = []
            append = result.append
            for w, amount in zip(base, amounts):
                target = w + amount
                j = find(cum, target) - 1
                append(t_starts[j] + target - cum[j])
            results.append(result)
        return results

    # -- public API on naive UTC datetimes ---------------------------------------------------------

    def add(self, start, hours):
        return from_us(self.add_us(to_us(start), hours_to_us(hours)))

    def between(self, a, b):
        return us_to_hours(self.between_us(to_us(a), to_us(b)))

    def add_many(self, starts, hours):
        """Deadlines of ``hours`` (one float for all, or one per start) from each start."""
        if isinstance(hours, (int, float)):
            amounts = [hours_to_us(hours)] * len(starts)
        else:
            amounts = [hours_to_us(h) for h in hours]
        if any(a < 0 for a in amounts):
            raise ValueError('add_many only plans forward')
        return [from_us(us) for us in self.add_many_us([to_us(s) for s in starts], amounts)]

    def is_working(self, moment):
        """Whether ``moment`` lies inside working hours (interval start included, end excluded)."""
        with self._lock:
            return self._is_working(to_us(moment))

    def _is_working(self, t):
        self._ensure_instants(t, t)
        i = bisect.bisect_right(self._starts, t) - 1
        return i >= 0 and t < self._ends[i]

    def intervals(self, a, b):
        """Working intervals (naive UTC pairs) overlapping ``[a, b)``, clipped to it."""
        with self._lock:
            return self._intervals(to_us(a), to_us(b))

    def _intervals(self, lo, hi):
        self._ensure_instants(lo, hi)
        i = max(bisect.bisect_right(self._starts, lo) - 1, 0)
        result = []
        while i < len(self._starts) and self._starts[i] < hi:
            start, end = max(self._starts[i], lo), min(self._ends[i], hi)
            if end > start:
                result.append((from_us(start), from_us(end)))
            i += 1
        return result


def add_working_time(calendar, start, hours):
    """Deadline (naive UTC) of ``hours`` working hours from ``start``; negative plans backwards."""
    return calendar.add(start, hours)


def working_time_between(calendar, a, b):
    """Working hours between two naive UTC datetimes (negative when ``b`` is before ``a``)."""
    return calendar.between(a, b)


def add_working_time_many(calendar, starts, hours):
    """Deadlines for many tickets sharing a calendar (``hours`` one float or one per start)."""
    return calendar.add_many(starts, hours)
