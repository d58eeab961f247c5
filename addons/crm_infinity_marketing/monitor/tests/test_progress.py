from ..progress import eta_minutes, format_eta, per_minute, percent

LABELS = {'done': 'finito', 'unknown': 'non stimabile', 'min': 'min', 'h': 'h'}


def test_rate_and_eta():
    assert per_minute(950, 10) == 95.0
    assert per_minute(5, 0) == 0.0
    assert eta_minutes(0, 0) == 0.0
    assert eta_minutes(100, 0) is None
    assert eta_minutes(1900, 95.0) == 20.0


def test_format_eta():
    assert format_eta(None, LABELS) == 'non stimabile'
    assert format_eta(0, LABELS) == 'finito'
    assert format_eta(0.2, LABELS) == '1 min'
    assert format_eta(125, LABELS) == '2 h 05 min'


def test_percent():
    assert percent(1255, 2194) == 100.0 * 1255 / 2194
    assert percent(3, 0) == 0.0
