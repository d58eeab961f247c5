"""Marketing sending performance (issue 15, "Performance").

* Render and queue: the send ledger written for N recipients (exclusions, consent, blacklist,
  one SQL insert) and every personalised message rendered with the sandboxed mail merge (signed
  tracking links and pixel included), against Odoo 11 mass_mailing's own path on the same
  recipients (``mail.compose.message`` in ``mass_mail`` mode: a Jinja render and a
  ``mail.mail`` + statistics row per recipient). N is ``CRM_BENCH_MARKETING_N`` (default 1,000:
  Odoo's path takes minutes for 100,000; the issue's 100,000 is run once for the rate and the
  peak memory with ``CRM_BENCH_MARKETING_N=100000``). Memory: peak RSS growth of the process
  during the first run of ours (``ru_maxrss``), to show it does not grow with N (rows are
  rendered in batches and dropped).
* Queue to SMTP: ledger rows handed to a loopback SMTP server (aiosmtpd) by our worker vs
  ``mail.mail.send()`` of as many queued mails, in this process, one thread (a cron worker);
  commits off (the bench's transaction is rolled back), so the per-row commit of the real worker
  is not counted.
* Senders: the same queue drained by two concurrent senders vs one (``WorkersSmtpBenchmark``):
  committed data, each sender with its own registry cursor running the cron's
  ``_crm_send_queue`` with its commits (claim, attempt, state), to a loopback SMTP catcher;
  every recipient checked to receive exactly once. Two figures: senders as processes of their
  own (``--send ID``, as prefork cron workers) and as threads of this process (threaded mode).
  Not a real prefork server's cron workers (those poll every 60 s: not measurable in a run).
* Tracking endpoints: open pixel requests per second against a real ``--workers 2`` server,
  ours (``/crm/mk/o/<signed token>.gif``: token check, scanner check, counters) vs Odoo's
  ``/mail/track/<id>/blank.gif``.
"""
import logging
import os
import resource
import statistics
import threading
import time
import uuid

import requests

from tests import harness
from tests.bench.framework import Benchmark

N = int(os.environ.get('CRM_BENCH_MARKETING_N', '1000'))
SMTP_N = 60
SPLITS = []  # mails each sender handed over, per run of WorkersSmtpBenchmark
SENDERS_N = int(os.environ.get('CRM_BENCH_MARKETING_SENDERS_N', '1500'))
HTTP_CLIENTS = 8
HTTP_REQUESTS = 150
BODY = ('<p>Gentile {{ recipient.name }},</p><p>{{ recipient.company }} di {{ recipient.city }}:'
        ' scopra le novità di {{ company.name }}: <a href="https://www.example.com/offerta">'
        'offerta</a> e <a href="https://www.example.com/listino">listino</a>.</p>'
        '<p><a href="/unsubscribe_from_list">Disiscriviti</a></p>')
JINJA_BODY = ('<p>Gentile ${object.name},</p><p>${object.company_name} di ${object.city}: '
              'scopra le novità di ${user.company_id.name}: <a href="https://www.example.com/'
              'offerta">offerta</a> e <a href="https://www.example.com/listino">listino</a>.</p>'
              '<p><a href="/unsubscribe_from_list">Disiscriviti</a></p>')


def _nominativi(env, count, tag, analyze=True):
    """``count`` nominativi with their marketing and tracking consents, inserted in SQL.
    ``analyze``: not from a second cursor (the bench's own holds the ANALYZE lock until its
    rollback)."""
    cr = env.cr
    cr.execute("""
        INSERT INTO crm_infinity_nominativo (name, email, email_normalized, company_name, city,
                                             active, create_uid, write_uid, create_date,
                                             write_date)
        SELECT 'Persona ' || g, %(tag)s || g || '@example.it', %(tag)s || g || '@example.it',
               'Ditta ' || g, 'Milano', true, 1, 1, now(), now()
          FROM generate_series(1, %(n)s) g RETURNING id""", {'tag': tag, 'n': count})
    ids = [row[0] for row in cr.fetchall()]
    cr.execute("""
        INSERT INTO crm_infinity_consent (nominativo_id, purpose, channel, state, date, origin,
                                          create_uid, write_uid, create_date, write_date)
        SELECT n, p, 'email', 'granted', now(), 'import', 1, 1, now(), now()
          FROM unnest(%s::int[]) n, unnest(ARRAY['marketing', 'tracking']) p""", (ids,))
    if analyze:
        cr.execute('ANALYZE crm_infinity_nominativo')
        cr.execute('ANALYZE crm_infinity_consent')
    return env['crm.infinity.nominativo'].browse(ids)


