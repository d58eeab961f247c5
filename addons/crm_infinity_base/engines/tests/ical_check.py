"""A structural check of iCalendar text (RFC 5545) for the tests: the ``icalendar`` package is
not in the venv. A plain module, not a test file."""


def ical_problems(data):
    """The list of what is wrong in ``data`` (bytes or str); empty when it is well formed."""
    if isinstance(data, bytes):
        raw = data
    else:
        raw = data.encode('utf-8')
    problems = []
    if not raw.endswith(b'\r\n'):
        problems.append('does not end with CRLF')
    physical = raw.split(b'\r\n')[:-1]
    for number, line in enumerate(physical, 1):
        if b'\n' in line or b'\r' in line:
            problems.append('line %d: bare LF or CR' % number)
        if len(line) > 75:
            problems.append('line %d: %d octets (more than 75)' % (number, len(line)))
        try:
            line.decode('utf-8')
        except UnicodeDecodeError:
            problems.append('line %d: folded inside a UTF-8 character' % number)
    # unfold
    logical = []
    for line in raw.decode('utf-8', 'replace').split('\r\n')[:-1]:
        if line[:1] in (' ', '\t') and logical:
            logical[-1] += line[1:]
        else:
            logical.append(line)
    stack, events, props = [], [], None
    calendar_props = set()
    for line in logical:
        name = line.split(':', 1)[0].split(';', 1)[0].upper()
        if ':' not in line:
            problems.append('no colon: %r' % line)
            continue
        value = line.split(':', 1)[1]
        if name == 'BEGIN':
            stack.append(value)
            if value == 'VEVENT':
                props = set()
        elif name == 'END':
            if not stack or stack[-1] != value:
                problems.append('END:%s does not close %s' % (value, stack[-1:] or 'nothing'))
            else:
                stack.pop()
            if value == 'VEVENT' and props is not None:
                events.append(props)
                props = None
        elif props is not None:
            props.add(name)
        elif stack == ['VCALENDAR']:
            calendar_props.add(name)
    if logical[:1] != ['BEGIN:VCALENDAR'] or logical[-1:] != ['END:VCALENDAR']:
        problems.append('not one VCALENDAR')
    if stack:
        problems.append('not closed: %s' % stack)
    for required in ('VERSION', 'PRODID'):
        if required not in calendar_props:
            problems.append('calendar without %s' % required)
    for index, event in enumerate(events):
        for required in ('UID', 'DTSTAMP', 'DTSTART'):
            if required not in event:
                problems.append('event %d without %s' % (index, required))
    return problems


def ical_events(data):
    """The unfolded VEVENTs of ``data`` as dicts ``{property name: value}``."""
    text = data.decode('utf-8') if isinstance(data, bytes) else data
    text = text.replace('\r\n ', '').replace('\r\n\t', '')
    events, current = [], None
    for line in text.split('\r\n'):
        if line == 'BEGIN:VEVENT':
            current = {}
        elif line == 'END:VEVENT':
            events.append(current)
            current = None
        elif current is not None and ':' in line:
            key, value = line.split(':', 1)
            current[key.split(';', 1)[0]] = value
    return events
