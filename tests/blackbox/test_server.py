"""A real Odoo server on the test database, reached as a client would."""
import os
import re

import pytest
import requests

from tests import harness
from tests.conftest import Rpc

ADDONS = ['crm_infinity_base', 'crm_infinity_marketing', 'crm_infinity_sales',
          'crm_infinity_support', 'crm_infinity_projects', 'crm_infinity_einvoice']


def test_install_log_has_no_warning(test_db):
    """The six addons (and what they depend on) install on a fresh database without a warning."""
    if os.environ.get('CRM_INFINITY_REUSE_DB') == '1':
        pytest.skip('the database was reused: no fresh install log')
    with open(harness.INSTALL_LOG) as log:
        bad = [line for line in log if re.search(r' (WARNING|ERROR|CRITICAL) ', line)]
    assert bad == []


def test_xmlrpc_version_and_modules(odoo_server, admin_rpc):
    import xmlrpc.client
    version = xmlrpc.client.ServerProxy(odoo_server.url + '/xmlrpc/2/common').version()
    assert version['server_version'].startswith('11.0')
    states = admin_rpc('ir.module.module', 'search_read', [('name', 'in', ADDONS)],
                       fields=['name', 'state'])
    assert {m['name']: m['state'] for m in states} == {name: 'installed' for name in ADDONS}


def test_demo_company_is_italian(admin_rpc):
    company = admin_rpc('res.users', 'read', [admin_rpc.uid], fields=['company_id'])[0]['company_id']
    data = admin_rpc('res.company', 'read', [company[0]],
                     fields=['country_id', 'currency_id', 'chart_template_id'])[0]
    assert data['country_id'][1] in ('Italy', 'Italia')
    assert data['currency_id'][1] == 'EUR'
    assert data['chart_template_id'][1] == 'Italy - Generic Chart of Accounts'


def test_jsonrpc_call_kw(admin_http, odoo_server):
    resp = admin_http.post(odoo_server.url + '/web/dataset/call_kw', json={
        'jsonrpc': '2.0', 'method': 'call', 'params': {
            'model': 'res.groups', 'method': 'search_count',
            'args': [[('category_id.name', '=', 'CRM Infinity')]], 'kwargs': {}}}, timeout=60)
    assert resp.json()['result'] == 8


def test_wrong_password_is_refused(odoo_server):
    import xmlrpc.client
    common = xmlrpc.client.ServerProxy(odoo_server.url + '/xmlrpc/2/common')
    assert common.authenticate(odoo_server.dbname, 'admin', 'not-the-password', {}) is False


def test_login_page(odoo_server):
    resp = requests.get(odoo_server.url + '/web/login', timeout=60)
    assert resp.status_code == 200
    assert 'name="login"' in resp.text and 'name="password"' in resp.text
    assert 'csrf_token' in resp.text


def test_portal_user_logs_in_and_sees_his_portal(odoo_server, admin_rpc):
    from tests.conftest import http_session
    portal_group = admin_rpc('ir.model.data', 'xmlid_to_res_id', 'base.group_portal')
    if not admin_rpc('res.users', 'search', [('login', '=', 'portale@rossi.example.com')]):
        partner = admin_rpc('res.partner', 'create', {'name': 'Rossi Impianti S.r.l.',
                                                       'email': 'portale@rossi.example.com'})
        admin_rpc('res.users', 'create', {'name': 'Mario Rossi', 'login': 'portale@rossi.example.com',
                                          'password': 'Portale-2026', 'partner_id': partner,
                                          'groups_id': [(6, 0, [portal_group])]})
    session = http_session(odoo_server, 'portale@rossi.example.com', 'Portale-2026')
    resp = session.get(odoo_server.url + '/my/home', timeout=60)
    assert resp.status_code == 200
    assert 'Mario Rossi' in resp.text
    # the back office is not for portal users
    backend = session.get(odoo_server.url + '/web', timeout=60, allow_redirects=False)
    assert backend.status_code in (302, 303) or 'o_web_client' not in backend.text


def test_qweb_pdf_report_through_wkhtmltopdf(odoo_server, admin_rpc, admin_http, tmp_path):
    """A QWeb report rendered to PDF by wkhtmltopdf, with its text inside."""
    # wkhtmltopdf fetches the assets from report.url: point it at this server
    admin_rpc('ir.config_parameter', 'set_param', 'report.url', odoo_server.url)
    order = admin_rpc('sale.order', 'search_read', [], fields=['name', 'partner_id'], limit=1)[0]
    resp = admin_http.get('%s/report/pdf/sale.report_saleorder/%d' % (odoo_server.url, order['id']),
                          timeout=300)
    assert resp.status_code == 200
    assert resp.headers['Content-Type'] == 'application/pdf'
    assert resp.content.startswith(b'%PDF')
    pdf = tmp_path / 'order.pdf'
    pdf.write_bytes(resp.content)
    import subprocess
    text = subprocess.run(['pdftotext', str(pdf), '-'], stdout=subprocess.PIPE, check=True,
                          text=True).stdout
    assert order['name'] in text
    # (the company header is a separate --header-html page, which Debian's wkhtmltopdf, built
    # without the patched Qt, does not render: the body is what can be asserted here)
    assert order['partner_id'][1].split(',')[0] in text
