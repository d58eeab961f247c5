"""How fast a message goes out and when it will be done, from the send ledger's counts (what
was handed to the mail server, not what was fetched: listmonk's progress counted fetches)."""


def per_minute(sent_in_window, window_minutes):
    """Messages handed over per minute in the last ``window_minutes``."""
    if not window_minutes or window_minutes <= 0:
        return 0.0
    return float(sent_in_window or 0) / window_minutes


def eta_minutes(remaining, rate):
    """Minutes until the queue is empty at ``rate`` per minute; 0 when nothing is left, None
    when nothing moves (no estimate possible)."""
    if not remaining:
        return 0.0
    if not rate:
        return None
    return remaining / rate


def format_eta(minutes, labels):
    """The time left as text: ``labels`` gives the words (``done``, ``unknown``, ``min``,
    ``h``) in the user's language."""
    if minutes is None:
        return labels['unknown']
    if minutes <= 0:
        return labels['done']
    if minutes < 60:
        return '%d %s' % (max(1, round(minutes)), labels['min'])
    hours, rest = divmod(int(round(minutes)), 60)
    return '%d %s %02d %s' % (hours, labels['h'], rest, labels['min'])


def percent(part, whole):
    """``part`` of ``whole`` in percent, 0 for an empty whole."""
    if not whole:
        return 0.0
    return 100.0 * (part or 0) / whole
