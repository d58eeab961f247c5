import datetime as dt

import pytest
from hypothesis import assume, given, settings, strategies as st

from odoo.addons.crm_infinity_support.sla import calendar as cal
from odoo.addons.crm_infinity_support.sla import (
    NoWorkingTime, WorkingCalendar, add_working_time, add_working_time_many, local_to_utc,
    utc_to_local, working_time_between)

ROME = 'Europe/Rome'
OFFICE = [(d, 9, 13) for d in range(5)] + [(d, 14, 18) for d in range(5)]
EASTER_MONDAY = dt.date(2026, 4, 6)  # Pasquetta


def rome(*args):
    return local_to_utc(ROME, dt.datetime(*args))


def local(value):
    return utc_to_local(ROME, value)


@pytest.fixture
def office():
    return WorkingCalendar(OFFICE, ROME, holidays=[EASTER_MONDAY])


def test_issue_scenario_skips_weekend_and_holiday(office):
    """Friday 17:30 + 4 working hours, Monday is a holiday: Tuesday 12:30."""
    start = rome(2026, 4, 3, 17, 30)
    assert start == dt.datetime(2026, 4, 3, 15, 30)  # CEST: naive UTC in, naive UTC out
    assert local(add_working_time(office, start, 4)) == dt.datetime(2026, 4, 7, 12, 30)


def test_measure_back(office):
    assert working_time_between(office, rome(2026, 4, 3, 17, 30), rome(2026, 4, 7, 12, 30)) == 4
    assert working_time_between(office, rome(2026, 4, 7, 12, 30), rome(2026, 4, 3, 17, 30)) == -4


def test_backwards(office):
    assert local(add_working_time(office, rome(2026, 4, 7, 12, 30), -4)) == dt.datetime(2026, 4, 3, 17, 30)


def test_budget_ending_at_closing_time_moves_to_next_opening(office):
    """Like Odoo's plan_hours: a deadline is never a closing time."""
    assert local(add_working_time(office, rome(2026, 4, 7, 9), 4)) == dt.datetime(2026, 4, 7, 14)
    assert local(add_working_time(office, rome(2026, 4, 7, 9), 8)) == dt.datetime(2026, 4, 8, 9)
    # a start outside working hours with no budget is the next opening
    assert local(add_working_time(office, rome(2026, 4, 4, 10), 0)) == dt.datetime(2026, 4, 7, 9)


def test_dst_week():
    """Rome moves to CEST on Sunday 29 March 2026: 9:00 is 8:00 UTC on Friday, 7:00 on Monday."""
    office = WorkingCalendar(OFFICE, ROME)
    start = rome(2026, 3, 27, 17, 30)
    assert start == dt.datetime(2026, 3, 27, 16, 30)
    end = add_working_time(office, start, 4)
    assert end == dt.datetime(2026, 3, 30, 10, 30)
    assert local(end) == dt.datetime(2026, 3, 30, 12, 30)
    # and back to CET on Sunday 25 October 2026
    assert add_working_time(office, rome(2026, 10, 23, 17, 30), 4) == dt.datetime(2026, 10, 26, 11, 30)


def test_leaves_are_cut_out():
    leave = (rome(2026, 4, 8, 10), rome(2026, 4, 8, 15))  # Wednesday 10:00-15:00
    office = WorkingCalendar(OFFICE, ROME, leaves=[leave])
    assert office.between(rome(2026, 4, 8, 0), rome(2026, 4, 9, 0)) == 4  # 9-10, 15-18
    assert local(office.add(rome(2026, 4, 8, 9, 30), 1)) == dt.datetime(2026, 4, 8, 15, 30)


