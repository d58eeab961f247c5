"""iCalendar (RFC 5545) invitations of the commessa events (SPEC C4), without the ORM.

The event is written in the organiser's time zone (``DTSTART;TZID=...`` with its
``VTIMEZONE``), so that the time a client shows is the time the e-mail body states; the UID is
stable and the SEQUENCE grows with each reschedule, so that clients update the event they
have instead of adding a second one.
"""
import datetime

import pytz

CRLF = '\r\n'
PRODID = '-//Infinity CRM for Odoo//Commesse//IT'


def escape(text):
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (str(text or '').replace('\\', '\\\\').replace(';', '\\;').replace(',', '\\,')
            .replace('\r\n', '\\n').replace('\n', '\\n'))


def fold(line):
    """Lines longer than 75 octets folded with CRLF + space, never inside a UTF-8 character."""
    out, current = [], b''
    for char in line:
        encoded = char.encode('utf-8')
        limit = 75 if not out else 74
        if len(current) + len(encoded) > limit:
            out.append(current.decode('utf-8'))
            current = b''
        current += encoded
    out.append(current.decode('utf-8'))
    return (CRLF + ' ').join(out)


def _fmt(moment):
    return moment.strftime('%Y%m%dT%H%M%S')


def _offset(delta):
    minutes = int(delta.total_seconds() // 60)
    sign = '+' if minutes >= 0 else '-'
    minutes = abs(minutes)
    return '%s%02d%02d' % (sign, minutes // 60, minutes % 60)


def vtimezone(tzname, years):
    """The VTIMEZONE lines of ``tzname`` with its transitions in ``years`` (a range) — enough
    for the dates of the event (a transition of the year before covers its start)."""
    zone = pytz.timezone(tzname)
    lines = ['BEGIN:VTIMEZONE', 'TZID:%s' % tzname]
    transitions = getattr(zone, '_utc_transition_times', None) or []
    infos = getattr(zone, '_transition_info', None) or []
    wanted = [(moment, infos[i], infos[i - 1]) for i, moment in enumerate(transitions)
              if i and moment.year in years]
    if not wanted:
        offset = zone.utcoffset(datetime.datetime(min(years), 1, 1))
        name = datetime.datetime(min(years), 1, 1, tzinfo=pytz.utc).astimezone(zone).tzname()
        lines += ['BEGIN:STANDARD', 'DTSTART:19700101T000000', 'TZOFFSETFROM:%s' % _offset(offset),
                  'TZOFFSETTO:%s' % _offset(offset), 'TZNAME:%s' % name, 'END:STANDARD']
    for moment, (offset, dst, name), (before, _dst, _name) in wanted:
        kind = 'DAYLIGHT' if dst else 'STANDARD'
        lines += ['BEGIN:%s' % kind, 'DTSTART:%s' % _fmt(moment + before),
                  'TZOFFSETFROM:%s' % _offset(before), 'TZOFFSETTO:%s' % _offset(offset),
                  'TZNAME:%s' % name, 'END:%s' % kind]
    lines.append('END:VTIMEZONE')
    return lines


def build(uid, sequence, summary, start, stop, tzname='UTC', allday=False, description=None,
          location=None, organizer=None, attendees=(), method='REQUEST', dtstamp=None,
          cancelled=False, sent_by=None):
    """The text of an invitation.

    ``start``/``stop``: naive UTC datetimes (dates when ``allday``, ``stop`` being the last
    day); ``organizer``: (name, email); ``attendees``: [(name, email, partstat)] with partstat
    an RFC value (NEEDS-ACTION, ACCEPTED, DECLINED, TENTATIVE); ``sent_by``: the e-mail of
    who sends it on the organiser's behalf (SENT-BY, RFC 5545 §3.2.18).
    """
    tzname = tzname if tzname in pytz.all_timezones_set else 'UTC'
    zone = pytz.timezone(tzname)
    dtstamp = dtstamp or datetime.datetime.utcnow()
    lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:%s' % PRODID, 'CALSCALE:GREGORIAN',
             'METHOD:%s' % ('CANCEL' if cancelled else method)]
    event = ['BEGIN:VEVENT', 'UID:%s' % uid, 'SEQUENCE:%d' % int(sequence or 0),
             'DTSTAMP:%sZ' % _fmt(dtstamp)]
    if allday:
        end = stop + datetime.timedelta(days=1)  # DTEND is exclusive
        event += ['DTSTART;VALUE=DATE:%s' % start.strftime('%Y%m%d'),
                  'DTEND;VALUE=DATE:%s' % end.strftime('%Y%m%d')]
    else:
        local_start = pytz.utc.localize(start).astimezone(zone)
        local_stop = pytz.utc.localize(stop).astimezone(zone)
        if tzname != 'UTC':
            lines += vtimezone(tzname, range(local_start.year - 1, local_stop.year + 2))
        event += ['DTSTART;TZID=%s:%s' % (tzname, _fmt(local_start)),
                  'DTEND;TZID=%s:%s' % (tzname, _fmt(local_stop))]
    event.append('SUMMARY:%s' % escape(summary))
    if description:
        event.append('DESCRIPTION:%s' % escape(description))
    if location:
        event.append('LOCATION:%s' % escape(location))
    event.append('STATUS:%s' % ('CANCELLED' if cancelled else 'CONFIRMED'))
    if organizer and organizer[1]:
        event.append('ORGANIZER;CN="%s"%s:mailto:%s' % (
            organizer[0].replace('"', "'"),
            (';SENT-BY="mailto:%s"' % sent_by.replace('"', '')) if sent_by else '', organizer[1]))
    for name, email, partstat in attendees:
        if email:
            event.append('ATTENDEE;CN="%s";ROLE=REQ-PARTICIPANT;PARTSTAT=%s;RSVP=TRUE:mailto:%s'
                         % ((name or email).replace('"', "'"), partstat or 'NEEDS-ACTION', email))
    event.append('END:VEVENT')
    lines += event + ['END:VCALENDAR']
    return CRLF.join(fold(line) for line in lines) + CRLF


PARTSTAT = {'needsAction': 'NEEDS-ACTION', 'accepted': 'ACCEPTED', 'declined': 'DECLINED',
            'tentative': 'TENTATIVE'}


# -- reading (the tests, and whoever checks what was sent) ---------------------------------------

def parse(text):
    """The component tree of an iCalendar text: {'name', 'props': [(name, params, value)],
    'components': [...]}. Raises ValueError on unbalanced BEGIN/END or a line without ':'."""
    if isinstance(text, bytes):
        text = text.decode('utf-8')
    unfolded = []
    for raw in text.replace('\r\n', '\n').split('\n'):
        if raw[:1] in (' ', '\t') and unfolded:
            unfolded[-1] += raw[1:]
        elif raw:
            unfolded.append(raw)
    root = {'name': None, 'props': [], 'components': []}
    stack = [root]
    for line in unfolded:
        head, sep, value = _split(line)
        if not sep:
            raise ValueError('iCalendar line without a value: %r' % line)
        parts = head.split(';')
        name = parts[0].upper()
        params = dict(p.split('=', 1) for p in parts[1:] if '=' in p)
        if name == 'BEGIN':
            component = {'name': value.upper(), 'props': [], 'components': []}
            stack[-1]['components'].append(component)
            stack.append(component)
        elif name == 'END':
            if len(stack) == 1 or stack[-1]['name'] != value.upper():
                raise ValueError('END:%s does not close %s' % (value, stack[-1]['name']))
            stack.pop()
        else:
            stack[-1]['props'].append((name, params, value))
    if len(stack) != 1:
        raise ValueError('%s is not closed' % stack[-1]['name'])
    if len(root['components']) != 1 or root['components'][0]['name'] != 'VCALENDAR':
        raise ValueError('one VCALENDAR expected')
    return root['components'][0]


def _split(line):
    """name;params:value, with ':' allowed inside quoted parameter values."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ':' and not quoted:
            return line[:index], ':', line[index + 1:]
    return line, '', ''


def find(component, name):
    """The sub-components called ``name``, depth first."""
    found = []
    for child in component['components']:
        if child['name'] == name:
            found.append(child)
        found += find(child, name)
    return found


def prop(component, name):
    """(params, value) of the first property ``name`` or (None, None)."""
    for prop_name, params, value in component['props']:
        if prop_name == name:
            return params, value
    return None, None


def problems(calendar):
    """What makes a parsed invitation unusable: required properties missing, a TZID without
    its VTIMEZONE."""
    found = []
    for name in ('VERSION', 'PRODID'):
        if prop(calendar, name)[1] is None:
            found.append('VCALENDAR without %s' % name)
    zones = {prop(z, 'TZID')[1] for z in find(calendar, 'VTIMEZONE')}
    events = find(calendar, 'VEVENT')
    if not events:
        found.append('no VEVENT')
    for event in events:
        for name in ('UID', 'DTSTAMP', 'DTSTART', 'SEQUENCE'):
            if prop(event, name)[1] is None:
                found.append('VEVENT without %s' % name)
        for name in ('DTSTART', 'DTEND'):
            params = prop(event, name)[0] or {}
            if params.get('TZID') and params['TZID'] not in zones:
                found.append('%s in %s without its VTIMEZONE' % (name, params['TZID']))
    return found
