"""Create an Odoo database with an Italian company, the l10n_it chart of accounts, demo data and
all CRM Infinity addons, through the project's own launcher (bin/odoo).

Usage: .venv/bin/python scripts/create_db.py DBNAME [--force] [--log FILE]

Without --force an existing database that already has every addon installed is kept as it is
(the second ``make run`` starts in seconds). The install log is written to --log (the tests
check it holds no warning).
"""
import argparse
import hashlib
import os
import subprocess
import sys

import psycopg2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO = os.path.join(ROOT, 'bin', 'odoo')
CONF = os.path.join(ROOT, 'odoo.conf')
ADDONS = [
    'crm_infinity_base', 'crm_infinity_marketing', 'crm_infinity_sales',
    'crm_infinity_support', 'crm_infinity_projects', 'crm_infinity_einvoice',
]
TEST_ADDONS = ['crm_infinity_test_model']  # tests/addons, for --test databases only
DSN = dict(host='localhost', port=5432, user='odoo', password='odoo')

# Set before `account` is installed, so that the Italian chart (l10n_it) is the one loaded.
COMPANY_SETUP = """
company = env.ref('base.main_company')
italy = env.ref('base.it')
company.write({
    'name': 'Infinity Consulting S.r.l.',
    'country_id': italy.id,
    'currency_id': env.ref('base.EUR').id,
    'street': 'Via Giuseppe Verdi 12',
    'zip': '20121',
    'city': 'Milano',
    'phone': '+39 02 1234567',
    'email': 'info@infinityconsulting.example.com',
    'website': 'https://www.infinityconsulting.example.com',
    'vat': 'IT12345670017',
})
env.ref('base.EUR').active = True
env['res.users'].with_context(active_test=False).search([]).write({'tz': 'Europe/Rome', 'lang': 'it_IT'})
env.cr.commit()
"""


def test_addons_path():
    return ','.join([os.path.join(ROOT, 'addons'), os.path.join(ROOT, 'tests', 'addons')])


def installed_addons(dbname):
    try:
        conn = psycopg2.connect(dbname=dbname, **DSN)
    except psycopg2.OperationalError:
        return None
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed' AND name IN %s",
                       (tuple(ADDONS),))
            return {name for name, in cr.fetchall()}
    except psycopg2.Error:
        return set()
    finally:
        conn.close()


def code_hash():
    """Fingerprint of the addons' sources: when it changes, an existing database is upgraded."""
    digest = hashlib.sha256()
    for base in (os.path.join(ROOT, 'addons'),):
        for folder, dirs, files in sorted(os.walk(base)):
            dirs[:] = sorted(d for d in dirs if d != '__pycache__')
            for name in sorted(files):
                if name.endswith('.pyc'):
                    continue
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, ROOT).encode())
                with open(path, 'rb') as f:
                    digest.update(f.read())
    return digest.hexdigest()


def stored_hash(dbname):
    conn = psycopg2.connect(dbname=dbname, **DSN)
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'crm_infinity.code_hash'")
            row = cr.fetchone()
            return row[0] if row else None
    finally:
        conn.close()


def store_hash(dbname, value):
    conn = psycopg2.connect(dbname=dbname, **DSN)
    try:
        with conn.cursor() as cr:
            cr.execute("DELETE FROM ir_config_parameter WHERE key = 'crm_infinity.code_hash'")
            cr.execute("INSERT INTO ir_config_parameter (key, value, create_date, write_date) "
                       "VALUES ('crm_infinity.code_hash', %s, now(), now())", (value,))
        conn.commit()
    finally:
        conn.close()


def drop_db(dbname):
    conn = psycopg2.connect(dbname='postgres', **DSN)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute('DROP DATABASE IF EXISTS "%s"' % dbname)
    conn.close()


ADDONS_PATH = None  # set by --test


def odoo(dbname, *args, command=None, log=None, stdin=None):
    cmd = [ODOO] + ([command] if command else []) + [
        '-c', CONF, '-d', dbname, '--db-filter', '^%s$' % dbname] + list(args)
    if ADDONS_PATH:
        cmd += ['--addons-path', ADDONS_PATH]
    with open(log or os.devnull, 'a') as out:
        subprocess.run(cmd, cwd=ROOT, input=stdin, text=True, stdout=out, stderr=subprocess.STDOUT,
                       check=True)


def create(dbname, log, extra=()):
    odoo(dbname, '-i', 'base', '--load-language=it_IT', '--stop-after-init', '--logfile', log)
    odoo(dbname, '--no-http', command='shell', log=os.devnull, stdin=COMPANY_SETUP)
    odoo(dbname, '-i', ','.join(['l10n_it'] + ADDONS + list(extra)), '--load-language=it_IT',
         '--stop-after-init', '--logfile', log)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('dbname')
    parser.add_argument('--force', action='store_true', help='drop and recreate the database')
    parser.add_argument('--log', default=os.devnull, help='file receiving the install log')
    parser.add_argument('--test', action='store_true',
                        help='also install the test-only addons of tests/addons')
    args = parser.parse_args()
    extra = []
    if args.test:
        global ADDONS_PATH
        ADDONS_PATH = test_addons_path()
        extra = TEST_ADDONS
    log = os.path.abspath(args.log) if args.log != os.devnull else args.log
    current = code_hash()
    if not args.force and installed_addons(args.dbname) == set(ADDONS):
        if stored_hash(args.dbname) != current:
            print('upgrading the CRM Infinity addons of %s (the code changed)...' % args.dbname)
            odoo(args.dbname, '-u', ','.join(ADDONS + extra), '--stop-after-init', '--logfile', log)
            store_hash(args.dbname, current)
        print('database %s is ready' % args.dbname)
        return 0
    drop_db(args.dbname)
    print('creating database %s (Italian company, l10n_it, demo data, CRM Infinity)...' % args.dbname)
    create(args.dbname, log, extra)
    missing = set(ADDONS) - (installed_addons(args.dbname) or set())
    if missing:
        print('not installed: %s' % ', '.join(sorted(missing)), file=sys.stderr)
        return 1
    store_hash(args.dbname, current)
    print('database %s is ready' % args.dbname)
    return 0


if __name__ == '__main__':
    sys.exit(main())