def test_attendance_validity_dates():
    summer = [(d, 8, 14, dt.date(2026, 7, 1), dt.date(2026, 8, 31)) for d in range(5)]
    winter = [(d, 9, 18, None, dt.date(2026, 6, 30)) for d in range(5)]
    office = WorkingCalendar(summer + winter, ROME)
    assert office.between(rome(2026, 6, 30, 0), rome(2026, 7, 1, 0)) == 9
    assert office.between(rome(2026, 7, 1, 0), rome(2026, 7, 2, 0)) == 6
    assert office.between(rome(2026, 9, 1, 0), rome(2026, 9, 10, 0)) == 0


def test_half_hours_and_midnight():
    office = WorkingCalendar([(5, 8.5, 12.25), (6, 20, 24)], 'UTC')
    assert office.between(dt.datetime(2026, 4, 4), dt.datetime(2026, 4, 6)) == pytest.approx(3.75 + 4, abs=1e-6)


def test_no_working_time():
    with pytest.raises(NoWorkingTime):
        WorkingCalendar([], ROME).add(dt.datetime(2026, 1, 1), 1)


def test_value_object():
    assert WorkingCalendar(OFFICE, ROME) == WorkingCalendar(list(reversed(OFFICE)), ROME)
    assert len({WorkingCalendar(OFFICE, ROME), WorkingCalendar(OFFICE, ROME)}) == 1
    assert WorkingCalendar(OFFICE, ROME) != WorkingCalendar(OFFICE, 'UTC')


def test_batch_equals_one_by_one(office):
    starts = [dt.datetime(2026, 1, 1) + dt.timedelta(minutes=97 * i) for i in range(3000)]
    hours = [(i % 17) * 0.75 for i in range(3000)]
    expected = [add_working_time(WorkingCalendar(OFFICE, ROME, holidays=[EASTER_MONDAY]), s, h)
                for s, h in zip(starts, hours)]
    assert add_working_time_many(office, starts, hours) == expected


def test_batch_grows_the_table_backwards(office):
    late, early = dt.datetime(2030, 1, 7, 9), dt.datetime(2020, 1, 7, 9)
    office.add(late, 1)
    assert add_working_time_many(office, [early, late], 1) == [early + dt.timedelta(hours=1),
                                                             late + dt.timedelta(hours=1)]


def test_is_working_and_intervals(office):
    assert office.is_working(rome(2026, 4, 7, 9))
    assert not office.is_working(rome(2026, 4, 7, 13))
    assert not office.is_working(rome(2026, 4, 6, 10))  # holiday
    assert office.intervals(rome(2026, 4, 3, 17), rome(2026, 4, 7, 10)) == [
        (rome(2026, 4, 3, 17), rome(2026, 4, 3, 18)), (rome(2026, 4, 7, 9), rome(2026, 4, 7, 10))]


def test_ambiguous_local_time_is_standard_time():
    """Like pytz ``localize(is_dst=False)``: 2:30 on the night clocks go back is CET."""
    assert local_to_utc(ROME, dt.datetime(2026, 10, 25, 2, 30)) == dt.datetime(2026, 10, 25, 1, 30)
    assert local_to_utc(ROME, dt.datetime(2026, 3, 29, 2, 30)) == dt.datetime(2026, 3, 29, 1, 30)


# -- properties ---------------------------------------------------------------------------------

ZONES = st.sampled_from(['Europe/Rome', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'])
HALF_HOURS = st.integers(min_value=0, max_value=48)


@st.composite
def calendars(draw):
    attendances = []
    for weekday in draw(st.sets(st.integers(0, 6), min_size=1)):
        for _ in range(draw(st.integers(1, 2))):
            a, b = sorted(draw(st.tuples(HALF_HOURS, HALF_HOURS)))
            assume(a < b)
            attendances.append((weekday, a / 2, b / 2))
    holidays = draw(st.sets(st.dates(dt.date(2025, 12, 1), dt.date(2027, 2, 1)), max_size=30))
    leaves = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(MOMENTS)
        leaves.append((start, start + dt.timedelta(minutes=draw(st.integers(1, 5000)))))
    return WorkingCalendar(attendances, draw(ZONES), holidays=holidays, leaves=leaves)


MOMENTS = st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2026, 12, 31)).map(
    lambda d: d.replace(microsecond=0))
