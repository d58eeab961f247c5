"""Core engine performance goals (issue: core engine)."""
from tests.bench.framework import Benchmark

N_RECORDS = 1000
N_LINES = 50000
N_SEARCH = 100000


def _users(env, prefix, count):
    Users = env['res.users'].with_context(no_reset_password=True, tracking_disable=True)
    group = env.ref('crm_infinity_base.group_crm_salesperson')
    return Users.browse([Users.create({'name': '%s %d' % (prefix, i), 'login': '%s%d' % (prefix, i),
                                       'groups_id': [(6, 0, [group.id])]}).id for i in range(count)])


def benchmarks(env=None):
    if env is None or 'crm.infinity.test.record' not in env:
        return []
    cr = env.cr
    Record = env['crm.infinity.test.record']
    Primanota = env['crm.infinity.primanota']

    # -- causale on 1,000 records vs write ------------------------------------------------------
    records = Record.create([{'name': 'bench %d' % i} for i in range(N_RECORDS)]) \
        if hasattr(Record, 'create_multi') else Record.browse(
            [Record.create({'name': 'bench %d' % i}).id for i in range(N_RECORDS)])
    state = env['ir.model.fields'].search([('model', '=', Record._name), ('name', '=', 'state')])
    causali = {value: env['crm.infinity.causale'].create({
        'name': 'bench %s' % value, 'kind': 'crm',
        'model_ids': [(6, 0, [env['ir.model']._get(Record._name).id])],
        'effect_ids': [(0, 0, {'effect_type': 'set_field', 'field_id': state.id, 'value': value})]})
        for value in ('open', 'done')}
    flip = {'causale': 'open', 'write': 'open'}

    def apply_causale():
        flip['causale'] = 'done' if flip['causale'] == 'open' else 'open'
        records.apply_causale(causali[flip['causale']].id, {})

    def plain_write():
        flip['write'] = 'done' if flip['write'] == 'open' else 'open'
        records.write({'state': flip['write']})

    untracked = records.with_context(crm_infinity_no_track=True)

    def untracked_write():
        flip['write'] = 'done' if flip['write'] == 'open' else 'open'
        untracked.write({'state': flip['write']})

    # -- 50,000 primanota lines to verify -------------------------------------------------------
    entries = [{'res_model': 'bench.chain', 'res_id': i % 500, 'changes': {'state': ['a', 'b']},
                'note': 'riga %d' % i, 'channel': 'phone'} for i in range(N_LINES)]
    for start in range(0, N_LINES, 10000):
        Primanota._log(entries[start:start + 10000])

    def verify_all():
        Primanota.verify_all()

    def fetch_all():
        cr.execute("SELECT * FROM crm_infinity_primanota ORDER BY res_model, res_id, id")
        cr.fetchall()

    # -- search_read of 100,000 records as a manager vs admin -----------------------------------
    manager = _users(env, 'bench_mgr', 1)
    sellers = _users(env, 'bench_seller', 20)
    env['crm.infinity.sales.group'].create({'name': 'bench', 'responsible_id': manager.id,
                                            'member_ids': [(6, 0, sellers.ids)]})
    cr.execute("""
        INSERT INTO crm_infinity_test_record (name, user_id, state, priority, create_uid, write_uid,
                                              create_date, write_date)
        SELECT 'massivo ' || g, (%s::int[])[1 + g %% 20], 'draft', '0', 1, 1, now(), now()
          FROM generate_series(1, %s) g""", (sellers.ids, N_SEARCH))
    domain = [('name', 'like', 'massivo')]
    fields = ['name', 'state', 'user_id']

    def as_manager():
        result = Record.sudo(manager).search_read(domain, fields)
        assert len(result) == N_SEARCH
        Record.invalidate_cache()

    def as_admin():
        result = Record.search_read(domain, fields)
        assert len(result) == N_SEARCH
        Record.invalidate_cache()

    return [
        Benchmark('Causale (status change) applied to %d records' % N_RECORDS, apply_causale,
                  plain_write, 'write() of the same field (tracked)', goal=1.5, repeat=5),
        Benchmark('Causale applied to %d records, vs a write that logs nothing' % N_RECORDS,
                  apply_causale, untracked_write, 'write() without primanota', repeat=5),
        Benchmark('Primanota chain verification, %d lines' % N_LINES, verify_all, fetch_all,
                  'SELECT of the same lines', repeat=3, items=N_LINES, min_rate=50000),
        Benchmark('search_read of %d records as a manager (hierarchy rule)' % N_SEARCH,
                  as_manager, as_admin, 'the same as administrator', goal=2.0, repeat=3),
    ]