def _mailing(env, records, body=BODY):
    return env['mail.mass_mailing'].create({
        'name': 'Novità per {{ recipient.first_name }}', 'body_html': body,
        'mailing_model_id': env['ir.model']._get('crm.infinity.nominativo').id,
        'mailing_domain': repr([('id', 'in', records.ids)]), 'reply_to_mode': 'email',
        'reply_to': 'mk@example.com', 'email_from': 'mk@example.com'})


def _render_all(mailing):
    """What the workers do before the SMTP hand-over, for every queued row, 500 at a time (as
    the workers claim them: never all rows in memory)."""
    cr = mailing.env.cr
    size, last = 0, 0
    while True:
        cr.execute("""SELECT id, model, res_id, crm_name, crm_tracked FROM mail_mail_statistics
                       WHERE mass_mailing_id = %s AND crm_state = 'queued' AND id > %s
                       ORDER BY id LIMIT 500""", (mailing.id, last))
        rows = cr.dictfetchall()
        if not rows:
            return size
        last = rows[-1]['id']
        rendered = mailing._crm_render(rows)
        size += sum(len(body) for _s, body, _t in rendered.values())


def _render_queue_bench(env):
    records = _nominativi(env, N, 'bench-%s-' % uuid.uuid4().hex[:6])
    state = {}
    peak = {}

    def before_subject():
        state['mailing'] = _mailing(env, records)

    def subject():
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        mailing = state['mailing']
        queued = mailing._crm_build_ledger()
        assert queued == N
        assert _render_all(mailing) > 0
        peak.setdefault('kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)

    def before_baseline():
        state['odoo'] = _mailing(env, records, JINJA_BODY)

    def baseline():
        # mail.compose.message.send_mail of Odoo 11 without its last step (in mass_mail mode it
        # also hands each batch to SMTP at once): render every recipient, create the mail.mail
        # and its statistics row
        mailing = state['odoo']
        composer = env['mail.compose.message'].with_context(active_ids=records.ids).create({
            'body': mailing.convert_links()[mailing.id], 'subject': 'Novità per ${object.name}',
            'model': 'crm.infinity.nominativo', 'email_from': mailing.email_from,
            'record_name': False, 'composition_mode': 'mass_mail',
            'mass_mailing_id': mailing.id, 'no_auto_thread': True, 'template_id': None,
            'reply_to': mailing.reply_to})
        composer = composer.with_context(active_ids=records.ids,
                                         **mailing._get_mass_mailing_context())
        Mail = env['mail.mail']
        for start in range(0, N, 500):
            for values in composer.get_mail_values(records.ids[start:start + 500]).values():
                Mail.create(values)

    bench = Benchmark('Render and queue %d personalised e-mails (ledger + mail merge)' % N,
                      subject, baseline, "Odoo 11 mass_mailing's composer on the same recipients",
                      goal=0.2, repeat=3, items=N, before_subject=before_subject,
                      before_baseline=before_baseline)
    run = bench.run

    def run_with_memory():
        result = run()
        result['name'] += ' (peak RSS growth %.0f MB)' % (peak.get('kb', 0) / 1024.0)
        return result
    bench.run = run_with_memory
    return bench


def _smtp_bench(env):
    from odoo.addons.crm_infinity_base.tests.servers import SmtpCatcher
    logging.getLogger('mail.log').setLevel(logging.WARNING)  # aiosmtpd: a line per command
    smtp = SmtpCatcher().start()
    env['ir.mail_server'].create({'name': 'bench catcher', 'smtp_host': '127.0.0.1',
                                  'smtp_port': smtp.port, 'sequence': 0})
    records = _nominativi(env, SMTP_N, 'smtp-%s-' % uuid.uuid4().hex[:6])
    state = {}

    def before_subject():
        mailing = _mailing(env(context=dict(env.context, crm_no_commit=True)), records,
                           '<p>Gentile {{ recipient.name }}</p>')
        mailing._crm_build_ledger()
        state['mailing'] = mailing

    def subject():
        count = state['mailing']._crm_send_queue(batch_size=100)
        assert count == SMTP_N, count

    def before_baseline():
        Mail = env['mail.mail']
        state['mails'] = Mail.browse([Mail.create({
            'email_from': 'mk@example.com', 'email_to': r.email, 'subject': 'Novità',
            'body_html': '<p>Gentile %s</p>' % r.name}).id for r in records])

    def baseline():
        state['mails'].send(auto_commit=False)

    bench = Benchmark('Queue to loopback SMTP, %d mails, one worker thread' % SMTP_N, subject,
                      baseline, "Odoo's mail queue (mail.mail.send)", repeat=3, items=SMTP_N,
                      before_subject=before_subject, before_baseline=before_baseline)
    run = bench.run

    def run_and_stop():
        try:
            return run()
        finally:
            smtp.stop()
    bench.run = run_and_stop
    return bench


class WorkersSmtpBenchmark:
    """Mails/s handed to loopback SMTP by two concurrent senders vs one, committing as the cron
    workers do (committed data, removed at the end). Ratio: time of two / time of one."""

    ROUNDS = 2

    def __init__(self, processes=False):
        # processes: each sender a process of its own (python -m tests.bench.bench_marketing
        # --send ID: its own registry, like a prefork cron worker); else threads of this one
        self.processes = processes

    def run(self):
        import odoo
        from odoo.addons.crm_infinity_base.tests.servers import SmtpCatcher
        logging.getLogger('mail.log').setLevel(logging.WARNING)
        registry = odoo.registry(harness.TEST_DB)
        tag = 'snd-%s-' % uuid.uuid4().hex[:6]
        smtp = SmtpCatcher().start()
        ids = {'mailings': []}
        with odoo.api.Environment.manage(), registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            ids['server'] = env['ir.mail_server'].create({
                'name': 'bench senders', 'smtp_host': '127.0.0.1', 'smtp_port': smtp.port,
                'sequence': 0}).id
            records = _nominativi(env, SENDERS_N, tag, analyze=False)
            ids['records'] = records.ids
        expected = sorted('%s%d@example.it' % (tag, i) for i in range(1, SENDERS_N + 1))
        runs = {1: [], 2: []}
        del SPLITS[:]
        try:
            for _round in range(self.ROUNDS):
                for senders in (1, 2):
                    runs[senders].append(self._measure(registry, ids, smtp, senders, expected,
                                                       self.processes))
        finally:
            smtp.stop()
            with odoo.api.Environment.manage(), registry.cursor() as cr:
                for mailing_id in ids['mailings']:
                    cr.execute('DELETE FROM mail_mail_statistics WHERE mass_mailing_id = %s',
                               (mailing_id,))
                    cr.execute('DELETE FROM link_tracker WHERE mass_mailing_id = %s',
                               (mailing_id,))
                    cr.execute('DELETE FROM mail_mass_mailing WHERE id = %s', (mailing_id,))
                cr.execute('DELETE FROM crm_infinity_consent WHERE nominativo_id = ANY(%s)',
                           (ids['records'],))
                cr.execute('DELETE FROM crm_infinity_nominativo WHERE id = ANY(%s)',
                           (ids['records'],))
                cr.execute('DELETE FROM ir_mail_server WHERE id = %s', (ids['server'],))
        one, two = statistics.median(runs[1]), statistics.median(runs[2])
        print('senders %s: mails per sender per run %s, mails/s %s' % (
            'processes' if self.processes else 'threads', SPLITS,
            {k: ['%.0f' % r for r in v] for k, v in runs.items()}))
        return {'name': 'Queue to loopback SMTP, %d mails, 2 concurrent sender %s: %.0f mails/s'
                        % (SENDERS_N, 'processes' if self.processes else 'threads', two),
                'baseline': 'one sender, same queue: %.0f mails/s' % one,
                'ratio': one / two if two else float('inf'), 'goal': None, 'rate': two,
                'min_rate': None, 'ok': True}

    @staticmethod
    def _measure(registry, ids, smtp, senders, expected, processes):
        import odoo
        with odoo.api.Environment.manage(), registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            mailing = _mailing(env, env['crm.infinity.nominativo'].browse(ids['records']),
                               '<p>Gentile {{ recipient.name }}</p>')
            ids['mailings'].append(mailing.id)
            mailing._crm_build_ledger()
            cr.execute("""SELECT count(*) FROM mail_mail_statistics
                           WHERE mass_mailing_id = %s AND crm_state = 'queued'""", (mailing.id,))
            assert cr.fetchone()[0] == len(expected)
        smtp.messages.clear()
        if processes:
            rate = WorkersSmtpBenchmark._measure_processes(mailing.id, senders, len(expected))
        else:
            rate = WorkersSmtpBenchmark._measure_threads(registry, mailing.id, senders,
                                                         len(expected))
        received = sorted(m['to'][0] for m in smtp.messages)
        assert received == expected, 'not each recipient once: %d mails for %d recipients' % (
            len(received), len(expected))
        return rate

    @staticmethod
    def _measure_processes(mailing_id, senders, count):
        import subprocess
        import sys
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        procs = [subprocess.Popen([sys.executable, '-m', 'tests.bench.bench_marketing', '--send',
                                   str(mailing_id)], cwd=root, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
                 for _i in range(senders)]
        try:
            for proc in procs:  # registry loaded: ready
                assert proc.stdout.readline().strip() == 'ready'
            for proc in procs:
                proc.stdin.write('go\n')
                proc.stdin.flush()
            results = [proc.stdout.readline().split() for proc in procs]
            for proc in procs:
                proc.wait(600)
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.kill()
        sent = [int(r[0]) for r in results]
        assert sum(sent) == count, sent
        SPLITS.append(sent)
        start, end = min(float(r[1]) for r in results), max(float(r[2]) for r in results)
        return count / (end - start)

    @staticmethod
    def _measure_threads(registry, mailing_id, senders, count):
        import odoo
        start = threading.Barrier(senders + 1)
        errors, sent = [], []

        def sender():
            try:
                start.wait(30)
                with odoo.api.Environment.manage(), registry.cursor() as cr:
                    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                    sent.append(env['mail.mass_mailing'].browse(mailing_id)._crm_send_queue(
                        batch_size=20))
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=sender) for _i in range(senders)]
        for thread in threads:
            thread.start()
        start.wait(30)
        t0 = time.perf_counter()
        for thread in threads:
            thread.join(600)
        elapsed = time.perf_counter() - t0
        if errors:
            raise AssertionError('%d senders failed, first: %r' % (len(errors), errors[0]))
        assert sum(sent) == count, sent
        SPLITS.append(sent)
        return count / elapsed


