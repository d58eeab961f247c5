"""Fixtures of the black-box suites: a real Odoo server on the test database."""
import xmlrpc.client

import pytest

from tests import harness


@pytest.fixture(scope='session')
def test_db():
    return harness.ensure_test_db()


@pytest.fixture(scope='session')
def odoo_server(test_db):
    server = harness.OdooServer(test_db).start()
    try:
        yield server
    finally:
        server.stop()


class Rpc:
    """XML-RPC client logged in as one user (execute_kw shortcut)."""

    def __init__(self, server, login, password):
        self.server = server
        common = xmlrpc.client.ServerProxy(server.url + '/xmlrpc/2/common')
        self.uid = common.authenticate(server.dbname, login, password, {})
        if not self.uid:
            raise AssertionError('login failed for %s' % login)
        self.password = password
        self.models = xmlrpc.client.ServerProxy(server.url + '/xmlrpc/2/object', allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.server.dbname, self.uid, self.password, model, method,
                                      list(args), kwargs)


@pytest.fixture(scope='session')
def admin_rpc(odoo_server):
    return Rpc(odoo_server, 'admin', 'admin')


def http_session(server, login, password):
    """A requests session logged into the web client through JSON-RPC."""
    import requests
    session = requests.Session()
    resp = session.post(server.url + '/web/session/authenticate', json={
        'jsonrpc': '2.0', 'method': 'call',
        'params': {'db': server.dbname, 'login': login, 'password': password}}, timeout=60)
    resp.raise_for_status()
    result = resp.json()
    if 'error' in result or not result['result'].get('uid'):
        raise AssertionError('web login failed for %s: %s' % (login, result))
    return session


def csrf_token(session, url):
    """The CSRF token of the first form on a page (portal forms post it back)."""
    import re
    match = re.search(r'name="csrf_token" value="([^"]+)"', session.get(url, timeout=60).text)
    assert match, 'no csrf token on %s' % url
    return match.group(1)


@pytest.fixture(scope='session')
def admin_http(odoo_server):
    return http_session(odoo_server, 'admin', 'admin')


def find_or_create(admin_rpc, model, name, values, field='name'):
    """The record named so, created with ``values`` if absent (a reused test database keeps the
    records of an earlier run: CRM_INFINITY_REUSE_DB=1)."""
    found = admin_rpc(model, 'search', [(field, '=', name)])
    if found:
        return found[0]
    return admin_rpc(model, 'create', dict(values, **{field: name}))


def profile_users(admin_rpc, profiles, password):
    """{login: user id} of test users, one per login of ``profiles`` ({login: [group xmlids]})."""
    ref = lambda xmlid: admin_rpc('ir.model.data', 'xmlid_to_res_id', xmlid)
    return {login: find_or_create(admin_rpc, 'res.users', login, {
        'name': login.replace('.', ' ').title(), 'password': password,
        'email': login + '@example.com', 'groups_id': [(6, 0, [ref(g) for g in groups])]},
        field='login') for login, groups in profiles.items()}
