"""Safe defaults of whoever follows the README (issue 12, section 2): the served configuration
has no database manager, a master password that is not ``admin`` and kept out of git, and
``make run`` binds to loopback unless asked otherwise."""
import configparser
import os
import subprocess
import uuid
import xmlrpc.client

import pytest
import requests

from runtime import localconf
from tests import harness

BLOCKED = 'Database management functions blocked'


def _tracked_conf():
    parser = configparser.RawConfigParser()
    parser.read([harness.CONF])
    return dict(parser.items('options'))


def test_odoo_conf_in_git_has_safe_defaults():
    options = _tracked_conf()
    assert 'admin_passwd' not in options
    assert options['list_db'] == 'False'
    assert options['http_interface'] == '127.0.0.1'
    assert options['proxy_mode'] == 'False'


def test_local_conf_is_ignored_by_git():
    result = subprocess.run(['git', 'check-ignore', '-q', localconf.LOCAL_CONF], cwd=harness.ROOT)
    assert result.returncode == 0


def test_make_run_binds_to_loopback_unless_asked():
    def run_cmd(*args):
        out = subprocess.run(['make', '-n', 'run'] + list(args), cwd=harness.ROOT, check=True,
                             capture_output=True, text=True).stdout
        return [line for line in out.splitlines() if line.startswith('bin/odoo')][0]
    assert '--http-interface 127.0.0.1' in run_cmd()
    assert '--http-interface 0.0.0.0' in run_cmd('HOST=0.0.0.0')


def test_database_manager_is_disabled(odoo_server):
    # Odoo 11 renders a "disabled" manager page with its hidden forms: ours answers 404
    for path in ('/web/database/manager', '/web/database/selector'):
        page = requests.get(odoo_server.url + path, timeout=60)
        assert page.status_code == 404, path
        assert 'master_pwd' not in page.text and 'disabled by the administrator' not in page.text
    listing = requests.post(odoo_server.url + '/web/database/list', timeout=60, json={
        'jsonrpc': '2.0', 'method': 'call', 'params': {}}).json()
    assert 'error' in listing and 'result' not in listing
    db = xmlrpc.client.ServerProxy(odoo_server.url + '/xmlrpc/2/db')
    with pytest.raises(xmlrpc.client.Fault):
        db.list()


def test_backup_and_drop_are_refused(odoo_server):
    password = localconf.read_options()['admin_passwd']
    for master_pwd in ('admin', password):
        resp = requests.post(odoo_server.url + '/web/database/backup', timeout=60, data={
            'master_pwd': master_pwd, 'name': odoo_server.dbname, 'backup_format': 'zip'})
        assert resp.headers.get('Content-Type', '').startswith('text/html')
        assert not resp.content.startswith(b'PK')
        resp = requests.post(odoo_server.url + '/web/database/drop', timeout=60, data={
            'master_pwd': master_pwd, 'name': odoo_server.dbname + '_no_such_copy'})
        assert 'Access Denied' in resp.text or 'disabled' in resp.text
    db = xmlrpc.client.ServerProxy(odoo_server.url + '/xmlrpc/2/db')
    with pytest.raises(xmlrpc.client.Fault):
        db.dump(password, odoo_server.dbname, 'zip')


def test_master_password_is_the_generated_one_not_admin(odoo_server):
    """db.migrate_databases([]) checks the master password first, then that database
    management is enabled (it is not): the server log tells which check refused the call."""
    db = xmlrpc.client.ServerProxy(odoo_server.url + '/xmlrpc/2/db')

    def blocked_count():
        with open(odoo_server.logfile) as log:
            return log.read().count(BLOCKED)

    before = blocked_count()
    with pytest.raises(xmlrpc.client.Fault):
        db.migrate_databases('admin', [])
    assert blocked_count() == before               # refused at the master password
    password = localconf.read_options()['admin_passwd']
    assert password and password != 'admin' and len(password) >= 16
    with pytest.raises(xmlrpc.client.Fault):
        db.migrate_databases(password, [])
    assert blocked_count() == before + 1           # right password, manager still off
    assert os.stat(localconf.LOCAL_CONF).st_mode & 0o077 == 0   # readable by its owner only



def test_database_pages_are_served_when_list_db_is_on(test_db, tmp_path):
    """Whoever turns the manager on (``list_db = True`` in his configuration: Odoo 11 has no
    command-line option for it) still gets Odoo's pages."""
    parser = configparser.RawConfigParser()
    parser.read([harness.CONF])
    parser.set('options', 'list_db', 'True')
    conf = tmp_path / 'odoo-list-db.conf'
    with open(conf, 'w') as f:
        parser.write(f)
    server = harness.OdooServer(test_db, extra_args=['-c', str(conf)]).start()
    try:
        for path in ('/web/database/manager', '/web/database/selector'):
            page = requests.get(server.url + path, timeout=60)
            assert page.status_code == 200, path
            assert test_db in page.text
        assert 'master_pwd' in requests.get(server.url + '/web/database/manager', timeout=60).text
    finally:
        server.stop()


def test_anonymous_bus_post_is_refused(odoo_server):
    """``/longpolling/send`` (bus, auth='public') let anybody put any message on any bus channel;
    it is closed (nothing installed uses it: the addons notify from the server)."""
    spoof, real = ('crm_infinity_%s_%s' % (kind, uuid.uuid4().hex[:8])
                   for kind in ('spoof', 'real'))
    resp = requests.post(odoo_server.url + '/longpolling/send', timeout=60, json={
        'jsonrpc': '2.0', 'method': 'call',
        'params': {'channel': spoof, 'message': 'x' * 1000}})
    assert resp.status_code == 404 and resp.json()['error']['code'] == 404
    admin = xmlrpc.client.ServerProxy(odoo_server.url + '/xmlrpc/2/object')
    uid = xmlrpc.client.ServerProxy(odoo_server.url + '/xmlrpc/2/common').authenticate(
        odoo_server.dbname, 'admin', 'admin', {})
    assert admin.execute_kw(odoo_server.dbname, uid, 'admin', 'bus.bus', 'search_count',
                            [[('channel', '=', '"%s"' % spoof)]]) == 0
    # what notifies still works: the server sends (bus.bus.sendone, here from a test-only
    # route), a client polls its channel
    assert 'error' not in _json_call(odoo_server.url + '/crm_infinity_test/bus_send',
                                     channel=real, message='ping')
    polled = _json_call(odoo_server.url + '/longpolling/poll',
                        channels=[real, spoof], last=0)['result']
    assert [(n['channel'], n['message']) for n in polled] == [(real, 'ping')]


def _json_call(url, **params):
    return requests.post(url, timeout=60, json={
        'jsonrpc': '2.0', 'method': 'call', 'params': params}).json()
