"""Odoo's prefork server (``--workers``, the way Odoo is deployed) on the runtime of CPython 3.11.

One real server with 2 HTTP workers, 1 cron worker and the gevent long-polling process, with low
limits so that each recycling path is reached within seconds: ``limit_request`` (a worker is
replaced after N requests), ``limit_memory_soft`` (a worker that grew is replaced after its
request), ``limit_time_real`` (a runaway request is killed), ``limit_time_cpu`` (a request that
burns CPU is stopped). The probe routes are in the test-only addon ``crm_infinity_test_model``.
"""
import datetime
import json
import re
import threading
import time
import urllib.error
import urllib.request
import uuid

import psutil
import pytest

from tests import harness
from tests.conftest import Rpc, http_session

LIMIT_REQUEST = 25
LIMIT_TIME_REAL = 20     # a request longer than this is killed by the parent
LIMIT_TIME_CPU = 4       # CPU seconds of one request
LIMIT_MEMORY_SOFT = 1536  # MB of virtual memory (a worker of this code base uses less)
CRON_WAIT = 150          # the cron worker polls every 60-70 s
# the cron worker only pings its watchdog between polls (60-70 s): its own real-time limit
# must be longer than that (Odoo's default, -1, would take LIMIT_TIME_REAL and kill it)
LIMIT_TIME_REAL_CRON = 180


def _get(url, timeout=60):
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.status, resp.read()


def _probe(server, **params):
    """pid and virtual memory size of the worker that answers"""
    query = '&'.join('%s=%s' % item for item in params.items())
    status, body = _get(server.url + '/crm_infinity_test/worker?' + query)
    assert status == 200
    return json.loads(body)


def _pid(server, **params):
    return _probe(server, **params)['pid']


@pytest.fixture(scope='module')
def workers_server(test_db):
    soft = LIMIT_MEMORY_SOFT * 1024 * 1024
    server = harness.OdooServer(test_db, workers=2, max_cron_threads=1, extra_args=[
        '--limit-request', str(LIMIT_REQUEST),
        '--limit-time-real', str(LIMIT_TIME_REAL),
        '--limit-time-cpu', str(LIMIT_TIME_CPU),
        '--limit-memory-soft', str(soft),
        '--limit-memory-hard', str(2 * soft),
        '--limit-time-real-cron', str(LIMIT_TIME_REAL_CRON),
    ])
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope='module')
def cron_token(workers_server):
    """An ir.cron due now, created as soon as the server is up (the cron worker polls every
    minute): it creates one partner named after a token each time it runs."""
    token = 'cron-%s' % uuid.uuid4().hex[:12]
    admin = Rpc(workers_server, 'admin', 'admin')
    model_id = admin('ir.model', 'search', [('model', '=', 'res.partner')])[0]
    now = datetime.datetime.utcnow() - datetime.timedelta(minutes=1)
    cron_id = admin('ir.cron', 'create', {
        'name': 'Prefork test cron %s' % token, 'model_id': model_id, 'state': 'code',
        'code': "model.create({'name': %r})" % token,
        'interval_number': 1, 'interval_type': 'days', 'numbercall': -1,
        'nextcall': now.strftime('%Y-%m-%d %H:%M:%S'), 'active': True})
    yield token, time.time()
    admin('ir.cron', 'unlink', [cron_id])
    admin('res.partner', 'unlink', admin('res.partner', 'search', [('name', '=', token)]))


def test_the_server_runs_prefork_workers(workers_server, cron_token):
    parent = psutil.Process(workers_server.process.pid)
    children = parent.children()
    # 2 HTTP workers + 1 cron worker (forks of the parent) + the gevent process (a new python)
    assert len(children) == 4, [c.cmdline() for c in children]
    assert sum('gevent' in child.cmdline() for child in children) == 1
    log = open(workers_server.logfile).read()
    assert log.count('Worker WorkerHTTP') >= 2 and 'Worker WorkerCron' in log
    assert 'Evented Service (longpolling) running' in log
    assert 'TypeError' not in log


def test_login_and_rpc_as_a_salesperson(workers_server):
    session = http_session(workers_server, 'giulia.bianchi', 'demo')
    page = session.get(workers_server.url + '/web', timeout=60)
    assert page.status_code == 200 and 'odoo.session_info' in page.text
    rpc = Rpc(workers_server, 'giulia.bianchi', 'demo')
    partners = rpc('res.partner', 'search_read', [], fields=['name'], limit=5)
    assert len(partners) == 5 and all(p['name'] for p in partners)


def test_runaway_request_is_killed_and_the_next_is_served(workers_server):
    started = time.time()
    with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
        _get(workers_server.url + '/crm_infinity_test/sleep?seconds=90', timeout=80)
    elapsed = time.time() - started
    # killed by the parent's watchdog: limit_time_real + one beat (4 s) + scheduling slack
    assert LIMIT_TIME_REAL <= elapsed < LIMIT_TIME_REAL + 20, elapsed
    assert re.search(r'WorkerHTTP \(\d+\) timeout after %ss' % LIMIT_TIME_REAL,
                     open(workers_server.logfile).read())
    status, _body = _get(workers_server.url + '/web/login')
    assert status == 200