class EndpointBenchmark:
    """Open pixel req/s, ours vs Odoo's, on a real prefork server (committed data, removed)."""

    def run(self):
        import odoo
        from odoo.addons.crm_infinity_marketing.engines import tokens
        from odoo.addons.crm_infinity_marketing.models.tracking_key import tracking_keys
        registry = odoo.registry(harness.TEST_DB)
        tag = 'pix-%s-' % uuid.uuid4().hex[:6]
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            # as many recipients as requests per client: each client opens each message once
            # (the first open of a row writes, for both)
            records = _nominativi(env, HTTP_REQUESTS, tag, analyze=False)
            mailing = _mailing(env, records)
            mailing._crm_build_ledger()
            cr.execute("UPDATE mail_mail_statistics SET crm_state = 'sent', "
                       "sent = now() - interval '1 day' WHERE mass_mailing_id = %s "
                       "RETURNING id", (mailing.id,))
            stat_ids = [row[0] for row in cr.fetchall()]
            mail_ids = []
            for stat_id in stat_ids:
                mail_ids.append(env['mail.mail'].create({
                    'email_to': 'x@example.it', 'subject': 'x', 'body_html': 'x',
                    'state': 'sent', 'statistics_ids': [(4, stat_id)]}).id)
            ids = {'mailing': mailing.id, 'records': records.ids, 'mails': mail_ids}
        keys = tracking_keys()
        ours = ['/crm/mk/o/%s.gif' % tokens.make(keys, 'o', s) for s in stat_ids]
        odoos = ['/mail/track/%d/blank.gif' % m for m in mail_ids]
        server = harness.OdooServer(harness.TEST_DB, workers=2, own_session=True).start()
        try:
            runs = {'ours': [], 'odoo': []}
            for _round in range(2):
                for key, paths in (('odoo', odoos), ('ours', ours)):
                    runs[key].append(self._measure([server.url + p for p in paths]))
        finally:
            server.stop()
            with registry.cursor() as cr:
                cr.execute('DELETE FROM mail_mail_statistics WHERE mass_mailing_id = %s',
                           (ids['mailing'],))
                cr.execute('DELETE FROM mail_mail WHERE id = ANY(%s)', (ids['mails'],))
                cr.execute('DELETE FROM mail_mass_mailing WHERE id = %s', (ids['mailing'],))
                cr.execute('DELETE FROM crm_infinity_consent WHERE nominativo_id = ANY(%s)',
                           (ids['records'],))
                cr.execute('DELETE FROM crm_infinity_nominativo WHERE id = ANY(%s)',
                           (ids['records'],))
        rate_ours, rate_odoo = statistics.median(runs['ours']), statistics.median(runs['odoo'])
        ratio = rate_odoo / rate_ours if rate_ours else float('inf')
        return {'name': 'Open pixel, %d clients, --workers 2: %.0f req/s' % (HTTP_CLIENTS,
                                                                          rate_ours),
                'baseline': "Odoo's /mail/track pixel: %.0f req/s" % rate_odoo,
                'ratio': ratio, 'goal': 1.0, 'rate': rate_ours, 'min_rate': None,
                'ok': ratio <= 1.0}

    @staticmethod
    def _measure(urls):
        errors = []
        start = threading.Barrier(HTTP_CLIENTS + 1)

        def client(offset):
            # each client in its own order: different recipients at the same time
            mine = urls[offset:] + urls[:offset]
            session = requests.Session()
            headers = {'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0'}
            try:
                session.get(mine[0], headers=headers, timeout=60)
                start.wait()
                for url in mine:
                    resp = session.get(url, headers=headers, timeout=60)
                    assert resp.status_code == 200, resp.status_code
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=client, args=(i * len(urls) // HTTP_CLIENTS,))
                   for i in range(HTTP_CLIENTS)]
        for thread in threads:
            thread.start()
        start.wait()
        t0 = time.perf_counter()
        for thread in threads:
            thread.join()
        if errors:
            raise AssertionError('%d clients failed, first: %r' % (len(errors), errors[0]))
        return HTTP_CLIENTS * HTTP_REQUESTS / (time.perf_counter() - t0)


