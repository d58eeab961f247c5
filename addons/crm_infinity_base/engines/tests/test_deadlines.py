import datetime

from odoo.addons.crm_infinity_base.engines.deadlines import (
    deadline_day, escape_text, fold, ical, is_due, plan_reminders, role_users)
from odoo.addons.crm_infinity_base.engines.tests.ical_check import ical_events, ical_problems

D = datetime.date
TODAY = D(2026, 3, 10)


def _deadline(kind='quote_expiry', day=D(2026, 3, 12), res_id=1, **extra):
    values = {'kind': kind, 'date': day, 'name': 'Offerta %s' % res_id, 'res_model': 'sale.order',
              'res_id': res_id, 'user_ids': [10], 'partner_id': 500}
    values.update(extra)
    return values


PARTNERS = {10: 110, 11: 111, 12: 112}


def test_due_from_the_offset_until_the_day_itself():
    assert not is_due(D(2026, 3, 14), 3, TODAY)
    assert is_due(D(2026, 3, 13), 3, TODAY)
    assert is_due(TODAY, 3, TODAY)
    assert is_due(TODAY, 0, TODAY)
    assert not is_due(D(2026, 3, 9), 3, TODAY)  # past: not reminded


def test_roles_default_to_owner():
    assert role_users(_deadline(), ['owner']) == [10]
    assert role_users(_deadline(), ['manager']) == []
    deadline = _deadline(roles={'owner': [10], 'manager': [11, 10], 'assignee': [12]})
    assert role_users(deadline, ['manager', 'assignee']) == [11, 10, 12]


def test_plan_per_kind_offset_roles_channels():
    deadlines = [
        _deadline(res_id=1, day=D(2026, 3, 12)),  # in 2 days: quote offset 3 -> due
        _deadline(res_id=2, day=D(2026, 3, 20)),  # in 10 days: not yet
        _deadline(kind='commessa_end', res_model='project.project', res_id=3,
                  day=D(2026, 3, 16), roles={'owner': [10], 'manager': [11]}),
        _deadline(kind='planned_activity', res_id=4),  # no settings: never reminded
    ]
    settings = {
        'quote_expiry': {'days_before': 3, 'roles': ['owner'], 'channels': ['email']},
        'commessa_end': {'days_before': 7, 'roles': ['manager'], 'channels': ['email', 'sms'],
                         'customer': True, 'partner_ids': [999]},
    }
    plan = plan_reminders(deadlines, settings, TODAY, PARTNERS)
    got = sorted((p['deadline']['res_id'], p['partner_id'], p['channel']) for p in plan)
    assert got == sorted([(1, 110, 'email'),
                          (3, 111, 'email'), (3, 111, 'sms'), (3, 500, 'email'),
                          (3, 500, 'sms'), (3, 999, 'email'), (3, 999, 'sms')])
    assert [p['key'] for p in plan] == sorted(p['key'] for p in plan)


def test_plan_one_reminder_per_recipient_even_with_two_roles():
    deadline = _deadline(roles={'owner': [10], 'manager': [10]})
    settings = {'quote_expiry': {'days_before': 3, 'roles': ['owner', 'manager'],
                                 'channels': ['email']}}
    assert len(plan_reminders([deadline], settings, TODAY, PARTNERS)) == 1


def test_datetime_deadline_day_in_the_users_zone():
    moment = datetime.datetime(2026, 3, 10, 23, 30)
    assert deadline_day({'date': moment}) == D(2026, 3, 10)
    rome = datetime.timezone(datetime.timedelta(hours=1))
    assert deadline_day({'date': moment}, rome) == D(2026, 3, 11)


def test_fold_never_splits_a_character():
    line = 'SUMMARY:' + 'è' * 100
    folded = fold(line)
    for physical in folded.split('\r\n'):
        assert len(physical.encode('utf-8')) <= 75
    assert folded.replace('\r\n ', '') == line
    assert fold('SHORT:x') == 'SHORT:x'


def test_escape():
    assert escape_text('a,b;c\\d\ne') == 'a\\,b\\;c\\\\d\\ne'


def test_ical_is_well_formed():
    deadlines = [
        _deadline(name='Offerta, lunga ' * 10 + 'àèìòù'),
        _deadline(kind='sla_deadline', res_model='crm.infinity.ticket', res_id=7,
                  date=datetime.datetime(2026, 3, 11, 9, 15), note='Prima risposta'),
    ]
    text = ical(deadlines, datetime.datetime(2026, 3, 10, 6, 0), '-//CRM Infinity//Scadenze//IT',
                'Scadenze di Anna', 'crm.example.com',
                labels={'quote_expiry': 'Scadenza offerta', 'sla_deadline': 'Scadenza SLA'},
                url_of=lambda d: 'https://crm.example.com/web#model=%s&id=%s' % (
                    d['res_model'], d['res_id']))
    assert ical_problems(text) == []
    events = ical_events(text)
    assert len(events) == 2
    assert events[0]['DTSTART'] == '20260311T091500Z'
    assert events[1]['DTSTART'] == '20260312'
    assert events[1]['SUMMARY'].startswith('Scadenza offerta: Offerta\\, lunga')
    assert len({e['UID'] for e in events}) == 2


def test_the_checker_finds_problems():
    assert ical_problems('BEGIN:VCALENDAR\nEND:VCALENDAR\n')
    assert 'event 0 without UID' in ical_problems(
        'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nDTSTAMP:x\r\n'
        'DTSTART:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n')
    assert ical_problems('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:' + 'x' * 80 +
                         '\r\nEND:VCALENDAR\r\n')
