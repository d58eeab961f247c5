import datetime

from odoo.addons.crm_infinity_projects.engines import costing

D = datetime.date


def test_rate_at_picks_the_interval_of_the_day():
    rates = [(D(2026, 1, 1), D(2026, 6, 14), 40.0, 70.0), (D(2026, 6, 15), None, 50.0, 80.0)]
    assert costing.rate_at(rates, D(2026, 6, 14)).cost_rate == 40.0
    assert costing.rate_at(rates, '2026-06-15').cost_rate == 50.0
    assert costing.rate_at(rates, D(2030, 1, 1)).sale_rate == 80.0
    assert costing.rate_at(rates, D(2025, 12, 31)) is None


def test_overlaps_include_touching_days_and_open_ends():
    assert costing.overlaps([(D(2026, 1, 1), D(2026, 1, 31), 1), (D(2026, 2, 1), None, 2)]) == []
    assert costing.overlaps([(D(2026, 1, 1), D(2026, 1, 31), 1), (D(2026, 1, 31), None, 2)]) == [(0, 1)]
    assert costing.overlaps([(D(2026, 1, 1), None, 1), (D(2027, 1, 1), False, 2)]) == [(0, 1)]
    assert costing.overlaps([('2026-03-01', '2026-03-10', 1), ('2026-01-01', '2026-12-31', 2),
                             ('2027-01-01', None, 3)]) == [(0, 1)]


def test_line_cost_is_negative_and_rounded():
    assert costing.line_cost(7.5, 40) == -300.0
    assert costing.line_cost(1 / 3, 10) == -3.33
    assert costing.line_cost(0, 10) == 0


def test_restatement_adjusts_only_what_changed():
    rates = {1: [(D(2026, 1, 1), D(2026, 3, 31), 40.0), (D(2026, 4, 1), None, 45.0)]}
    lines = {1: [(10, D(2026, 3, 31), 8, 40.0),   # right rate already
                 (11, D(2026, 4, 1), 8, 40.0),    # logged before the new rate was entered
                 (12, D(2026, 4, 2), 2, 45.5),    # too high: a negative adjustment
                 (13, D(2025, 12, 1), 3, 30.0)],  # no rate that day any more: untouched
             2: [(20, D(2026, 4, 1), 5, 10.0)]}   # no rates at all
    adjustments = costing.restatement(lines, rates)
    assert [(a.line_id, a.old_rate, a.new_rate, a.amount) for a in adjustments] == [
        (11, 40.0, 45.0, -40.0), (12, 45.5, 45.0, 1.0)]


def test_restatement_is_idempotent_once_applied():
    rates = {1: [(D(2026, 1, 1), None, 45.0)]}
    first = costing.restatement({1: [(1, D(2026, 2, 1), 4, 40.0)]}, rates)
    effective = 40.0 + first[0].new_rate - first[0].old_rate
    assert costing.restatement({1: [(1, D(2026, 2, 1), 4, effective)]}, rates) == []


def test_margin_and_consumption():
    assert costing.margin(1000, 750) == (250.0, 25.0)
    assert costing.margin(0, 100) == (-100.0, None)
    assert costing.consumption(1100, 1000) == 110.0
    assert costing.consumption(10, 0) == 0.0


def test_crossing_is_reported_once_each_way():
    assert costing.crossing(False, 100.0) is None
    assert costing.crossing(False, 100.01) == 'over'
    assert costing.crossing(True, 130) is None
    assert costing.crossing(True, 90) == 'back'
