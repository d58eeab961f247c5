"""Critical path, dependencies, working days, Gantt rows and scale (SPEC C6)."""
import datetime

import pytest

from ..schedule import (DayCalendar, ScheduleError, clip_bar, critical_chain, critical_path,
                        group_rows, scale, topological_order)

D = datetime.date


def _dvr_plan():
    """The hand-checkable example: a DVR (risk assessment document) in March 2027, calendar days.

    ::

        A Sopralluogo          1-3 Mar  (3 d)
        B Valutazione rischi   4-8 Mar  (5 d)   after A
        C Formazione           4-5 Mar  (2 d)   after A
        D Stesura DVR          9-10 Mar (2 d)   after B and C
        E Consegna             11 Mar   (1 d)   after D
        F Verbale riunione     1-2 Mar  (2 d)   independent

    Forward pass: A 1-3, B 4-8, C 4-5, D starts the day after the later of B (8) and C (5):
    9-10, E 11, F 1-2. The commessa ends on 11 March.
    Backward pass from 11: E late 11-11, D late 9-10, B late 4-8 (slack 0), C must end by 8
    so late 7-8 (slack 3), A must end before B's and C's late starts, min(4, 7) - 1 = 3: late
    1-3 (slack 0), F may end on 11: late 10-11 (slack 9).
    Critical path: A -> B -> D -> E.
    """
    return [
        {'id': 'A', 'start': D(2027, 3, 1), 'end': D(2027, 3, 3), 'depends_on': []},
        {'id': 'B', 'start': D(2027, 3, 4), 'end': D(2027, 3, 8), 'depends_on': ['A']},
        {'id': 'C', 'start': D(2027, 3, 4), 'end': D(2027, 3, 5), 'depends_on': ['A']},
        {'id': 'D', 'start': D(2027, 3, 9), 'end': D(2027, 3, 10), 'depends_on': ['B', 'C']},
        {'id': 'E', 'start': D(2027, 3, 11), 'end': D(2027, 3, 11), 'depends_on': ['D']},
        {'id': 'F', 'start': D(2027, 3, 1), 'end': D(2027, 3, 2), 'depends_on': []},
    ]


def test_critical_path_of_the_hand_checked_dvr():
    plan = _dvr_plan()
    sched = critical_path(plan)
    assert {i for i, s in sched.items() if s['critical']} == {'A', 'B', 'D', 'E'}
    assert {i: s['slack'] for i, s in sched.items()} == {
        'A': 0, 'B': 0, 'C': 3, 'D': 0, 'E': 0, 'F': 9}
    assert sched['C']['late_start'] == D(2027, 3, 7)
    assert sched['C']['late_finish'] == D(2027, 3, 8)
    assert sched['F']['late_start'] == D(2027, 3, 10)
    assert sched['D']['early_start'] == D(2027, 3, 9)
    assert sched['E']['early_finish'] == D(2027, 3, 11)
    assert critical_chain(plan, sched) == [['A', 'B', 'D', 'E']]


def test_a_successor_planned_too_early_is_pushed_after_its_predecessor():
    plan = [
        {'id': 1, 'start': D(2027, 3, 1), 'end': D(2027, 3, 5), 'depends_on': []},
        {'id': 2, 'start': D(2027, 3, 2), 'end': D(2027, 3, 3), 'depends_on': [1]},
    ]
    sched = critical_path(plan)
    assert sched[2]['early_start'] == D(2027, 3, 6)
    assert sched[2]['early_finish'] == D(2027, 3, 7)
    assert sched[1]['critical'] and sched[2]['critical']


def test_dependencies_outside_the_plan_are_ignored():
    plan = [{'id': 1, 'start': D(2027, 3, 1), 'end': D(2027, 3, 1), 'depends_on': [99]}]
    assert critical_path(plan)[1]['critical']


def test_cycle_is_refused_with_its_members():
    plan = _dvr_plan()
    plan[0]['depends_on'] = ['E']  # A waits for E which (through D, B) waits for A
    with pytest.raises(ScheduleError) as err:
        critical_path(plan)
    cycle = err.value.cycle
    assert cycle[0] == cycle[-1]
    assert set(cycle) == {'A', 'B', 'D', 'E'}
    with pytest.raises(ScheduleError) as err:
        topological_order([1], {1: [1]})
    assert err.value.cycle == [1, 1]


