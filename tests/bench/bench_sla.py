"""SLA performance (issue: support SLA).

1. Deadlines and pre-warnings of 100,000 open tickets on a few calendars, with the batch
   arithmetic of ``crm_infinity_support/sla``, against one ``resource.calendar.plan_hours`` per
   ticket as Odoo computes it. The Odoo call takes milliseconds, so it is timed on a sample of
   ``N_SAMPLE`` tickets and its time multiplied by ``N_TICKETS / N_SAMPLE`` (stated in the
   figure's baseline); the sample's deadlines are checked equal first.
2. The cron pass that finds the due pre-warnings and breaches among 100,000 ticket SLA rows
   (inserted in SQL, rolled back with the benchmark's transaction): its query on the partial
   ``next_check`` index against a ``search_count`` of the same due rows on status and dates.
"""
import datetime as dt
import random

from tests.bench.framework import Benchmark

N_TICKETS = 100000
N_SAMPLE = 400
N_SLA_ROWS = 100000
ROME = 'Europe/Rome'
HOLIDAYS_2026 = ['2026-01-01', '2026-01-06', '2026-04-06', '2026-04-25', '2026-05-01',
                 '2026-06-02', '2026-08-15', '2026-11-01', '2026-12-08', '2026-12-25',
                 '2026-12-26', '2027-01-01', '2027-01-06']
CALENDARS = {
    'Assistenza 9-13 / 14-18': [(d, a, b) for d in range(5) for a, b in ((9, 13), (14, 18))],
    'Officina 8-12 / 13-17 + sabato': [(d, a, b) for d in range(5) for a, b in ((8, 12), (13, 17))]
                                       + [(5, 8, 12)],
    'Help desk 7-21': [(d, 7, 21) for d in range(6)],
}


