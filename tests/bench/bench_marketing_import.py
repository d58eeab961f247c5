"""Import of nominativi (issue 15: "a 100,000-row file works"): the wizard's dry run and its
all-or-nothing write of a 100,000-row CSV, against a bare SQL insert of the same rows (no
decoding, no duplicate detection, no checks: the floor); and 5,000 rows against Odoo's own
import path (``Model.load()``, what Odoo's ``base_import`` calls, with no duplicate detection).
Each run uses new e-mail addresses, so that every row is created. Odoo's ``load()`` is not run on
the 100,000 rows: at about 6 ms a row on the shared machine it would take some 10 minutes (a
plain ``create()`` per row is slower still, about 11 ms); its ratio is measured on 5,000 rows.
One timed run of each (plus the warm-up): the whole bench takes about 4 minutes."""
import base64

from tests.bench.framework import Benchmark

BIG = 100000
SMALL = 5000


def _csv(prefix, count, run=0):
    """``count`` rows; ``run`` gives the phone numbers a range of their own (a phone already
    known makes the row an update: the bench's second run created nothing and failed)."""
    lines = ['Nome;Cognome;Ragione sociale;Email;Telefono;Città']
    for i in range(count):
        lines.append('Nome%d;Cognome%d;Azienda %s %d S.r.l.;%s%d@bench-import.example;'
                     '02 %08d;Milano' % (i, i, prefix, i // 3, prefix, i,
                                         10000000 + 200000 * run + i))
    return ('\n'.join(lines) + '\n').encode('utf-8')


def benchmarks(env=None):
    if env is None or 'crm.infinity.nominativo.import' not in env:
        return []
    Wizard = env['crm.infinity.nominativo.import']
    Nominativo = env['crm.infinity.nominativo']
    counter = {'n': 0}

    def wizard_import(count):
        counter['n'] += 1
        wizard = Wizard.create({'file': base64.b64encode(_csv('w%d' % counter['n'], count,
                                                                     counter['n'])),
                                'filename': 'bench.csv'})
        wizard.action_read_file()
        wizard.action_dry_run()
        wizard.action_import()
        assert wizard.count_create == count, wizard.count_create

    def sql_insert(count):
        counter['n'] += 1
        rows = [('Nome%d Cognome%d' % (i, i), 's%d_%d@bench-import.example' % (counter['n'], i))
                for i in range(count)]
        from psycopg2.extras import execute_values
        execute_values(env.cr, """INSERT INTO crm_infinity_nominativo (name, email, active)
                                  VALUES %s""", rows, template='(%s, %s, true)', page_size=5000)

    def odoo_load(count):
        counter['n'] += 1
        fields = ['name', 'company_name', 'email', 'phone', 'city']
        rows = [['Nome%d Cognome%d' % (i, i), 'Azienda l%d %d S.r.l.' % (counter['n'], i // 3),
                 'l%d_%d@bench-import.example' % (counter['n'], i),
                 '02 %08d' % (10000000 + 200000 * counter['n'] + i), 'Milano']
                for i in range(count)]
        result = Nominativo.with_context(tracking_disable=True).load(fields, rows)
        assert not result['messages'], result['messages'][:3]

    return [
        Benchmark('Import %d nominativi (dry run + all-or-nothing write)' % BIG,
                  lambda: wizard_import(BIG), lambda: sql_insert(BIG),
                  'bare SQL insert of the rows', repeat=1, items=BIG),
        Benchmark('Import %d nominativi with duplicate detection' % SMALL,
                  lambda: wizard_import(SMALL), lambda: odoo_load(SMALL),
                  "Odoo's load() (standard import, no duplicate detection)", goal=1.0, repeat=1,
                  items=SMALL),
    ]
