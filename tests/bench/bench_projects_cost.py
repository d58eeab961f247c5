"""Projects costing performance (issue 16, Performance): the cost of 1,000 commesse of 100
timesheet lines each.

* the cost report of the commesse (``project.project._crm_cost_report``: two grouped queries,
  time and extra costs) against the per-line Python loop a naive implementation makes (browse
  every line, add its amount to its commessa): goal at least 20 times faster, i.e. a ratio
  <= 0.05;
* the same report against a plain ``read_group`` of the same lines by commessa: goal <= 2x.

The data is built in SQL (copies of one commessa and one line made through the ORM) inside the
benchmark's transaction, which ``scripts/bench.py`` rolls back.
"""
from tests.bench.framework import Benchmark

N_PROJECTS = 1000
N_LINES = 100


def _columns(cr, table, skip=()):
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s "
               "AND column_name != 'id'", (table,))
    return [c for c, in cr.fetchall() if c not in skip]


def _build(env):
    cr = env.cr
    user = env.ref('base.user_admin') if env.ref('base.user_admin', raise_if_not_found=False) \
        else env.user
    env['crm.infinity.hourly.rate'].create({'user_id': user.id, 'date_from': '2000-01-01',
                                            'date_to': '2000-12-31', 'cost_rate': 40.0,
                                            'sale_rate': 70.0})
    project = env['project.project'].create({'name': 'Bench commessa'})
    line = env['account.analytic.line'].create({
        'name': 'Bench', 'date': '2000-06-01', 'unit_amount': 1.5, 'project_id': project.id,
        'user_id': user.id})
    account_cols = _columns(cr, 'account_analytic_account')
    cr.execute('INSERT INTO account_analytic_account (%s) SELECT %s FROM account_analytic_account '
               'a, generate_series(1, %%s) WHERE a.id = %%s RETURNING id'
               % (', '.join(account_cols), ', '.join('a.' + c for c in account_cols)),
               (N_PROJECTS, project.analytic_account_id.id))
    accounts = [r[0] for r in cr.fetchall()]
    project_cols = _columns(cr, 'project_project', skip=('analytic_account_id',))
    project_ids = []
    for account_id in accounts:
        cr.execute('INSERT INTO project_project (analytic_account_id, %s) SELECT %%s, %s '
                   'FROM project_project WHERE id = %%s RETURNING id'
                   % (', '.join(project_cols), ', '.join(project_cols)), (account_id, project.id))
        project_ids.append(cr.fetchone()[0])
    line_cols = _columns(cr, 'account_analytic_line',
                         skip=('project_id', 'account_id', 'unit_amount', 'amount'))
    cr.execute("""
        INSERT INTO account_analytic_line (project_id, account_id, unit_amount, amount, %s)
        SELECT p.id, p.analytic_account_id, 0.5 + mod(n, 8), -40.0 * (0.5 + mod(n, 8)), %s
          FROM account_analytic_line l, project_project p, generate_series(1, %%s) n
         WHERE l.id = %%s AND p.id IN %%s""" % (', '.join(line_cols),
                                                ', '.join('l.' + c for c in line_cols)),
               (N_LINES, line.id, tuple(project_ids)))
    cr.execute('ANALYZE account_analytic_line')
    env.clear()
    return env['project.project'].browse(project_ids)


def benchmarks(env=None):
    if env is None or 'crm.infinity.hourly.rate' not in env:
        return []
    projects = _build(env)
    Line = env['account.analytic.line']

    def report():
        projects._crm_cost_report()

    def python_loop():
        env.clear()
        totals = {}
        for line in Line.search([('project_id', 'in', projects.ids)]):
            totals[line.project_id.id] = totals.get(line.project_id.id, 0.0) - line.amount
        return totals

    def read_group():
        Line.read_group([('project_id', 'in', projects.ids)], ['project_id', 'amount', 'unit_amount'],
                        ['project_id'])

    rows = Line.read_group([('project_id', 'in', projects.ids)], ['project_id', 'amount'],
                           ['project_id'])
    expected = {r['project_id'][0]: round(-r['amount'], 2) for r in rows}
    got = {p: round(r['time_cost'], 2) for p, r in projects._crm_cost_report().items()}
    assert got == expected, 'the report and read_group disagree'
    lines = N_PROJECTS * N_LINES
    # the per-line loop takes minutes on a shared machine: one timed run (plus the warm-up)
    return [
        Benchmark('Cost of 1,000 commesse x 100 lines: report vs per-line loop', report,
                  python_loop, 'per-line Python loop', goal=0.05, repeat=1, items=lines),
        Benchmark('Cost of 1,000 commesse x 100 lines: report vs read_group', report,
                  read_group, 'read_group of the lines', goal=2.0, repeat=7, items=lines),
    ]
