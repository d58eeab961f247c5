from ..figures import average, format_figure, progress, roi, roi_rows


def test_average_and_progress():
    assert average(10.0, 4) == 2.5
    assert average(0.0, 0) is None
    assert progress(30, 120) == 25.0
    assert progress(30, 0) is None


def test_roi():
    assert roi(15000.0, 5000.0) == 200.0
    assert roi(2500.0, 5000.0) == -50.0
    assert roi(1000.0, 0.0) is None


def test_roi_rows_best_first_no_cost_last():
    rows = [{'c': 'A', 'won_revenue': 1000.0, 'cost': 1000.0},
            {'c': 'B', 'won_revenue': 500.0, 'cost': 0.0},
            {'c': 'C', 'won_revenue': 3000.0, 'cost': 1000.0}]
    assert [r[0] for r in roi_rows(rows, 'c')] == ['C', 'A', 'B']
    assert roi_rows(rows, 'c')[0][3] == 200.0


def test_format_figure_italian_separators():
    assert format_figure(1234567.891, '€', 2) == '1.234.567,89 €'
    assert format_figure(12345) == '12.345'
    assert format_figure(None, 'gg') == '–'
    assert format_figure(2.26, 'gg') == '2,3 gg'