class ExtrapolatedBenchmark(Benchmark):
    """A benchmark whose baseline runs on a sample: its time is scaled to the full size."""

    def __init__(self, *args, baseline_scale=1.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.baseline_scale = baseline_scale

    def _time(self, fn):
        elapsed = super()._time(fn)
        return elapsed * self.baseline_scale if fn is self.baseline else elapsed

    def run(self):
        result = super().run()
        if result['ratio']:  # a ratio far below 0.01 prints as 0.00x: say it as a speed-up too
            result['baseline'] += '; %.0fx faster' % (1 / result['ratio'])
        return result


def _calendars(env):
    from odoo.addons.crm_infinity_support.sla import local_to_utc
    result = env['resource.calendar']
    for name, hours in CALENDARS.items():
        calendar = env['resource.calendar'].create({
            'name': 'bench ' + name, 'tz': ROME, 'attendance_ids': [(5, 0, 0)] + [
                (0, 0, {'name': name, 'dayofweek': str(d), 'hour_from': a, 'hour_to': b})
                for d, a, b in hours]})
        for day in HOLIDAYS_2026:
            date = dt.datetime.strptime(day, '%Y-%m-%d')
            env['resource.calendar.leaves'].create({
                'name': 'festivo', 'calendar_id': calendar.id, 'tz': ROME,
                'date_from': local_to_utc(ROME, date),
                'date_to': local_to_utc(ROME, date.replace(hour=23, minute=59, second=59))})
        result |= calendar
    return result


def _open_tickets(calendars):
    """(calendar, start, budget hours, warn %) of 100,000 open tickets opened during 2026."""
    rnd = random.Random(2026)
    year = dt.datetime(2026, 1, 1)
    return [(calendars[i % len(calendars)],
             year + dt.timedelta(seconds=rnd.randrange(0, 365 * 86400)),
             rnd.choice((1, 2, 4, 8, 16, 24, 40)), rnd.choice((75, 80, 90)))
            for i in range(N_TICKETS)]


def _deadline_benchmark(env):
    calendars = _calendars(env)
    tickets = _open_tickets(calendars)
    Ticket = env['crm.infinity.ticket']
    by_calendar = {}
    for calendar, start, hours, warn in tickets:
        by_calendar.setdefault(calendar, ([], [], []))
        lists = by_calendar[calendar]
        lists[0].append(start)
        lists[1].append(hours)
        lists[2].append(warn)

    def batch():
        calendars.clear_caches()  # the calendars are read from the database every time
        count = 0
        for calendar, (starts, hours, warns) in by_calendar.items():
            working = calendar._sla_working_calendar()
            deadlines, warn_at = Ticket._sla_deadlines_batch(working, starts, hours, warns)
            count += len(deadlines) + len(warn_at)
        assert count == 2 * N_TICKETS

    sample = tickets[::N_TICKETS // N_SAMPLE][:N_SAMPLE]
    in_rome = {calendar: calendar.with_context(tz=ROME) for calendar in calendars}

    def odoo_per_ticket():
        return [in_rome[calendar].plan_hours(hours, start, compute_leaves=True)
                for calendar, start, hours, _warn in sample]

    # the same results as Odoo, on the sample, before timing anything
    expected = odoo_per_ticket()
    got = [Ticket._sla_deadlines_batch(calendar._sla_working_calendar(), [start], [hours], [warn])[0][0]
           for calendar, start, hours, warn in sample]
    mismatches = [(s, h, e, g) for (c, s, h, w), e, g in zip(sample, expected, got) if e != g]
    assert not mismatches, 'SLA deadlines differ from resource.calendar: %s' % mismatches[:5]

    scale = N_TICKETS / len(sample)
    return ExtrapolatedBenchmark(
        'SLA deadlines + pre-warnings of %d open tickets (3 calendars, holidays)' % N_TICKETS,
        batch, odoo_per_ticket,
        'resource.calendar.plan_hours per ticket (deadline only), timed on %d tickets x %d'
        % (len(sample), scale),
        goal=0.1, repeat=3, items=N_TICKETS, baseline_scale=scale)


def _cron_benchmark(env):
    cr = env.cr
    center = env['crm.infinity.service.center'].create({'name': 'bench SLA', 'code': 'BSLA'})
    policy = env['crm.infinity.sla.policy'].create({
        'name': 'bench', 'center_id': center.id,
        'target_ids': [(0, 0, {'name': 'bench %d' % i, 'kind': 'resolution', 'hours': 8})
                       for i in range(100)]})
    stage = env.ref('crm_infinity_support.stage_open')
    n_tickets = N_SLA_ROWS // len(policy.target_ids)
    cr.execute("""
        INSERT INTO crm_infinity_ticket (name, number, center_id, stage_id, state, priority,
                                         channel, active, create_uid, write_uid, create_date,
                                         write_date)
        SELECT 'bench ' || g, 'BSLA-' || g, %s, %s, 'open', '1', 'phone', true, 1, 1,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM generate_series(1, %s) g
     RETURNING id""", (center.id, stage.id, n_tickets))
    ticket_ids = [row[0] for row in cr.fetchall()]
    now = dt.datetime(2026, 6, 15, 10, 0)
    # 80% met or failed (no next check), 20% running with their checks spread over the next
    # weeks; 0.1% of all rows due now (half pre-warnings, half breaches)
    cr.execute("""
        INSERT INTO crm_infinity_ticket_sla (ticket_id, target_id, policy_id, name, kind, center_id,
                                             priority, hours, warn_percent, status, date_start,
                                             deadline, warn_at, warned, next_check, create_uid,
                                             write_uid, create_date, write_date)
        SELECT x.ticket_id, x.target_id, x.policy_id, x.name, x.kind, %(center)s, '1', 8, 80,
               CASE WHEN x.n %% 5 = 0 THEN 'running'
                    WHEN x.n %% 5 = 1 THEN 'failed' ELSE 'met' END,
               %(now)s - interval '3 days',
               CASE WHEN x.n %% 2000 = 0 THEN %(now)s - interval '1 minute'
                    ELSE %(now)s + (1 + x.n %% 997) * interval '1 hour' END,
               CASE WHEN x.n %% 1000 = 0 THEN %(now)s - interval '2 minutes'
                    ELSE %(now)s + (1 + x.n %% 997) * interval '1 hour' - interval '30 minutes' END,
               x.n %% 2000 = 0,
               CASE WHEN x.n %% 2000 = 0 THEN %(now)s - interval '1 minute'
                    WHEN x.n %% 1000 = 0 THEN %(now)s - interval '2 minutes'
                    WHEN x.n %% 5 = 0
                    THEN %(now)s + (1 + x.n %% 997) * interval '1 hour' - interval '30 minutes'
                    END,
               1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM (SELECT t.id AS ticket_id, tg.id AS target_id, tg.policy_id, tg.name, tg.kind,
                       row_number() OVER () AS n
                  FROM unnest(%(tickets)s) AS t(id)
                 CROSS JOIN crm_infinity_sla_target tg
                 WHERE tg.policy_id = %(policy)s) x""",
               {'center': center.id, 'now': now, 'tickets': ticket_ids, 'policy': policy.id})
    cr.execute('ANALYZE crm_infinity_ticket_sla')
    TicketSla = env['crm.infinity.ticket.sla']
    params = {'now': now, 'limit': 1000}
    breach_query = TicketSla._due_query('deadline < %(now)s AND breached IS NOT TRUE', 1000)
    warn_query = TicketSla._due_query('warn_at <= %(now)s AND warned IS NOT TRUE', 1000)
    now_s = now.strftime('%Y-%m-%d %H:%M:%S')
    due_domain = [('status', '=', 'running'), '|',
                  '&', ('deadline', '<', now_s), ('breached', '=', False),
                  '&', ('warn_at', '<=', now_s), ('warned', '=', False)]

    def cron_pass():
        with cr.savepoint():  # the row locks go with the savepoint
            cr.execute(breach_query, params)
            due = len(cr.fetchall())
            cr.execute(warn_query, params)
            due += len(cr.fetchall())
        return due

    def search_count():
        return TicketSla.search_count(due_domain)

    due = cron_pass()
    assert due == search_count() and due > 0, (due, search_count())
    return Benchmark('SLA cron pass: due warnings/breaches among %d ticket SLAs (%d due)'
                     % (N_SLA_ROWS, due), cron_pass, search_count,
                     'search_count() of the same due rows', goal=1.0, repeat=7)


def benchmarks(env=None):
    if env is None or 'crm.infinity.ticket.sla' not in env:
        return []
    return [_deadline_benchmark(env), _cron_benchmark(env)]
