from datetime import date, datetime

import pytest

from ..visits import latest_visit, next_visit_due, plan_slots

MONDAY = date(2026, 3, 2)


def dt(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute)


def test_next_visit_due_from_last_visit_and_frequency():
    assert next_visit_due(date(2026, 1, 10), 30) == date(2026, 2, 9)
    assert next_visit_due(None, 30, first_due=date(2026, 1, 1)) == date(2026, 1, 1)
    assert next_visit_due(date(2026, 1, 10), 0) is None


def test_latest_visit_never_goes_back():
    assert latest_visit(date(2026, 3, 5), date(2026, 3, 1)) == date(2026, 3, 5)
    assert latest_visit(date(2026, 3, 1), date(2026, 3, 5)) == date(2026, 3, 5)
    assert latest_visit(None, date(2026, 3, 5)) == date(2026, 3, 5)


def test_consecutive_slots_with_travel_gap():
    slots = plan_slots(3, MONDAY, 9.0, 18.0, 1.0, 0.5)
    assert slots == [(dt(2, 9), dt(2, 10)), (dt(2, 10, 30), dt(2, 11, 30)),
                     (dt(2, 12), dt(2, 13))]


def test_slots_skip_busy_intervals():
    busy = [(dt(2, 10), dt(2, 11, 15))]
    slots = plan_slots(2, MONDAY, 9.0, 18.0, 1.0, 0.0, busy=busy)
    assert slots == [(dt(2, 9), dt(2, 10)), (dt(2, 11, 15), dt(2, 12, 15))]
    for start, end in slots:
        assert not any(b0 < end and start < b1 for b0, b1 in busy)


def test_full_day_continues_on_next_working_day():
    friday = date(2026, 3, 6)
    slots = plan_slots(3, friday, 9.0, 11.0, 1.0)
    assert [s[0] for s in slots] == [dt(6, 9), dt(6, 10), dt(9, 9)]  # Monday after the weekend


def test_day_too_short():
    with pytest.raises(ValueError):
        plan_slots(1, MONDAY, 9.0, 9.5, 1.0)
