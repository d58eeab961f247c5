"""ORM costs on the runtime, against the same work in plain SQL on the same connection."""
from tests.bench.framework import Benchmark


def benchmarks(env=None):
    if env is None:
        return []
    cr = env.cr
    partners = env['res.partner'].search([], limit=200)
    ids = tuple(partners.ids)

    def orm_read():
        partners.invalidate_cache()
        partners.read(['name', 'email', 'city', 'country_id'])

    def sql_read():
        cr.execute('SELECT id, name, email, city, country_id FROM res_partner WHERE id IN %s', (ids,))
        cr.fetchall()

    def orm_search():
        env['res.partner'].search([('name', 'ilike', 'a'), ('active', '=', True)], limit=80)

    def sql_search():
        cr.execute("SELECT id FROM res_partner WHERE name ILIKE '%%a%%' AND active ORDER BY "
                   "display_name LIMIT 80")
        cr.fetchall()

    return [
        Benchmark('ORM read of %d partners, 4 fields' % len(ids), orm_read, sql_read,
                  'SQL SELECT of the same columns', number=20),
        Benchmark('ORM search with ilike (access rules, ordering)', orm_search, sql_search,
                  'SQL SELECT with the same filter', number=20),
    ]
