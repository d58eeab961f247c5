"""A list's recipients as a set of keys ``model,id``, and what changed between two looks."""


def keys_of(recipients):
    """The sorted keys ``res_model,res_id`` of a list of recipient dicts."""
    return sorted({'%s,%d' % (r['res_model'], r['res_id']) for r in recipients})


def diff(before, now):
    """(added, removed) keys between the set seen ``before`` (None: never seen) and ``now``."""
    now = set(now)
    if before is None:
        return sorted(now), []
    before = set(before)
    return sorted(now - before), sorted(before - now)
