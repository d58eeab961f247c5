"""`make bench`: run every tests/bench/bench_*.py and print each figure as a ratio against its
baseline run in the same process. --write records the table in BENCHMARKS.md."""
import argparse
import datetime
import glob
import importlib
import os
import platform
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import runtime  # noqa: E402

runtime.apply()

from tests import harness  # noqa: E402


def collect(env, only=None):
    results = []
    for path in sorted(glob.glob(os.path.join(ROOT, 'tests', 'bench', 'bench_*.py'))):
        if only and only not in os.path.basename(path):
            continue
        module = importlib.import_module('tests.bench.' + os.path.basename(path)[:-3])
        for bench in module.benchmarks(env):
            results.append(bench.run())
            r = results[-1]
            print('%-62s %8.2fx  (vs %s)%s' % (r['name'], r['ratio'], r['baseline'], _goal(r)),
                  flush=True)
    return results


def _goal(r):
    parts = []
    if r.get('rate'):
        parts.append('%.0f/s' % r['rate'])
    if r['goal'] is not None:
        parts.append('goal <= %.2fx' % r['goal'])
    if r.get('min_rate') is not None:
        parts.append('goal >= %.0f/s' % r['min_rate'])
    if r['goal'] is not None or r.get('min_rate') is not None:
        parts.append('met' if r['ok'] else 'MISSED')
    return ('  ' + ', '.join(parts)) if parts else ''


def write_markdown(results):
    path = os.path.join(ROOT, 'BENCHMARKS.md')
    lines = ['# Benchmarks', '',
             'Written by `make bench` (`scripts/bench.py --write`). Each figure is the median time of '
             'the subject divided by the median time of its baseline, both run interleaved in the '
             'same process: lower is better, and the ratio survives a noisy machine better than '
             'seconds would.', '',
             'Last run: %s, Python %s, %s.' % (datetime.date.today().isoformat(),
                                               platform.python_version(), platform.machine()), '',
             '| figure | ratio | baseline | rate and goal |', '|---|---:|---|---|']
    for r in results:
        lines.append('| %s | %.2fx | %s | %s |' % (r['name'], r['ratio'], r['baseline'],
                                                   _goal(r).strip()))
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--write', action='store_true', help='record the figures in BENCHMARKS.md')
    parser.add_argument('--only', help='run only tests/bench/bench_<ONLY>*.py')
    args = parser.parse_args()
    os.environ.setdefault('CRM_INFINITY_REUSE_DB', '1')
    harness.configure_odoo()
    harness.ensure_test_db()
    import odoo
    registry = odoo.registry(harness.TEST_DB)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        results = collect(env, args.only)
        cr.rollback()
    harness.unconfigure_odoo()
    if args.write:
        write_markdown(results)
    return 0 if all(r['ok'] for r in results) else 1


if __name__ == '__main__':
    sys.exit(main())
