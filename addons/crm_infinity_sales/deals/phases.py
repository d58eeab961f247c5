"""Phases of a deal: Lead -> Potential -> Opportunity.

A deal moves forward one phase at a time, and any phase may jump straight to Opportunity;
it never goes back (the seed: "in qualsiasi momento la potenziale opportunità può passare a
opportunità").
"""

LEAD = 'lead'
POTENTIAL = 'potential'
OPPORTUNITY = 'opportunity'
PHASES = (LEAD, POTENTIAL, OPPORTUNITY)

INITIAL = 'initial'
IN_PROGRESS = 'in_progress'
SUSPENDED = 'suspended'
WON = 'won'
LOST = 'lost'
STATUS_TYPES = (INITIAL, IN_PROGRESS, SUSPENDED, WON, LOST)
CLOSED_TYPES = (WON, LOST)


def can_move(old, new):
    """Whether a deal in phase ``old`` may move to phase ``new``."""
    if new not in PHASES:
        return False
    if not old or old == new:
        return True
    return PHASES.index(new) > PHASES.index(old)


def default_status(statuses, phase):
    """The status a deal gets when it enters ``phase``: the first (by sequence) initial status
    of the phase, else its first status, else None.

    ``statuses``: iterable of (id, phase, status_type, sequence).
    """
    candidates = sorted((s for s in statuses if s[1] == phase), key=lambda s: (s[3], s[0]))
    for status in candidates:
        if status[2] == INITIAL:
            return status[0]
    return candidates[0][0] if candidates else None


def needs_lost_reason(status_type, lost_reason):
    """A deal closed lost must say why."""
    return status_type == LOST and not lost_reason


def probability_for(status_type):
    """The probability a closed deal gets (None: leave it as it is)."""
    return {WON: 100.0, LOST: 0.0}.get(status_type)
