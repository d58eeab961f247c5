"""Deadlines (SPEC B8) without the ORM: which reminders are due today, and the iCalendar text of
a personal feed (RFC 5545).

A *deadline* is a dict of the provider contract (``crm.infinity.deadline.provider``): ``kind``,
``date`` (``datetime.date`` or naive UTC ``datetime.datetime``), ``name``, ``res_model``,
``res_id``, ``user_ids``, ``partner_id``, optional ``roles`` and ``note``.
"""
import datetime
import hashlib

ROLES = ('owner', 'manager', 'assignee')


def deadline_day(deadline, tz=None):
    """The day of a deadline: its date, or the date of its UTC moment in ``tz`` (a ``tzinfo``,
    UTC when None)."""
    value = deadline['date']
    if isinstance(value, datetime.datetime):
        if tz is not None:
            value = value.replace(tzinfo=datetime.timezone.utc).astimezone(tz)
        return value.date()
    return value


def role_users(deadline, roles):
    """Ids of the users of ``deadline`` having one of ``roles``; without a ``roles`` key every
    ``user_ids`` counts as owner."""
    by_role = deadline.get('roles') or {'owner': list(deadline.get('user_ids') or [])}
    users = []
    for role in roles:
        for uid in by_role.get(role) or []:
            if uid and uid not in users:
                users.append(uid)
    return users


def is_due(day, days_before, today):
    """A reminder of a deadline on ``day`` is due from ``days_before`` days before it until the
    day itself (a cron that missed a day still reminds; a past deadline is not reminded)."""
    return day - datetime.timedelta(days=max(days_before, 0)) <= today <= day


def plan_reminders(deadlines, settings, today, partner_of_user):
    """The reminders due ``today``.

    ``settings``: ``{kind: {'days_before': int, 'roles': [role...], 'customer': bool,
    'partner_ids': [fixed partner ids], 'channels': ['email', 'sms']}}`` (kinds not in it or with
    no channel are not reminded). ``partner_of_user``: ``{user id: partner id}``.

    Returns a list of dicts ``{'deadline', 'day', 'partner_id', 'channel'}``, one per
    (deadline, recipient, channel), sorted on the ledger key so that two concurrent runs claim
    rows in the same order (no deadlock)."""
    plan, seen = [], set()
    for deadline in deadlines:
        setting = settings.get(deadline['kind'])
        if not setting or not setting.get('channels'):
            continue
        day = deadline_day(deadline)
        if not is_due(day, setting.get('days_before') or 0, today):
            continue
        partners = [partner_of_user[uid] for uid in role_users(deadline, setting.get('roles') or ())
                    if partner_of_user.get(uid)]
        if setting.get('customer') and deadline.get('partner_id'):
            partners.append(deadline['partner_id'])
        partners += list(setting.get('partner_ids') or ())
        for partner_id in partners:
            for channel in setting['channels']:
                key = ledger_key(deadline, day, partner_id, channel)
                if key in seen:
                    continue
                seen.add(key)
                plan.append({'deadline': deadline, 'day': day, 'partner_id': partner_id,
                             'channel': channel, 'key': key})
    plan.sort(key=lambda item: item['key'])
    return plan


def ledger_key(deadline, day, partner_id, channel):
    """The unique key of a reminder in the ledger."""
    return (deadline['kind'], deadline['res_model'], deadline['res_id'], day.isoformat(),
            partner_id, channel)


# -- iCalendar -----------------------------------------------------------------------------------

def escape_text(value):
    """TEXT value of RFC 5545 §3.3.11."""
    return (str(value or '').replace('\\', '\\\\').replace(';', '\\;').replace(',', '\\,')
            .replace('\r\n', '\\n').replace('\n', '\\n').replace('\r', '\\n'))


def fold(line):
    """Fold a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character."""
    encoded = line.encode('utf-8')
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b'', 75
    for char in line:
        octets = char.encode('utf-8')
        if len(current) + len(octets) > limit:
            parts.append(current.decode('utf-8'))
            current, limit = b'', 74  # continuation lines start with a space
        current += octets
    parts.append(current.decode('utf-8'))
    return '\r\n '.join(parts)


def _stamp(moment):
    return moment.strftime('%Y%m%dT%H%M%SZ')


def event_uid(deadline, domain):
    """A stable UID: the same deadline keeps its UID from one download to the next."""
    digest = hashlib.sha1(('%(kind)s|%(res_model)s|%(res_id)s' % deadline).encode()).hexdigest()
    return '%s-%s@%s' % (deadline['kind'], digest[:16], domain)


def ical(deadlines, now, prodid, calname, domain, labels=None, url_of=None):
    """The iCalendar text (str with CRLF line ends) of ``deadlines``.

    A day deadline is an all-day event (DTSTART;VALUE=DATE, DTEND the next day), a moment is a
    UTC event of 30 minutes. ``labels``: ``{kind: label}`` put before the name and as
    CATEGORIES; ``url_of(deadline)``: link to the record (optional)."""
    labels = labels or {}
    lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:%s' % prodid, 'CALSCALE:GREGORIAN',
             'METHOD:PUBLISH', 'X-WR-CALNAME:%s' % escape_text(calname)]
    for deadline in sorted(deadlines, key=lambda d: (str(d['date']), d['kind'], d['res_id'])):
        label = labels.get(deadline['kind'], deadline['kind'])
        lines += ['BEGIN:VEVENT', 'UID:%s' % event_uid(deadline, domain),
                  'DTSTAMP:%s' % _stamp(now)]
        value = deadline['date']
        if isinstance(value, datetime.datetime):
            lines += ['DTSTART:%s' % _stamp(value),
                      'DTEND:%s' % _stamp(value + datetime.timedelta(minutes=30))]
        else:
            lines += ['DTSTART;VALUE=DATE:%s' % value.strftime('%Y%m%d'),
                      'DTEND;VALUE=DATE:%s' % (value + datetime.timedelta(days=1)).strftime('%Y%m%d')]
        lines.append('SUMMARY:%s' % escape_text('%s: %s' % (label, deadline['name'])))
        if deadline.get('note'):
            lines.append('DESCRIPTION:%s' % escape_text(deadline['note']))
        lines.append('CATEGORIES:%s' % escape_text(label))
        if url_of:
            url = url_of(deadline)
            if url:
                lines.append('URL:%s' % url)
        lines += ['TRANSP:TRANSPARENT', 'END:VEVENT']
    lines.append('END:VCALENDAR')
    return ''.join(fold(line) + '\r\n' for line in lines)
