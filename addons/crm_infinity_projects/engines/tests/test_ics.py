import datetime

from odoo.addons.crm_infinity_projects.engines import ics

DT = datetime.datetime


def _event(**values):
    args = dict(uid='abc@crm-infinity', sequence=2, summary='Sopralluogo, cantiere; Rossi',
                start=DT(2026, 12, 10, 9, 0), stop=DT(2026, 12, 10, 10, 30), tzname='Europe/Rome',
                organizer=('Marco Ferrari', 'marco@example.com'),
                attendees=[('Anna Verdi', 'anna@example.com', 'NEEDS-ACTION')],
                dtstamp=DT(2026, 12, 1, 8, 0))
    args.update(values)
    return ics.build(**args)


def test_event_in_the_organiser_zone_with_its_vtimezone():
    calendar = ics.parse(_event())
    assert ics.problems(calendar) == []
    event = ics.find(calendar, 'VEVENT')[0]
    assert ics.prop(event, 'DTSTART') == ({'TZID': 'Europe/Rome'}, '20261210T100000')
    assert ics.prop(event, 'DTEND')[1] == '20261210T113000'
    assert ics.prop(event, 'UID')[1] == 'abc@crm-infinity'
    assert ics.prop(event, 'SEQUENCE')[1] == '2'
    assert ics.prop(event, 'SUMMARY')[1] == 'Sopralluogo\\, cantiere\\; Rossi'
    zone = ics.find(calendar, 'VTIMEZONE')[0]
    offsets = {(c['name'], ics.prop(c, 'TZOFFSETTO')[1]) for c in zone['components']}
    assert ('STANDARD', '+0100') in offsets and ('DAYLIGHT', '+0200') in offsets


def test_summer_time_and_utc():
    event = ics.find(ics.parse(_event(start=DT(2026, 7, 1, 7, 0), stop=DT(2026, 7, 1, 8, 0))),
                     'VEVENT')[0]
    assert ics.prop(event, 'DTSTART')[1] == '20260701T090000'
    calendar = ics.parse(_event(tzname='UTC'))
    assert ics.find(calendar, 'VTIMEZONE') == []
    assert ics.prop(ics.find(calendar, 'VEVENT')[0], 'DTSTART')[1] == '20261210T090000'


def test_all_day_event_ends_the_next_day():
    event = ics.find(ics.parse(_event(allday=True, start=datetime.date(2026, 12, 10),
                                      stop=datetime.date(2026, 12, 11))), 'VEVENT')[0]
    assert ics.prop(event, 'DTSTART') == ({'VALUE': 'DATE'}, '20261210')
    assert ics.prop(event, 'DTEND')[1] == '20261212'


def test_long_lines_are_folded_and_read_back():
    text = _event(description='Verifica dei presidi antincendio è necessaria ' * 10)
    assert all(len(line.encode()) <= 75 for line in text.split('\r\n'))
    event = ics.find(ics.parse(text), 'VEVENT')[0]
    assert ics.prop(event, 'DESCRIPTION')[1].startswith('Verifica dei presidi antincendio è')


def test_unbalanced_text_is_refused_and_missing_zone_reported():
    import pytest
    with pytest.raises(ValueError):
        ics.parse('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n')
    text = _event()
    start = text.index('BEGIN:VTIMEZONE')
    end = text.index('END:VTIMEZONE') + len('END:VTIMEZONE\r\n')
    assert ics.problems(ics.parse(text[:start] + text[end:])) == [
        'DTSTART in Europe/Rome without its VTIMEZONE', 'DTEND in Europe/Rome without its VTIMEZONE']
