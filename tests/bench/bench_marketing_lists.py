"""Marketing lists (issue 15, SPEC M3): the live count of a dynamic list over 1,000,000
contacts is one SQL COUNT with the user's record rules (``_crm_recipient_count``), against
the ORM's ``search_count`` of the same domain and against ``len(search())``, what a list
"sync" that loads the records does (OCA's mass_mailing_list_dynamic).

The contacts are inserted with one SQL statement (generate_series) inside the bench's
transaction, rolled back by scripts/bench.py."""
from tests.bench.framework import Benchmark

N_CONTACTS = 1000000
DOMAIN = "[('city', '=', 'Bench Milano'), ('email', 'ilike', '@bench')]"


def _insert_contacts(env):
    env.cr.execute("""
        INSERT INTO res_partner (name, display_name, active, is_company, customer, supplier,
                                 employee, type, city, email, company_id, lang, create_uid,
                                 write_uid, create_date, write_date, invoice_warn, sale_warn)
        SELECT 'Bench contatto ' || g, 'Bench contatto ' || g, true, g %% 5 = 0, true, false,
               false, 'contact', (ARRAY['Bench Milano', 'Bench Torino', 'Bench Roma'])[1 + g %% 3],
               CASE WHEN g %% 7 = 0 THEN NULL ELSE 'c' || g || '@bench.example.com' END,
               %(company)s, 'it_IT', 1, 1, now(), now(), 'no-message', 'no-message'
          FROM generate_series(1, %(n)s) g""", {'company': env.user.company_id.id,
                                               'n': N_CONTACTS})
    env.cr.execute('ANALYZE res_partner')


def benchmarks(env=None):
    if env is None or 'mail.mass_mailing.list' not in env \
            or 'crm_list_type' not in env['mail.mass_mailing.list']._fields:
        return []
    _insert_contacts(env)
    Users = env['res.users'].with_context(no_reset_password=True, tracking_disable=True)
    operator = Users.create({
        'name': 'Bench marketing', 'login': 'bench_marketing_lists',
        'groups_id': [(6, 0, env.ref('crm_infinity_base.group_crm_marketing_operator').ids)]})
    mlist = env['mail.mass_mailing.list'].sudo(operator).create({
        'name': 'Bench lista dinamica', 'crm_list_type': 'dynamic', 'crm_model': 'res.partner',
        'crm_domain': DOMAIN})
    Partner = env['res.partner'].sudo(operator)
    domain = mlist._crm_domain()
    expected = Partner.search_count(domain)
    assert mlist._crm_recipient_count() == expected > 250000, expected

    def count():
        mlist._crm_recipient_count()

    def orm_count():
        Partner.search_count(domain)

    def orm_search():
        len(Partner.search(domain, order='id'))

    return [
        Benchmark('Dynamic list count over %d contacts (one SQL count)' % N_CONTACTS,
                  count, orm_count, 'ORM search_count of the same domain', repeat=5),
        Benchmark('Dynamic list count over %d contacts vs loading the ids' % N_CONTACTS,
                  count, orm_search, 'len(search()) as a list sync does', repeat=3),
    ]
