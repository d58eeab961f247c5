import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from odoo.addons.crm_infinity_support.sla import (
    FAILED, MET, PAUSED, RUNNING, WorkingCalendar, consumed, deadline, evaluate, local_to_utc,
    used_hours, utc_to_local, warn_at)

ROME = 'Europe/Rome'
OFFICE = [(d, 9, 13) for d in range(5)] + [(d, 14, 18) for d in range(5)]
OFFICE_CAL = WorkingCalendar(OFFICE, ROME, holidays=[dt.date(2026, 4, 6)])
START = local_to_utc(ROME, dt.datetime(2026, 4, 3, 17, 30))  # Friday before Easter Monday


def rome(*args):
    return local_to_utc(ROME, dt.datetime(*args))


def local(value):
    return utc_to_local(ROME, value)


def test_deadline_without_pause():
    assert local(deadline(OFFICE_CAL, START, 4)) == dt.datetime(2026, 4, 7, 12, 30)


def test_pause_of_two_working_hours_moves_deadline_two_working_hours():
    pause = (rome(2026, 4, 7, 9), rome(2026, 4, 7, 11))
    assert local(deadline(OFFICE_CAL, START, 4, [pause])) == dt.datetime(2026, 4, 7, 15, 30)


def test_pause_over_the_weekend_costs_nothing():
    pause = (rome(2026, 4, 3, 18), rome(2026, 4, 7, 9))
    assert local(deadline(OFFICE_CAL, START, 4, [pause])) == dt.datetime(2026, 4, 7, 12, 30)


def test_pause_after_the_deadline_changes_nothing():
    pause = (rome(2026, 4, 7, 12, 31), rome(2026, 4, 8, 9))
    assert local(deadline(OFFICE_CAL, START, 4, [pause])) == dt.datetime(2026, 4, 7, 12, 30)


def test_open_pause_stops_the_clock():
    assert deadline(OFFICE_CAL, START, 4, [(rome(2026, 4, 7, 10), None)]) is None


def test_overlapping_pauses_count_once():
    pauses = [(rome(2026, 4, 7, 9), rome(2026, 4, 7, 10, 30)), (rome(2026, 4, 7, 10), rome(2026, 4, 7, 11))]
    assert local(deadline(OFFICE_CAL, START, 4, pauses)) == dt.datetime(2026, 4, 7, 15, 30)


def test_warning_at_80_percent():
    # 3.2 working hours: Friday 17:30-18:00, then 2.7 hours from Tuesday 9:00
    assert local(warn_at(OFFICE_CAL, START, 4, 80)) == dt.datetime(2026, 4, 7, 11, 42)
    pause = (rome(2026, 4, 7, 9), rome(2026, 4, 7, 11))
    assert local(warn_at(OFFICE_CAL, START, 4, 80, [pause])) == dt.datetime(2026, 4, 7, 14, 42)


def test_consumed_percentage():
    assert consumed(OFFICE_CAL, START, 4, rome(2026, 4, 7, 9)) == pytest.approx(12.5)
    assert consumed(OFFICE_CAL, START, 4, rome(2026, 4, 7, 11, 42)) == pytest.approx(80)
    assert consumed(OFFICE_CAL, START, 4, rome(2026, 4, 7, 14, 30)) == pytest.approx(125)
    pause = (rome(2026, 4, 7, 9), rome(2026, 4, 7, 11))
    assert consumed(OFFICE_CAL, START, 4, rome(2026, 4, 7, 12), [pause]) == pytest.approx(37.5)
    assert used_hours(OFFICE_CAL, START, rome(2026, 4, 7, 12), [pause]) == pytest.approx(1.5)


def test_evaluate_states():
    now = rome(2026, 4, 7, 10)
    assert evaluate(OFFICE_CAL, START, 4, now).status == RUNNING
    state = evaluate(OFFICE_CAL, START, 4, rome(2026, 4, 7, 12, 31))
    assert state.status == FAILED
    assert local(state.deadline) == dt.datetime(2026, 4, 7, 12, 30)
    assert local(state.warn_at) == dt.datetime(2026, 4, 7, 11, 42)
    assert evaluate(OFFICE_CAL, START, 4, now, reached=rome(2026, 4, 7, 12, 30)).status == MET
    assert evaluate(OFFICE_CAL, START, 4, now, reached=rome(2026, 4, 7, 12, 31)).status == FAILED
    # a budget that runs out at lunch time: an answer during lunch is on time
    tuesday = rome(2026, 4, 7, 9)
    assert local(deadline(OFFICE_CAL, tuesday, 4)) == dt.datetime(2026, 4, 7, 14)
    assert evaluate(OFFICE_CAL, tuesday, 4, now, reached=rome(2026, 4, 7, 13, 30)).status == MET
    assert evaluate(OFFICE_CAL, tuesday, 4, now, reached=rome(2026, 4, 7, 14, 1)).status == FAILED
    paused = evaluate(OFFICE_CAL, START, 4, now, pauses=[(rome(2026, 4, 7, 9, 30), None)])
    assert paused.status == PAUSED and paused.deadline is None
    assert paused.used_hours == pytest.approx(1)


def test_reached_while_paused_is_met():
    pauses = [(rome(2026, 4, 7, 9, 30), None)]
    state = evaluate(OFFICE_CAL, START, 4, rome(2026, 4, 9, 9), pauses=pauses, reached=rome(2026, 4, 8, 9))
    assert state.status == MET
    assert state.used_hours == pytest.approx(1)


MOMENTS = st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2026, 12, 31)).map(lambda d: d.replace(microsecond=0))


@settings(max_examples=150, deadline=None)
@given(MOMENTS, st.integers(1, 80 * 4).map(lambda q: q / 4),
       st.lists(st.tuples(MOMENTS, st.integers(1, 10000)), max_size=4))
def test_pauses_consume_no_budget(start, hours, raw_pauses):
    pauses = [(a, a + dt.timedelta(minutes=m)) for a, m in raw_pauses]
    end = deadline(OFFICE_CAL, start, hours, pauses)
    assert used_hours(OFFICE_CAL, start, end, pauses) == pytest.approx(hours, abs=1e-9)
    assert consumed(OFFICE_CAL, start, hours, end, pauses) == pytest.approx(100)
    assert end >= deadline(OFFICE_CAL, start, hours)
    assert warn_at(OFFICE_CAL, start, hours, 80, pauses) <= end
