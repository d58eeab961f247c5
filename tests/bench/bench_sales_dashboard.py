"""Sales dashboards performance (issue #4, SPEC S10): every figure of the operational and
administrative dashboards over 100,000 deals, computed in SQL (report views + read_group, no
Python loop over the deals), against a plain ``search_count`` of the same deals.

The deals are inserted with one SQL statement inside the bench's transaction (rolled back by
scripts/bench.py): 20 salespeople, 5 campaigns and 5 sources with a cost, every phase, 60% open
(a third of them dormant), 20% won, 20% lost."""
from tests.bench.framework import Benchmark

N_DEALS = 100000


def _statuses(env):
    Status = env['crm.infinity.deal.status']
    pick = {}
    for phase in ('lead', 'potential', 'opportunity'):
        for kind in ('initial', 'in_progress', 'won', 'lost'):
            status = Status.search([('phase', '=', phase), ('status_type', '=', kind)], limit=1) \
                or Status.search([('phase', '=', 'opportunity'), ('status_type', '=', kind)],
                                 limit=1)
            pick[phase, kind] = status
    return pick


def _insert_deals(env, team, users, campaigns, sources):
    statuses = _statuses(env)
    # (phase, status type) by g %% 10: six open, two won, two lost
    plan = [('lead', 'initial'), ('lead', 'in_progress'), ('potential', 'initial'),
            ('potential', 'in_progress'), ('opportunity', 'initial'),
            ('opportunity', 'in_progress'), ('opportunity', 'won'), ('opportunity', 'won'),
            ('opportunity', 'lost'), ('lead', 'lost')]
    env.cr.execute("""
        INSERT INTO crm_lead (name, type, active, team_id, user_id, company_id, deal_phase,
                              deal_status_id, deal_status_type, planned_revenue, probability,
                              campaign_id, source_id, opening_date, create_date, write_date,
                              date_first_assigned, date_closed, date_open,
                              date_last_stage_update, create_uid, write_uid, priority)
        SELECT 'Bench trattativa ' || g, 'opportunity', (g %% 10) <> 8, %(team)s,
               (%(users)s::int[])[1 + g %% %(nusers)s], %(company)s,
               (%(phases)s::text[])[1 + g %% 10], (%(statuses)s::int[])[1 + g %% 10],
               (%(kinds)s::text[])[1 + g %% 10], 1000 + (g %% 97) * 250, 10,
               (%(campaigns)s::int[])[1 + g %% %(ncampaigns)s],
               (%(sources)s::int[])[1 + g %% %(nsources)s],
               (now() - (g %% 400) * interval '1 day')::date,
               now() - (g %% 400) * interval '1 day',
               now() - (g %% 90) * interval '1 day',
               now() - (g %% 400) * interval '1 day' + (g %% 48) * interval '1 hour',
               CASE WHEN g %% 10 >= 6
                    THEN now() - (g %% 400) * interval '1 day' + (g %% 60) * interval '1 day'
               END,
               now(), now(), 1, 1, '1'
          FROM generate_series(1, %(n)s) g""", {
        'team': team.id, 'users': users.ids, 'nusers': len(users),
        'company': env.user.company_id.id,
        'phases': [p for p, _k in plan], 'kinds': [k for _p, k in plan],
        'statuses': [statuses[p, k].id for p, k in plan],
        'campaigns': campaigns.ids, 'ncampaigns': len(campaigns),
        'sources': sources.ids, 'nsources': len(sources), 'n': N_DEALS})
    env.cr.execute('ANALYZE crm_lead')


def benchmarks(env=None):
    if env is None or 'crm.infinity.deal.report' not in env:
        return []
    team = env['crm.team'].create({'name': 'Bench cruscotto'})
    Users = env['res.users'].with_context(no_reset_password=True, tracking_disable=True)
    group = env.ref('crm_infinity_base.group_crm_salesperson')
    users = Users.browse([Users.create({
        'name': 'Bench venditore %d' % i, 'login': 'bench_dashboard_%d' % i,
        'groups_id': [(6, 0, group.ids)]}).id for i in range(20)])
    campaigns = env['utm.campaign'].browse([env['utm.campaign'].create({
        'name': 'Bench campagna %d' % i, 'crm_cost': 50000.0 * (i + 1)}).id for i in range(5)])
    sources = env['utm.source'].browse([env['utm.source'].create({
        'name': 'Bench fonte %d' % i, 'crm_cost': 20000.0 * (i + 1)}).id for i in range(5)])
    targets = env['crm.infinity.sales.target'].browse([
        env['crm.infinity.sales.target'].create({
            'name': 'Bench obiettivo %d' % i, 'user_id': user.id, 'date_from': '2000-01-01',
            'date_to': '2100-12-31', 'target_amount': 1e6, 'target_count': 500}).id
        for i, user in enumerate(users)])
    _insert_deals(env, team, users, campaigns, sources)
    Lead = env['crm.lead'].with_context(active_test=False)
    Report = env['crm.infinity.deal.report']
    Roi = env['crm.infinity.roi.report']
    Target = env['crm.infinity.target.report']
    base = [('team_id', '=', team.id)]
    assert Lead.search_count(base) == N_DEALS

    def figures():
        Report.read_group(base + [('date_first_assigned', '!=', False)],
                          ['hours_to_assign', 'nbr'], [])
        Report.read_group(base + [('deal_status_type', 'in', ('won', 'lost'))],
                          ['days_to_close', 'nbr'], [])
        Report.read_group(base + [('dormant_count', '=', 1)], ['dormant_count'], [])
        Report.read_group(base + [('open_count', '=', 1)],
                          ['deal_phase', 'planned_revenue', 'open_count'], ['deal_phase'])
        Report.read_group(base, ['user_id', 'won_revenue', 'won_count', 'hours_to_assign',
                                 'days_to_close'], ['user_id'])
        Target.read_group([('target_id', 'in', targets.ids)],
                          ['target_amount', 'actual_amount', 'actual_count'], [])
        Roi.read_group([('campaign_id', 'in', campaigns.ids)],
                       ['campaign_id', 'won_revenue', 'cost'], ['campaign_id'])
        Roi.read_group([('source_id', 'in', sources.ids)],
                       ['source_id', 'won_revenue', 'cost'], ['source_id'])

    def count():
        Lead.search_count(base)

    return [
        Benchmark('Dashboard figures for %d deals (8 read_group on SQL views)' % N_DEALS,
                  figures, count, 'search_count of the same deals', repeat=5),
    ]