def benchmarks(env=None):
    if env is None or 'crm.infinity.nominativo' not in env \
            or 'crm_ledger_date' not in env['mail.mass_mailing']._fields:
        return []
    # CRM_BENCH_MARKETING_PARTS=render,smtp,senders,processes,endpoint (default: all) to re-run one figure
    parts = os.environ.get('CRM_BENCH_MARKETING_PARTS',
                           'render,smtp,senders,processes,endpoint').split(',')
    factories = {'render': _render_queue_bench, 'smtp': _smtp_bench,
                 'senders': lambda env: WorkersSmtpBenchmark(),
                 'processes': lambda env: WorkersSmtpBenchmark(processes=True),
                 'endpoint': lambda env: EndpointBenchmark()}
    return [factories[part](env) for part in parts if part in factories]


def one_run(count):
    """Ours only, once, on ``count`` recipients (Odoo's path is too slow to run on 100,000):
    ``.venv/bin/python -m tests.bench.bench_marketing 100000``. Prints the time, the rate and
    the peak RSS growth; everything is rolled back. ``CRM_BENCH_SEARCH_FIRST=1``: run the
    mailing's search (the fixture's domain lists the 100,000 ids) once before the measurement,
    to see what the ledger and the rendering add above Odoo's own search."""
    import odoo
    harness.configure_odoo()
    harness.ensure_test_db()
    registry = odoo.registry(harness.TEST_DB)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        records = _nominativi(env, count, 'one-%s-' % uuid.uuid4().hex[:6])
        mailing = _mailing(env, records)
        if os.environ.get('CRM_BENCH_SEARCH_FIRST'):
            from odoo.tools.safe_eval import safe_eval
            records.search(safe_eval(mailing.mailing_domain))
            records.invalidate_cache()
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0 = time.perf_counter()
        assert mailing._crm_build_ledger() == count
        t1 = time.perf_counter()
        grown_ledger = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024.0
        _render_all(mailing)
        t2 = time.perf_counter()
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024.0
        print('%d recipients: ledger %.1f s, render %.1f s, total %.1f s (%.0f/s), peak RSS '
              'growth %.0f MB (after the ledger: %.0f MB)' % (
                  count, t1 - t0, t2 - t1, t2 - t0, count / (t2 - t0), grown, grown_ledger))
        cr.rollback()
    harness.unconfigure_odoo()


def send_process(mailing_id):
    """A sender of ``WorkersSmtpBenchmark`` in a process of its own: load the registry, say
    ``ready``, wait for ``go`` on stdin, drain the queue as the cron does (committing), print how
    many it sent and its wall-clock start and end."""
    import sys
    import odoo
    harness.configure_odoo()
    logging.getLogger('odoo.sql_db').setLevel(logging.CRITICAL)  # retried serialization errors
    registry = odoo.registry(harness.TEST_DB)
    print('ready', flush=True)
    sys.stdin.readline()
    start = time.time()
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        sent = env['mail.mass_mailing'].browse(mailing_id)._crm_send_queue(batch_size=20)
    print(sent, start, time.time(), flush=True)
    harness.unconfigure_odoo()


if __name__ == '__main__':
    import sys
    import runtime
    runtime.apply()
    if sys.argv[1:2] == ['--send']:
        send_process(int(sys.argv[2]))
    else:
        one_run(int(sys.argv[1]) if len(sys.argv) > 1 else 100000)
