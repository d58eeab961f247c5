"""Routing rules performance goal (issue: routing rules, SPEC S3/T5): creating records through 50
routing rules costs at most 1.3x creating them with no rule.

The issue asks it for 10,000 sales deals (see bench_sales.py for the deals); the test model
creates N_RECORDS per run, against creating them with the same assignees given by hand (the
field the rules fill; without it the baseline would leave out what any assignment costs): the
ratio does not depend on N, since rules are compiled once and evaluated in Python on each
record's facts, read in a fixed number of queries per record. The test record is a bare
mail.thread (about forty queries to create), so the fixed cost of a routing (its primanota line
in the hash chain, its routing log line, the round-robin pointer: about ten queries) weighs more
here than on a deal (bench_sales.py). The rules are switched on and off outside the timed runs
(a rule write clears the registry caches, which is not part of creating a record), and
N_RECORDS and REPEAT are large enough for the medians to be stable on a shared machine.
"""
from tests.bench.framework import Benchmark

N_RECORDS = 200
REPEAT = 7
N_RULES = 50


def salespeople(env, prefix, count):
    """``count`` salespeople for the pools of the routing benchmarks."""
    Users = env['res.users'].with_context(no_reset_password=True, tracking_disable=True)
    group = env.ref('crm_infinity_base.group_crm_salesperson')
    return Users.browse([Users.create({'name': '%s %d' % (prefix, i), 'login': '%s%d' % (prefix, i),
                                       'groups_id': [(6, 0, [group.id])]}).id for i in range(count)])


def routing_rules(env, model, users, kinds, prefix, count=N_RULES):
    """``count - 1`` rules that do not match the records, each of the next kind of condition in
    ``kinds`` (``i -> values``), then a catch-all pool sharing the records among ``users``."""
    Rule = env['crm.infinity.routing.rule']
    rules = Rule.browse()
    for i in range(count - 1):
        values = {'name': '%s %d' % (prefix, i), 'model_name': model, 'sequence': i,
                  'assign': 'user', 'user_id': users[i % len(users)].id}
        values.update(kinds[i % len(kinds)](i))
        rules |= Rule.create(values)
    rules |= Rule.create({'name': '%s pool' % prefix, 'model_name': model, 'sequence': count,
                          'assign': 'pool', 'strategy': 'round_robin',
                          'pool_user_ids': [(6, 0, users.ids)]})
    return rules


def _rules(env, users):
    """49 rules that do not match the records (each kind of condition), then a catch-all pool."""
    countries = env['res.country'].search([('code', 'in', ['FR', 'DE', 'ES', 'AT'])])
    kinds = [
        lambda i: {'zip_ranges': '%03d00-%03d99' % (100 + i, 100 + i)},
        lambda i: {'country_ids': [(6, 0, countries.ids)], 'value_min': 1000 * i},
        lambda i: {'value_min': 10 ** 7 + i},
        lambda i: {'keywords': 'guasto %d, non funziona %d' % (i, i)},
        lambda i: {'domain': "[('priority', '=', '3'), ('amount', '>', %d)]" % i},
    ]
    return routing_rules(env, 'crm.infinity.test.record', users, kinds, 'bench')


def benchmarks(env=None):
    if env is None or 'crm.infinity.routing.rule' not in env or \
            'crm.infinity.test.record' not in env:
        return []
    Record = env['crm.infinity.test.record']
    italy = env.ref('base.it')
    users = salespeople(env, 'bench_router', 5)
    env['crm.infinity.routing.rule'].search([]).write({'active': False})
    rules = _rules(env, users)
    counter = {'n': 0}

    def create_all(assign=False):
        for _i in range(N_RECORDS):
            counter['n'] += 1
            values = {'name': 'Richiesta %d' % counter['n'], 'zip': '37121',
                      'country_id': italy.id, 'amount': 500.0, 'priority': '1',
                      'description': 'La stampante è lenta'}
            if assign:  # the same turns as the pool rule, given by hand to the routed field
                values[Record._routing_field()] = users[counter['n'] % len(users)].id
            Record.create(values)

    def switch(active):
        def before():
            rules.write({'active': active})
            Record.create({'name': 'warm-up', 'zip': '37121'})  # refill the caches, untimed
        return before

    return [
        Benchmark('Create %d records through %d routing rules' % (N_RECORDS, N_RULES), create_all,
                  lambda: create_all(assign=True), 'create() with no rule, assignee given',
                  goal=1.3, repeat=REPEAT,
                  items=N_RECORDS, before_subject=switch(True), before_baseline=switch(False)),
    ]
