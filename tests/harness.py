"""Shared machinery of the test suite: the Odoo configuration for in-process tests, the test
database (created once per session, fresh), and real Odoo servers for black-box tests."""
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONF = os.path.join(ROOT, 'odoo.conf')
VAR = os.path.join(ROOT, 'var')
TEST_DB = os.environ.get('CRM_INFINITY_TEST_DB', 'crm_infinity_test')
INSTALL_LOG = os.path.join(VAR, 'test-db-install.log')
# the test databases also hold the test-only addons of tests/addons
ADDONS_PATH = ','.join([os.path.join(ROOT, 'addons'), os.path.join(ROOT, 'tests', 'addons')])

# Lines of a server's log saying that its registry failed to load or misses models: the server
# would answer with 500s, or RPC without some addon's models. start() fails at once on them.
REGISTRY_FAILURE = re.compile(
    r"Failed to load registry|Failed to initialize database|Couldn't load module|"
    r"module base cannot be loaded|with unknown comodel_name|not installable, skipped|"
    r"Unmet dependencies")
# ir_module_module states of an install/upgrade/uninstall in progress (or killed half-way)
TRANSIENT_STATES = ('to install', 'to upgrade', 'to remove')

_db_ready = False
_db_error = None
_environments = None


def configure_odoo():
    """Parse odoo.conf for in-process tests; point every test case at the test database."""
    import odoo
    odoo.tools.config.parse_config(['-c', CONF, '-d', TEST_DB, '--db-filter', '^%s$' % TEST_DB,
                                    '--addons-path', ADDONS_PATH,
                                    '--log-level', 'warn', '--max-cron-threads', '0'])
    odoo.tools.config['test_enable'] = True
    odoo.modules.module.initialize_sys_path()
    # Odoo keeps environments in a thread-local that its own test runner opens; keep one open
    # for the whole pytest session (tests run in the main thread).
    global _environments
    _environments = odoo.api.Environment.manage()
    _environments.__enter__()


def unconfigure_odoo():
    if _environments is not None:
        _environments.__exit__(None, None, None)


def ensure_test_db():
    """Create the test database once per session (fresh unless CRM_INFINITY_REUSE_DB=1)."""
    global _db_ready, _db_error
    if _db_ready:
        return TEST_DB
    if _db_error:  # do not rebuild it for every test module: fail them all at once
        raise RuntimeError(_db_error)
    os.makedirs(VAR, exist_ok=True)
    reuse = os.environ.get('CRM_INFINITY_REUSE_DB') == '1'
    if not reuse and os.path.exists(INSTALL_LOG):
        os.unlink(INSTALL_LOG)
    cmd = [sys.executable, os.path.join(ROOT, 'scripts', 'create_db.py'), TEST_DB,
           '--log', INSTALL_LOG, '--test'] + ([] if reuse else ['--force'])
    try:
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    except subprocess.CalledProcessError as error:
        _db_error = 'the test database could not be created (%s), see %s' % (error, INSTALL_LOG)
        raise RuntimeError(_db_error)
    _db_ready = True
    return TEST_DB


def transient_modules(dbname):
    """{module: state} of the modules of ``dbname`` caught in an install/upgrade/uninstall."""
    import psycopg2
    from scripts.create_db import DSN
    conn = psycopg2.connect(dbname=dbname, **DSN)
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT name, state FROM ir_module_module WHERE state IN %s ORDER BY name",
                       (TRANSIENT_STATES,))
            return dict(cr.fetchall())
    finally:
        conn.close()


def registry_failure(logfile):
    """The first lines of ``logfile`` telling that the registry failed or is partial, or None."""
    try:
        with open(logfile, errors='replace') as log:
            lines = log.readlines()
    except FileNotFoundError:
        return None
    for index, line in enumerate(lines):
        if REGISTRY_FAILURE.search(line):
            excerpt = [line]
            for following in lines[index + 1:index + 40]:  # its traceback, if any
                if re.match(r'\d{4}-\d\d-\d\d ', following):
                    break
                excerpt.append(following)
            return ''.join(excerpt).rstrip()
    return None


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class OdooServer:
    """A real ``bin/odoo`` server process on a free loopback port.

    ``workers=0`` (the default) is Odoo's threaded server; ``workers=N`` its prefork server with
    N HTTP workers, ``max_cron_threads`` cron workers and the gevent long-polling process on
    another free port (``longpolling_url``).
    """

    def __init__(self, dbname, extra_args=(), workers=0, max_cron_threads=0, own_session=None):
        self.dbname = dbname
        self.port = free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.workers = workers
        self.max_cron_threads = max_cron_threads
        self.longpolling_port = free_port() if workers else None
        self.longpolling_url = 'http://127.0.0.1:%d' % self.longpolling_port if workers else None
        # a process group (and session) of its own: stop() reaps the workers and the gevent
        # process; the Linux scheduler also gives a session its own CPU share (autogroup)
        self.own_session = bool(workers) if own_session is None else own_session
        self.logfile = os.path.join(VAR, 'server-%d.log' % self.port)
        self.extra_args = list(extra_args)
        self.process = None

    def start(self, timeout=180):
        """Start the server and wait for its login page; fail loudly (never a server with a
        partial registry): on a database caught in an install/upgrade, or on a registry that
        failed to load or misses models."""
        stuck = transient_modules(self.dbname)
        if stuck:
            # the server would run the upgrade itself, next to the process doing it, or load a
            # registry without those modules (and reset their states if it fails)
            raise RuntimeError(
                'database %s is not fully installed/upgraded (%s): another process is upgrading '
                'it, or an upgrade died half-way; no server started on it' % (
                    self.dbname, ', '.join('%s %s' % item for item in sorted(stuck.items()))))
        # a port may come back in the same run: the log must hold this server's lines only
        os.makedirs(VAR, exist_ok=True)
        open(self.logfile, 'w').close()
        cmd = [os.path.join(ROOT, 'bin', 'odoo'), '-c', CONF, '-d', self.dbname,
               '--db-filter', '^%s$' % self.dbname, '--http-port', str(self.port),
               '--http-interface', '127.0.0.1', '--workers', str(self.workers),
               '--max-cron-threads', str(self.max_cron_threads),
               '--addons-path', ADDONS_PATH, '--logfile', self.logfile] + self.extra_args
        if self.workers:
            cmd += ['--longpolling-port', str(self.longpolling_port)]
        self.process = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL,
                                        start_new_session=self.own_session)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError('Odoo server exited, see %s' % self.logfile)
            self._check_registry()
            try:
                with urllib.request.urlopen(self.url + '/web/login', timeout=30) as resp:
                    if resp.status == 200:
                        self._check_registry()
                        if self.workers:
                            self._wait_for_longpolling(deadline)
                        return self
            except OSError:
                time.sleep(0.5)
        self.stop()  # a server that never answered must not outlive the test session
        raise RuntimeError('Odoo server did not answer in %ss, see %s' % (timeout, self.logfile))

    def _wait_for_longpolling(self, deadline):
        """The gevent process (a new Python, slower to start than the forked HTTP workers) is
        part of a prefork server: wait until it listens too."""
        while time.time() < deadline:
            try:
                socket.create_connection(('127.0.0.1', self.longpolling_port), timeout=5).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError('the long-polling process of the Odoo server did not listen, see %s'
                           % self.logfile)

    def _check_registry(self):
        failure = registry_failure(self.logfile)
        if failure:
            self.stop()
            raise RuntimeError('Odoo server on %s has no complete registry, see %s:\n%s' % (
                self.dbname, self.logfile, failure))

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.own_session:
            try:  # workers or the long-polling process left behind by an unclean stop
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
