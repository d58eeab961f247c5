"""Support cockpit performance (SPEC T11, T13): full-text search and KPIs on a large help desk."""
from tests.bench.framework import Benchmark

N_TICKETS = 50000
WORDS = ['caldaia', 'caldaie', 'valvola', 'pompa', 'bruciatore', 'fattura', 'contratto',
         'manutenzione', 'perdita', 'rumore', 'termostato', 'radiatore']


def benchmarks(env=None):
    if env is None or 'crm.infinity.ticket.report' not in env:
        return []
    cr = env.cr
    Ticket = env['crm.infinity.ticket']
    Report = env['crm.infinity.ticket.report']
    center = env['crm.infinity.service.center'].create({
        'name': 'Bench assistenza', 'code': 'BENCH',
        'resource_calendar_id': env.ref('resource.resource_calendar_std').id})
    stages = [env.ref('crm_infinity_support.stage_%s' % s) for s in ('new', 'open', 'closed')]
    users = env['res.users'].search([], limit=10).ids
    # tickets and one customer message each, inserted in SQL: words rotate so that each search
    # word matches one ticket in twelve by its subject and another by its messages
    cr.execute("""
        INSERT INTO crm_infinity_ticket (number, name, description, center_id, company_id,
                                         priority, channel, stage_id, state, user_id, active,
                                         first_response_hours, resolution_hours, reopen_count,
                                         create_uid, write_uid, create_date, write_date,
                                         date_first_response, date_closed)
        SELECT 'BENCH-' || g, 'Richiesta ' || (%(words)s::text[])[1 + g %% 12] || ' ' || g,
               '<p>Il cliente segnala un problema n. ' || g || '</p>', %(center)s, %(company)s,
               (g %% 4)::text, 'phone', (%(stages)s::int[])[1 + g %% 3],
               (ARRAY['new', 'open', 'closed'])[1 + g %% 3], (%(users)s::int[])[1 + g %% %(nusers)s],
               true, (g %% 17) / 2.0, (g %% 41) / 2.0, g %% 7 / 6, 1, 1,
               now() - (g || ' minutes')::interval, now(), now(), now()
          FROM generate_series(1, %(n)s) g""", {
        'words': WORDS, 'center': center.id, 'company': center.company_id.id,
        'stages': [s.id for s in stages], 'users': users, 'nusers': len(users), 'n': N_TICKETS})
    cr.execute("""
        INSERT INTO mail_message (model, res_id, body, message_type, date, create_date, write_date)
        SELECT 'crm.infinity.ticket', t.id,
               '<p>Verificare ' || (%(words)s::text[])[1 + (t.id + 5) %% 12] || ' in loco</p>',
               'comment', now(), now(), now()
          FROM crm_infinity_ticket t WHERE t.center_id = %(center)s""",
               {'words': WORDS, 'center': center.id})
    cr.execute('ANALYZE crm_infinity_ticket')
    cr.execute('ANALYZE mail_message')
    base = [('center_id', '=', center.id)]

    def fulltext():
        assert Ticket.search_count(base + [('fulltext', 'ilike', 'valvole')]) > 0

    def substring():
        assert Ticket.search_count(base + [('name', 'ilike', 'valvol')]) > 0

    def kpis():
        Report.read_group(base, ['user_id', 'backlog', 'first_response_hours', 'resolution_hours',
                                 'reopen_rate'], ['user_id'])

    def counts():
        Ticket.read_group(base, ['user_id'], ['user_id'])

    return [
        Benchmark('Full-text search (subject, description, messages) in %d tickets' % N_TICKETS,
                  fulltext, substring, 'ilike on the subject only', goal=1.2, repeat=5),
        Benchmark('KPIs per operator (report, working hours) over %d tickets' % N_TICKETS,
                  kpis, counts, 'read_group count of the tickets', goal=2.0, repeat=5),
    ]
