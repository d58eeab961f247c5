"""Cost of the portal ticket list for a demo customer, through Odoo's real WSGI application
in-process (routing, website layout, record rules): Odoo 11 has every app compute its /my/home
counter on every portal page, which cost the ticket list 91 queries out of which about 50 were
quotations, orders, invoices, projects and tasks counters (issue 12, portal load figure)."""
import json

import odoo
from werkzeug.test import Client
from werkzeug.wrappers import BaseResponse

ENVIRON = {'REMOTE_ADDR': '127.0.0.1'}
LOGIN = 'mario.rossi'  # demo customer with tickets (demo/crm_infinity_portal_demo.xml)


def _client():
    from tests import harness
    odoo.service.server.load_server_wide_modules()
    client = Client(odoo.service.wsgi_server.application, BaseResponse)
    resp = client.post('/web/session/authenticate', environ_base=ENVIRON,
                       content_type='application/json', data=json.dumps({
                           'jsonrpc': '2.0', 'method': 'call',
                           'params': {'db': harness.TEST_DB, 'login': LOGIN, 'password': LOGIN}}))
    assert json.loads(resp.data)['result']['uid'], resp.data[:300]
    return client


def _queries(client, url):
    client.get(url, environ_base=ENVIRON)  # warm-up: templates compiled, caches filled
    before = odoo.sql_db.sql_counter
    resp = client.get(url, environ_base=ENVIRON)
    assert resp.status_code == 200, resp.status_code
    return odoo.sql_db.sql_counter - before, resp.data.decode()


def test_ticket_list_skips_the_other_apps_home_counters():
    client = _client()
    count, page = _queries(client, '/my/tickets')
    assert 'o_portal_tickets_table' in page and '/my/tickets/' in page
    assert count <= 60, count  # 91 when every app's home counter was computed


def test_home_still_shows_the_counters():
    client = _client()
    _count, page = _queries(client, '/my/home')
    assert '/my/tickets' in page