BUDGETS = st.integers(min_value=0, max_value=200 * 60).map(lambda minutes: minutes / 60)


@settings(max_examples=150, deadline=None)
@given(calendars(), MOMENTS, BUDGETS)
def test_measuring_back_the_deadline_gives_the_budget(calendar, start, hours):
    end = add_working_time(calendar, start, hours)
    assert end >= start
    assert cal.to_us(end) - cal.to_us(start) >= 0
    assert calendar.between_us(cal.to_us(start), cal.to_us(end)) == cal.hours_to_us(hours)


@settings(max_examples=150, deadline=None)
@given(calendars(), MOMENTS, BUDGETS)
def test_adding_then_subtracting_comes_back(calendar, start, hours):
    assume(hours > 0)
    end = add_working_time(calendar, start, hours)
    back = add_working_time(calendar, end, -hours)
    # the same working instant: no working time between them
    assert working_time_between(calendar, back, start) == 0
    if calendar.is_working(start):
        assert back == start


@settings(max_examples=150, deadline=None)
@given(calendars(), MOMENTS, BUDGETS)
def test_deadline_falls_in_working_hours(calendar, start, hours):
    end = add_working_time(calendar, start, hours)
    assert calendar.is_working(end) or (hours == 0 and end == start)
    # and it is the last instant with no more than the budget consumed
    assert working_time_between(calendar, start, end + dt.timedelta(seconds=1)) > hours


@settings(max_examples=100, deadline=None)
@given(calendars(), MOMENTS, BUDGETS)
def test_holidays_are_skipped(calendar, start, hours):
    end = add_working_time(calendar, start, hours)
    for a, b in calendar.intervals(start, end):
        assert utc_to_local(calendar.tz, a).date() not in calendar.holidays
        for l_start, l_end in calendar.leaves:
            assert cal.to_us(b) <= l_start or cal.to_us(a) >= l_end


@settings(max_examples=100, deadline=None)
@given(calendars(), MOMENTS, MOMENTS, MOMENTS)
def test_working_time_is_additive(calendar, a, b, c):
    assert calendar.between_us(cal.to_us(a), cal.to_us(c)) == \
        calendar.between_us(cal.to_us(a), cal.to_us(b)) + calendar.between_us(cal.to_us(b), cal.to_us(c))


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(['Europe/Rome', 'America/New_York', 'Australia/Sydney']),
       st.integers(2024, 2030), st.integers(0, 1), st.integers(0, 6))
def test_dst_weeks_count_local_hours(zone, year, autumn, weekday_shift):
    """Across every DST change a week of a 9-13/14-18 office holds exactly 40 local hours and
    each deadline is at the local time a clock on the office wall would show."""
    office = WorkingCalendar(OFFICE, zone)
    # the week around the change: find the Sunday where the UTC offset differs from Monday's
    month = {'Europe/Rome': (3, 10), 'America/New_York': (3, 11), 'Australia/Sydney': (4, 10)}[zone][autumn]
    day = dt.date(year, month, 1)
    while utc_to_local(zone, dt.datetime.combine(day, dt.time(12))) - dt.datetime.combine(day, dt.time(12)) == \
            utc_to_local(zone, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(12))) - \
            dt.datetime.combine(day + dt.timedelta(days=1), dt.time(12)):
        day += dt.timedelta(days=1)
    assert day.weekday() == 5  # clocks change on the night from Saturday to Sunday (UTC noon)
    monday_before = day - dt.timedelta(days=5)
    start_local = dt.datetime.combine(monday_before + dt.timedelta(days=weekday_shift % 5), dt.time(15, 30))
    start = local_to_utc(zone, start_local)
    end = office.add(start, 40)
    assert utc_to_local(zone, end) - utc_to_local(zone, start) != end - start  # really across a change
    assert utc_to_local(zone, end) == start_local + dt.timedelta(days=7)
    assert office.between(start, end) == 40
