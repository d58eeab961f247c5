"""Issue 13, the customer's portal over real HTTP: after logging in he lands on his portal (/my),
quantities read "2" (not "2.0"), and no page advertises Odoo's website builder."""
import re
import uuid

import pytest
import requests

from tests.conftest import csrf_token

PASSWORD = 'Portale-2026!'


@pytest.fixture(scope='module')
def customer(admin_rpc):
    tag = uuid.uuid4().hex[:6]
    ref = lambda xmlid: admin_rpc('ir.model.data', 'xmlid_to_res_id', xmlid)
    company = admin_rpc('res.partner', 'create', {'name': 'Portale %s S.r.l.' % tag,
                                                  'is_company': True})
    contact = admin_rpc('res.partner', 'create', {'name': 'Paola %s' % tag, 'parent_id': company,
                                                  'email': 'paola.%s@example.com' % tag})
    login = 'paola.%s' % tag
    admin_rpc('res.users', 'create', {'login': login, 'password': PASSWORD,
                                      'partner_id': contact,
                                      'groups_id': [(6, 0, [ref('base.group_portal')])]})
    product = admin_rpc('product.product', 'create', {'name': 'Sopralluogo %s' % tag,
                                                      'type': 'service', 'list_price': 80.0})
    order = admin_rpc('sale.order', 'create', {
        'partner_id': contact,
        'order_line': [(0, 0, {'product_id': product, 'product_uom_qty': 2.0,
                               'name': 'Sopralluogo tecnico %s' % tag})]})
    admin_rpc('sale.order', 'write', [order], {'state': 'sent'})
    admin_rpc('sale.order', 'message_subscribe', [order], partner_ids=[contact])
    return {'login': login, 'order': order, 'tag': tag}


def _login(odoo_server, login):
    session = requests.Session()
    token = csrf_token(session, odoo_server.url + '/web/login')
    resp = session.post(odoo_server.url + '/web/login', data={
        'login': login, 'password': PASSWORD, 'csrf_token': token}, allow_redirects=False,
        timeout=60)
    return session, resp


def test_customer_lands_on_his_portal(odoo_server, customer):
    session, resp = _login(odoo_server, customer['login'])
    # Odoo answers a successful login with a page that sets window.location (redirect_with_hash)
    target = re.search(r"window\.location = '([^']*)'", resp.text)
    assert target, re.sub(r'\s+', ' ', re.sub(r'<[^>]+>', ' ', resp.text))[-500:]
    assert target.group(1) == '/my'


def test_portal_quantities_and_footer(odoo_server, customer):
    session, _resp = _login(odoo_server, customer['login'])
    page = session.get('%s/my/orders/%d' % (odoo_server.url, customer['order']), timeout=60)
    assert page.status_code == 200
    text = re.sub(r'\s+', ' ', re.sub(r'<[^>]+>', ' ', page.text))
    assert 'Sopralluogo %s' % customer['tag'] in text, text[-1500:]
    assert not re.search(r'\b2\.0\b', text), 'quantity shown as 2.0'
    home = session.get(odoo_server.url + '/my', timeout=60)
    for body in (page.text, home.text):
        assert 'website-builder' not in body
        assert 'free website' not in body
