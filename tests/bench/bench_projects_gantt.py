"""Gantt of a commessa (issue 16, SPEC C6): the whole Gantt data of 2,000 activities (rows by
assignee, bars, dependency links, critical path, baseline) as their commessa manager, against a
plain ``search_read`` of the same activities and fields, goal <= 2x.

The activities are inserted with SQL inside the bench's transaction (rolled back by
scripts/bench.py): 10 assignees, a third of the activities with a second person, each activity
depends on the previous one and on the one seven before (a dense finish-to-start network)."""
from tests.bench.framework import Benchmark

N_ACTIVITIES = 2000
FIELDS = ['name', 'project_id', 'crm_planned_start', 'crm_planned_end', 'crm_actual_start',
          'crm_date_closed', 'crm_progress', 'crm_state', 'crm_assignee_ids',
          'crm_depends_on_ids', 'user_id', 'planned_hours']


def _insert(env, project, users):
    env.cr.execute("""
        INSERT INTO project_task (name, project_id, user_id, active, kanban_state, crm_state,
                                  company_id, crm_planned_start, crm_planned_end, planned_hours,
                                  crm_progress, sequence, priority, create_uid, write_uid,
                                  create_date, write_date, crm_owner_id)
        SELECT 'Bench attività ' || g, %(project)s, (%(users)s::int[])[1 + g %% %(n_users)s],
               true, 'normal', 'todo', %(company)s,
               timestamp '2027-01-04 08:00' + (g / 7) * interval '1 day',
               timestamp '2027-01-04 16:00' + (g / 7 + g %% 5) * interval '1 day',
               8, 0, g, '0', 1, 1, now(), now(), 1
          FROM generate_series(1, %(n)s) g
        RETURNING id""", {'project': project.id, 'users': users.ids, 'n_users': len(users),
                          'company': env.user.company_id.id, 'n': N_ACTIVITIES})
    ids = sorted(row[0] for row in env.cr.fetchall())
    env.cr.execute("""
        INSERT INTO crm_infinity_task_assignee_rel (task_id, user_id)
        SELECT t.id, t.user_id FROM project_task t WHERE t.id = ANY(%(ids)s)
        UNION
        SELECT t.id, (%(users)s::int[])[1 + (t.sequence + 1) %% %(n_users)s]
          FROM project_task t WHERE t.id = ANY(%(ids)s) AND t.id %% 3 = 0""",
                   {'ids': ids, 'users': users.ids, 'n_users': len(users)})
    deps = [(ids[i], ids[i - 1]) for i in range(1, len(ids))] + \
        [(ids[i], ids[i - 7]) for i in range(7, len(ids))]
    env.cr.execute("""INSERT INTO crm_infinity_task_dependency_rel (task_id, depends_on_id)
                      SELECT * FROM unnest(%s::int[], %s::int[])""",
                   ([d[0] for d in deps], [d[1] for d in deps]))
    env.cr.execute('ANALYZE project_task')
    env['project.task'].invalidate_cache()
    return ids


def benchmarks(env=None):
    if env is None or 'crm.infinity.gantt.baseline' not in env:
        return []
    Users = env['res.users'].with_context(no_reset_password=True, tracking_disable=True)
    manager = Users.create({
        'name': 'Bench responsabile Gantt', 'login': 'bench_gantt_manager', 'tz': 'Europe/Rome',
        'groups_id': [(6, 0, env.ref('crm_infinity_base.group_crm_commessa_manager').ids)]})
    assignee_group = env.ref('crm_infinity_base.group_crm_assignee')
    users = Users.browse([Users.create({
        'name': 'Bench tecnico %d' % i, 'login': 'bench_gantt_%d' % i,
        'groups_id': [(6, 0, assignee_group.ids)]}).id for i in range(10)])
    project = env['project.project'].with_context(tracking_disable=True).create({
        'name': 'Bench commessa Gantt', 'user_id': manager.id})
    _insert(env, project, users)
    as_manager = project.sudo(manager)
    Task = env['project.task'].sudo(manager)
    domain = [('project_id', '=', project.id)]
    assert Task.search_count(domain) == N_ACTIVITIES
    data = as_manager.crm_gantt_data()
    assert len(data['bars']) == N_ACTIVITIES and not data['error']
    assert all(bar['can_move'] for bar in data['bars'])

    def gantt():
        as_manager.crm_gantt_data()

    def plain():
        Task.search_read(domain, FIELDS, order='crm_planned_start, crm_planned_end, id')

    return [
        Benchmark('Gantt data of %d activities (dependencies, critical path)' % N_ACTIVITIES,
                  gantt, plain, 'search_read of the same activities', goal=2.0, repeat=5,
                  before_subject=Task.invalidate_cache, before_baseline=Task.invalidate_cache),
    ]
