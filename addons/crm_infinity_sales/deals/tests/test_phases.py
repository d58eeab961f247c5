from ..phases import (INITIAL, IN_PROGRESS, LEAD, LOST, OPPORTUNITY, POTENTIAL, WON, can_move,
                      default_status, needs_lost_reason, probability_for)


def test_forward_moves_and_jump_to_opportunity():
    assert can_move(LEAD, POTENTIAL)
    assert can_move(POTENTIAL, OPPORTUNITY)
    assert can_move(LEAD, OPPORTUNITY)
    assert can_move(None, POTENTIAL)
    assert can_move(LEAD, LEAD)


def test_no_going_back_nor_unknown_phase():
    assert not can_move(OPPORTUNITY, LEAD)
    assert not can_move(POTENTIAL, LEAD)
    assert not can_move(OPPORTUNITY, POTENTIAL)
    assert not can_move(LEAD, 'won')


def test_default_status_prefers_initial_by_sequence():
    statuses = [(1, LEAD, IN_PROGRESS, 1), (2, LEAD, INITIAL, 5), (3, LEAD, INITIAL, 3),
                (4, POTENTIAL, IN_PROGRESS, 1)]
    assert default_status(statuses, LEAD) == 3
    assert default_status(statuses, POTENTIAL) == 4
    assert default_status(statuses, OPPORTUNITY) is None


def test_lost_needs_reason_and_probability():
    assert needs_lost_reason(LOST, False)
    assert not needs_lost_reason(LOST, 7)
    assert not needs_lost_reason(WON, False)
    assert probability_for(WON) == 100.0
    assert probability_for(LOST) == 0.0
    assert probability_for(IN_PROGRESS) is None
