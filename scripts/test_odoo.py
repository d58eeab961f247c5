"""Run Odoo's own test suites of every Odoo module CRM Infinity depends on, on this runtime.

Creates a fresh database, installs the modules with --test-enable (Odoo runs each module's
at_install tests while installing it, then the post_install ones), and prints pass/fail counts
per module and in total. Tests listed in tests/odoo_skip.txt are counted as skipped, with
the reason given there. Exit status 0 only if no test failed or errored.
"""
import json
import os
import subprocess
import sys

import psycopg2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DB = 'crm_infinity_odoo_tests'
MODULES = ['base', 'mail', 'portal', 'crm', 'sales_team', 'calendar', 'resource', 'utm',
           'link_tracker', 'mass_mailing', 'survey', 'project', 'hr_timesheet', 'sale', 'account',
           'website', 'rating']
VAR = os.path.join(ROOT, 'var')


def main():
    os.makedirs(VAR, exist_ok=True)
    conn = psycopg2.connect(dbname='postgres', host='localhost', user='odoo', password='odoo')
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute('DROP DATABASE IF EXISTS "%s"' % DB)
    conn.close()
    summary = os.path.join(VAR, 'test-odoo.json')
    log = os.path.join(VAR, 'test-odoo.log')
    for path in (summary, log):
        if os.path.exists(path):
            os.unlink(path)
    env = dict(os.environ, CRM_INFINITY_TEST_SUMMARY=summary,
               CRM_INFINITY_SKIP_TESTS=os.path.join(ROOT, 'tests', 'odoo_skip.txt'))
    # base is tested through its `-u`-less install: Odoo 11 runs base's tests when -i base is given
    cmd = [os.path.join(ROOT, 'bin', 'odoo'), '-c', os.path.join(ROOT, 'odoo.conf'), '-d', DB,
           '--db-filter', '^%s$' % DB, '-i', ','.join(MODULES), '--test-enable',
           '--stop-after-init', '--log-level', 'test', '--logfile', log, '--max-cron-threads', '0',
           '--http-port', '8079']
    print('running Odoo 11 tests of: %s (log: %s)' % (', '.join(MODULES), log), flush=True)
    proc = subprocess.run(cmd, cwd=ROOT, env=env)
    with open(summary, encoding='utf-8') as f:
        results = json.load(f)
    per_module = {}
    for test_module, counts in results.items():
        module = test_module.split('.')[2] if test_module.startswith('odoo.addons.') else test_module
        agg = per_module.setdefault(module, {'run': 0, 'failed': 0, 'skipped': 0, 'bad': []})
        agg['run'] += counts['run']
        agg['failed'] += len(counts['failures']) + len(counts['errors'])
        agg['skipped'] += counts['skipped']
        agg['bad'] += counts['failures'] + counts['errors']
    total = {'run': 0, 'failed': 0, 'skipped': 0}
    print('\n%-16s %6s %6s %6s %7s' % ('module', 'run', 'passed', 'failed', 'skipped'))
    for module in sorted(per_module):
        agg = per_module[module]
        passed = agg['run'] - agg['failed'] - agg['skipped']
        print('%-16s %6d %6d %6d %7d' % (module, agg['run'], passed, agg['failed'], agg['skipped']))
        for test_id in agg['bad']:
            print('    FAILED %s' % test_id)
        for key in total:
            total[key] += agg[key]
    passed = total['run'] - total['failed'] - total['skipped']
    print('\n%d passed, %d failed, %d skipped' % (passed, total['failed'], total['skipped']))
    return 0 if total['failed'] == 0 and proc.returncode == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