def test_topological_order_puts_predecessors_first():
    order = topological_order(['D', 'C', 'B', 'A'], {'D': ['B', 'C'], 'B': ['A'], 'C': ['A']})
    assert order.index('A') < order.index('B') < order.index('D')
    assert order.index('C') < order.index('D')


def test_working_days_skip_weekend_and_holidays():
    # Friday 30 April 2027 -> 1 May (Saturday) -> Monday 3 May; holiday 2 June (Wednesday)
    cal = DayCalendar(working_days=True, holidays=[D(2027, 6, 2)])
    assert cal.duration(D(2027, 4, 30), D(2027, 5, 3)) == 2
    assert cal.duration(D(2027, 6, 1), D(2027, 6, 3)) == 2
    for day in (D(2027, 5, 31), D(2027, 6, 1), D(2027, 6, 3), D(2027, 6, 4), D(2027, 6, 7)):
        assert cal.from_index(cal.to_index(day)) == day
    assert cal.from_index(cal.to_index(D(2027, 6, 1)) + 1) == D(2027, 6, 3)
    # a 2-working-day activity on Thursday-Friday is followed by one starting on Monday
    plan = [
        {'id': 1, 'start': D(2027, 4, 29), 'end': D(2027, 4, 30), 'depends_on': []},
        {'id': 2, 'start': D(2027, 4, 29), 'end': D(2027, 4, 29), 'depends_on': [1]},
    ]
    sched = critical_path(plan, working_days=True)
    assert sched[2]['early_start'] == D(2027, 5, 3)
    calendar_days = critical_path(plan)
    assert calendar_days[2]['early_start'] == D(2027, 5, 1)


def test_rows_by_assignee_show_a_shared_activity_on_each_row():
    acts = [
        {'id': 1, 'assignees': [(7, 'Marco Bianchi'), (5, 'Anna Rossi')]},
        {'id': 2, 'assignees': [(5, 'Anna Rossi')]},
        {'id': 3, 'assignees': []},
    ]
    rows = group_rows(acts, 'Non assegnate')
    assert [(r['label'], r['activity_ids']) for r in rows] == [
        ('Anna Rossi', [1, 2]), ('Marco Bianchi', [1]), ('Non assegnate', [3])]


def test_scale_is_clipped_to_the_range_without_padding():
    cols = scale(D(2027, 3, 10), D(2027, 5, 5), 'month')
    assert [(c['start'], c['end']) for c in cols] == [
        (D(2027, 3, 10), D(2027, 3, 31)), (D(2027, 4, 1), D(2027, 4, 30)),
        (D(2027, 5, 1), D(2027, 5, 5))]
    assert sum(c['days'] for c in cols) == 57
    weeks = scale(D(2027, 3, 10), D(2027, 3, 21), 'week')  # Wednesday to Sunday
    assert [c['days'] for c in weeks] == [5, 7]
    quarters = scale(D(2027, 2, 1), D(2027, 7, 1), 'quarter')
    assert [c['start'] for c in quarters] == [D(2027, 2, 1), D(2027, 4, 1), D(2027, 7, 1)]
    assert len(scale(D(2027, 3, 1), D(2027, 3, 3), 'day')) == 3
    with pytest.raises(ValueError):
        scale(D(2027, 3, 1), D(2027, 3, 3), 'year')


def test_clip_bar():
    assert clip_bar(D(2027, 3, 1), D(2027, 3, 10), D(2027, 3, 5), D(2027, 3, 31)) == (0, 6)
    assert clip_bar(D(2027, 3, 8), D(2027, 3, 8), D(2027, 3, 5), D(2027, 3, 31)) == (3, 1)
    assert clip_bar(D(2027, 2, 1), D(2027, 2, 10), D(2027, 3, 5), D(2027, 3, 31)) is None
    assert clip_bar(None, None, D(2027, 3, 5), D(2027, 3, 31)) is None


def test_two_thousand_activities_schedule_quickly():
    import time
    base = D(2027, 1, 4)
    plan = [{'id': i, 'start': base + datetime.timedelta(days=i % 60),
             'end': base + datetime.timedelta(days=i % 60 + 3),
             'depends_on': [i - 1, i - 7] if i >= 7 else []} for i in range(2000)]
    t0 = time.perf_counter()
    sched = critical_path(plan, working_days=True, holidays=[D(2027, 4, 25)])
    assert time.perf_counter() - t0 < 1.0
    assert len(sched) == 2000
