"""MyDesk and the Scheda riepilogo performance (issue #17, SPEC B9/B10).

- MyDesk of a salesperson with 10,000 deals and 5,000 activities: every tile of his MyDesk in
  its one RPC (``crm.infinity.desk.crm_desk_load``, tiles described, counted as him, formatted)
  against the same tiles counted naively, one ``search_count`` per tile (report only).
- The card of a company with 10,000 timeline items (messages, communications, deals on the
  company and its contacts): its first page (``crm_timeline_load``) against a plain search of
  the first page of its messages, both as the salesperson (goal: at most 2x).

The data is inserted with SQL inside the bench's transaction (rolled back by scripts/bench.py).
"""
from tests.bench.framework import Benchmark

N_DEALS = 10000
N_ACTIVITIES = 5000
N_MESSAGES = 5000
N_COMMUNICATIONS = 3000
N_CARD_DEALS = 2000
PAGE = 40


def _salesperson(env):
    Users = env['res.users'].with_context(no_reset_password=True, tracking_disable=True)
    return Users.create({
        'name': 'Bench MyDesk', 'login': 'bench_desk', 'tz': 'Europe/Rome',
        'groups_id': [(6, 0, env.ref('crm_infinity_base.group_crm_salesperson').ids)]})


def _insert_deals(env, user, partner_ids, n):
    status = env['crm.infinity.deal.status'].search([], order='id')
    env.cr.execute("""
        INSERT INTO crm_lead (name, type, active, user_id, company_id, partner_id, deal_phase,
                              deal_status_id, deal_status_type, planned_revenue, probability,
                              opening_date, create_date, write_date, date_closed, create_uid,
                              write_uid, priority)
        SELECT 'Bench trattativa ' || g, 'opportunity', true, %(user)s, %(company)s,
               (%(partners)s::int[])[1 + g %% %(npartners)s],
               (%(phases)s::text[])[1 + g %% 3], (%(statuses)s::int[])[1 + g %% %(nstatus)s],
               (%(kinds)s::text[])[1 + g %% %(nstatus)s], 1000 + (g %% 97) * 250, 10,
               (now() - (g %% 400) * interval '1 day')::date,
               now() - (g %% 400) * interval '1 day' - g * interval '1 second', now(),
               now() - (g %% 60) * interval '1 day', 1, 1, '1'
          FROM generate_series(1, %(n)s) g
        RETURNING id""", {
        'user': user.id, 'company': env.user.company_id.id, 'partners': partner_ids,
        'npartners': len(partner_ids), 'phases': ['lead', 'potential', 'opportunity'],
        'statuses': status.ids, 'kinds': status.mapped('status_type'),
        'nstatus': len(status), 'n': n})
    return [row[0] for row in env.cr.fetchall()]


def _insert_activities(env, user, deal_ids, n):
    model = env['ir.model']._get('crm.lead')
    activity_type = env['mail.activity.type'].search([], limit=1)
    env.cr.execute("""
        INSERT INTO mail_activity (res_id, res_model_id, res_model, res_name, activity_type_id,
                                   summary, date_deadline, user_id, create_uid, write_uid,
                                   create_date, write_date)
        SELECT (%(deals)s::int[])[1 + g %% %(ndeals)s], %(model)s, 'crm.lead', 'Bench',
               %(type)s, 'Richiamare ' || g, (now() + (g %% 30 - 15) * interval '1 day')::date,
               %(user)s, 1, 1, now(), now()
          FROM generate_series(1, %(n)s) g""", {
        'deals': deal_ids, 'ndeals': len(deal_ids), 'model': model.id,
        'type': activity_type.id, 'user': user.id, 'n': n})