def test_cpu_limit_stops_a_request_that_burns_cpu(workers_server):
    started = time.time()
    with pytest.raises(urllib.error.HTTPError) as error:
        _get(workers_server.url + '/crm_infinity_test/spin?seconds=%d' % (LIMIT_TIME_REAL - 2),
             timeout=80)
    assert error.value.code == 500
    assert time.time() - started < LIMIT_TIME_REAL
    assert 'CPU time limit (%d) reached' % LIMIT_TIME_CPU in open(workers_server.logfile).read()
    status, _body = _get(workers_server.url + '/web/login')
    assert status == 200


def test_worker_past_limit_request_is_replaced(workers_server):
    seen = set()
    for _i in range(3 * LIMIT_REQUEST):
        seen.add(_pid(workers_server))
    # 2 workers serve 75 requests: each one is replaced after 25 of them
    assert len(seen) > 2, seen
    assert 'max request (%d) reached' % LIMIT_REQUEST in open(workers_server.logfile).read()


def test_worker_past_limit_memory_soft_is_replaced(workers_server):
    vms = _probe(workers_server)['vms']
    assert vms < LIMIT_MEMORY_SOFT * 1024 * 1024
    # the next worker that answers reserves what takes it past the soft limit
    grow_mb = LIMIT_MEMORY_SOFT - vms // (1024 * 1024) + 128
    first = _pid(workers_server, grow_mb=grow_mb)
    # the worker finishes the request, then leaves; its successor has a new pid
    deadline = time.time() + 30
    while time.time() < deadline and psutil.pid_exists(first):
        time.sleep(0.5)
    assert not psutil.pid_exists(first) or psutil.Process(first).status() == psutil.STATUS_ZOMBIE
    assert 'Worker (%d) virtual memory limit' % first in open(workers_server.logfile).read()
    pids = {_pid(workers_server) for _i in range(6)}
    assert first not in pids


def _bus_post(url, channel, message):
    request = urllib.request.Request(url, data=json.dumps({
        'jsonrpc': '2.0', 'method': 'call',
        'params': {'channel': channel, 'message': message}}).encode(),
        headers={'Content-Type': 'application/json'})
    try:
        with urllib.request.urlopen(request, timeout=60) as resp:
            return json.loads(resp.read())
    except urllib.error.HTTPError as error:  # a JSON-RPC 404 has HTTP status 404 too
        return json.loads(error.read())


def test_long_polling_delivers_a_notification(workers_server):
    """A poll on the gevent process is answered when an HTTP worker sends on its channel."""
    channel = 'crm_infinity_test_%s' % uuid.uuid4().hex[:8]
    result = {}

    def poll():
        request = urllib.request.Request(
            workers_server.longpolling_url + '/longpolling/poll',
            data=json.dumps({'jsonrpc': '2.0', 'method': 'call',
                             'params': {'channels': [channel], 'last': 0}}).encode(),
            headers={'Content-Type': 'application/json'})
        started = time.time()
        with urllib.request.urlopen(request, timeout=60) as resp:
            result['body'] = json.loads(resp.read())
        result['elapsed'] = time.time() - started

    thread = threading.Thread(target=poll)
    thread.start()
    time.sleep(2)
    # anonymous posts on the bus are refused, on the HTTP workers and on the gevent process
    for url in (workers_server.url, workers_server.longpolling_url):
        assert _bus_post(url + '/longpolling/send', channel, 'spoofed')['error']['code'] == 404
    # the server notifies (as the addons do, with bus.bus.sendone) from an HTTP worker
    assert 'error' not in _bus_post(workers_server.url + '/crm_infinity_test/bus_send',
                                    channel, 'ping')
    thread.join(70)
    assert 'body' in result, 'the long-polling request did not answer'
    notifications = result['body']['result']
    assert [n['message'] for n in notifications if n['channel'] == channel] == ['ping']
    assert result['elapsed'] < 30  # woken by the notification, not by the 50 s poll timeout


def test_cron_job_runs_exactly_once(workers_server, cron_token):
    token, created = cron_token
    admin = Rpc(workers_server, 'admin', 'admin')
    count = 0
    while time.time() < created + CRON_WAIT:
        count = admin('res.partner', 'search_count', [('name', '=', token)])
        if count:
            break
        time.sleep(3)
    assert count == 1, 'the cron job did not run in %ss' % CRON_WAIT
    time.sleep(5)
    assert admin('res.partner', 'search_count', [('name', '=', token)]) == 1
    assert 'TypeError' not in open(workers_server.logfile).read()
