from datetime import datetime

import pytest

from odoo.addons.crm_infinity_support.automation.timing import state_key, threshold

NOW = datetime(2026, 3, 10, 12, 0, 0)


def test_threshold_in_days_and_hours():
    assert threshold(NOW, 5, 'days') == datetime(2026, 3, 5, 12, 0, 0)
    assert threshold(NOW, 36, 'hours') == datetime(2026, 3, 9, 0, 0, 0)
    assert threshold(NOW, 0, 'days') == NOW


def test_threshold_refuses_nonsense():
    with pytest.raises(ValueError):
        threshold(NOW, 1, 'weeks')
    with pytest.raises(ValueError):
        threshold(NOW, -1, 'days')


def test_state_key_changes_when_the_status_is_entered_again():
    first = state_key(7, '2026-03-01 08:00:00')
    assert first == state_key(7, datetime(2026, 3, 1, 8, 0, 0))
    assert first != state_key(7, '2026-03-04 09:30:00')
    assert first != state_key(8, '2026-03-01 08:00:00')
    assert state_key(False, False) == '0@'