def _card_company(env, user):
    Partner = env['res.partner']
    company = Partner.create({'name': 'Bench Scheda S.r.l.', 'is_company': True,
                              'user_id': user.id})
    contacts = [Partner.create({'name': 'Bench contatto %d' % i, 'parent_id': company.id}).id
                for i in range(10)]
    partner_ids = [company.id] + contacts
    env.cr.execute("""
        INSERT INTO mail_message (model, res_id, message_type, body, subject, date, author_id,
                                  record_name, create_uid, write_uid, create_date, write_date)
        SELECT 'res.partner', (%(partners)s::int[])[1 + g %% %(np)s], 'comment',
               '<p>Nota ' || g || '</p>', NULL, now() - g * interval '37 minutes',
               %(author)s, 'Bench', 1, 1, now(), now()
          FROM generate_series(1, %(n)s) g""", {
        'partners': partner_ids, 'np': len(partner_ids), 'author': user.partner_id.id,
        'n': N_MESSAGES})
    env.cr.execute("""
        INSERT INTO crm_infinity_communication (partner_id, commercial_partner_id, kind,
                                                direction, date, user_id, subject, state,
                                                create_uid, write_uid, create_date, write_date)
        SELECT (%(partners)s::int[])[1 + g %% %(np)s], %(company)s, 'phone', 'out',
               now() - g * interval '53 minutes', %(user)s, 'Chiamata ' || g, 'done',
               1, 1, now(), now()
          FROM generate_series(1, %(n)s) g""", {
        'partners': partner_ids, 'np': len(partner_ids), 'company': company.id,
        'user': user.id, 'n': N_COMMUNICATIONS})
    _insert_deals(env, user, partner_ids, N_CARD_DEALS)
    # the statistics autovacuum keeps on a real database (rows inserted in SQL have none)
    env.cr.execute('ANALYZE mail_message')
    env.cr.execute('ANALYZE crm_infinity_communication')
    env.cr.execute('ANALYZE crm_lead')
    return company, partner_ids


def benchmarks(env=None):
    if env is None or 'crm.infinity.desk' not in env or 'crm.lead' not in env:
        return []
    user = _salesperson(env)
    customers = [env['res.partner'].create({'name': 'Bench cliente %d' % i,
                                            'is_company': True, 'user_id': user.id}).id
                 for i in range(20)]
    deal_ids = _insert_deals(env, user, customers, N_DEALS)
    _insert_activities(env, user, deal_ids, N_ACTIVITIES)
    env.cr.execute('ANALYZE crm_lead')
    env.cr.execute('ANALYZE mail_activity')
    env.clear()

    Desk = env['crm.infinity.desk'].sudo(user)
    tiles = [tile for tile in Desk._crm_desk_tiles(user, 'me')
             if tile.get('kind', 'count') in ('count', 'chart')]

    def desk():
        env.clear()
        Desk.crm_desk_load()

    def naive():
        env.clear()
        for tile in tiles:
            env[tile['res_model']].sudo(user).search_count(tile['domain'])

    company, partner_ids = _card_company(env, user)
    env.clear()
    Timeline = env['crm.infinity.timeline'].sudo(user)
    Message = env['mail.message'].sudo(user)
    # the company's card opened once (its index made), then the statistics autovacuum keeps
    Timeline.crm_timeline_load(company.id, limit=PAGE)
    env.cr.execute('ANALYZE crm_infinity_timeline_item')

    def card():
        env.clear()
        Timeline.crm_timeline_load(company.id, limit=PAGE)

    def messages():
        env.clear()
        Message.search([('model', '=', 'res.partner'), ('res_id', 'in', partner_ids)],
                       limit=PAGE).read(['date', 'body', 'subject', 'author_id'])

    return [
        Benchmark('MyDesk of a salesperson, %d deals and %d activities (%d counted tiles, '
                  'one RPC)' % (N_DEALS, N_ACTIVITIES, len(tiles)),
                  desk, naive, 'one search_count per tile', repeat=5),
        Benchmark('Scheda riepilogo, first page of %d of a company with 10,000 items' % PAGE,
                  card, messages, 'plain search of its messages (first page)', goal=2.0,
                  repeat=5),
    ]
