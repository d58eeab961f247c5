"""Who of a mailing's recipients is sent to, and why the others are not (the send ledger's
rows), decided before anything is sent. Plain Python: the model feeds it the recipients with
their normalised address and consent, and the blacklist."""

# the order in which exclusions are checked: the first that applies is the reason shown
QUEUED, EXCLUDED = 'queued', 'excluded'


def plan(recipients, blacklist, seen=()):
    """One row per recipient: ``dict(recipient, address=..., state=..., reason=...)``.

    ``recipients``: dicts with at least ``address`` (normalised, or None), ``opt_out`` (the
    record's own opt-out flag) and ``consent`` (True: the latest statement for the channel's
    marketing purpose grants it); ``blacklist``: ``{address: blacklist reason}``; ``seen``:
    addresses already in the ledger (an earlier run). The first recipient of an address is the
    one sent to; the others are duplicates and keep no address (the ledger's key).
    """
    seen = set(seen)
    rows = []
    for recipient in recipients:
        address = recipient.get('address')
        row = dict(recipient, state=EXCLUDED, reason=None)
        if not address:
            row['reason'] = 'no_address'
        elif address in seen:
            row.update(reason='duplicate', address=None, display_address=address)
        else:
            seen.add(address)
            listed = blacklist.get(address)
            if recipient.get('opt_out') or listed == 'unsubscribed':
                row['reason'] = 'unsubscribed'
            elif listed == 'hard_bounce':
                row['reason'] = 'bounced_before'
            elif listed:
                row['reason'] = 'blacklisted'
            elif not recipient.get('consent'):
                row['reason'] = 'no_consent'
            else:
                row['state'] = QUEUED
        rows.append(row)
    return rows
