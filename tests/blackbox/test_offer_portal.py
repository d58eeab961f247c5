"""Portal offers (SPEC S12) seen from outside, over real HTTP: a customer sees and confirms
his own offer, never another customer's, whatever ids or tokens he forges; the offer PDF
(S7, rendered by wkhtmltopdf) downloads from the portal; the salesperson then approves the
confirmed offer, which confirms the order."""
import subprocess
import uuid

import pytest
import requests

from tests.conftest import Rpc, csrf_token, http_session

PASSWORD = 'Offerte-2026!'


@pytest.fixture(scope='module')
def world(odoo_server, admin_rpc):
    """Two customer companies with a portal contact each, a salesperson, and a sent quote
    with its offer PDF for each customer (unique names: the database may be reused)."""
    tag = uuid.uuid4().hex[:6]
    ref = lambda xmlid: admin_rpc('ir.model.data', 'xmlid_to_res_id', xmlid)
    partner = lambda **vals: admin_rpc('res.partner', 'create', vals)
    alfa = partner(name='Alfa Offerte %s' % tag, is_company=True)
    beta = partner(name='Beta Offerte %s' % tag, is_company=True)
    aldo = partner(name='Aldo %s' % tag, parent_id=alfa, email='aldo.o.%s@example.com' % tag)
    bruno = partner(name='Bruno %s' % tag, parent_id=beta, email='bruno.o.%s@example.com' % tag)
    logins = {}
    for key, contact in (('aldo', aldo), ('bruno', bruno)):
        login = 'offer.%s.%s' % (key, tag)
        admin_rpc('res.users', 'create', {'login': login, 'password': PASSWORD,
                                          'partner_id': contact,
                                          'groups_id': [(6, 0, [ref('base.group_portal')])]})
        logins[key] = login
    seller_login = 'offer.seller.%s' % tag
    seller = admin_rpc('res.users', 'create', {
        'name': 'Venditore %s' % tag, 'login': seller_login, 'password': PASSWORD,
        'email': 'seller.%s@example.com' % tag,
        'groups_id': [(6, 0, [ref('crm_infinity_base.group_crm_salesperson')])]})
    admin_rpc('res.partner', 'write', [alfa, beta], {'user_id': seller})  # his companies (B2)
    product = admin_rpc('product.product', 'create', {'name': 'Centrale %s' % tag,
                                                      'list_price': 1000.0})
    template = admin_rpc('crm.infinity.offer.template', 'create', {
        'name': 'Offerta portale %s' % tag, 'section': 'body',
        'body': '<h1>Offerta {{ quote.name }} per {{ customer.name }}</h1>'
                '<table><tr><td>{{ line.description }}</td><td>{{ line.subtotal }}</td></tr>'
                '</table><p>Totale {{ totals.total }}</p>'})
    layout = admin_rpc('crm.infinity.offer.layout', 'create', {
        'name': 'Portale %s' % tag, 'line_ids': [(0, 0, {'template_id': template})]})
    # wkhtmltopdf fetches the report assets from this server
    admin_rpc('ir.config_parameter', 'set_param', 'report.url', odoo_server.url)
    seller_rpc = Rpc(odoo_server, seller_login, PASSWORD)
    quotes = {}
    for key, contact in (('qa', aldo), ('qb', bruno)):
        quote = seller_rpc('sale.order', 'create', {
            'partner_id': contact, 'user_id': seller,
            'order_line': [(0, 0, {'product_id': product, 'product_uom_qty': 2,
                                   'price_unit': 1000.0,
                                   'name': 'Fornitura riservata %s %s' % (key, tag)})]})
        admin_rpc('sale.order', 'message_subscribe', [quote], partner_ids=[contact])
        wizard = seller_rpc('crm.infinity.offer.generate.wizard', 'create', {
            'order_id': quote, 'layout_id': layout, 'output_format': 'pdf'})
        seller_rpc('crm.infinity.offer.generate.wizard', 'action_generate', [wizard])
        admin_rpc('sale.order', 'write', [quote], {'state': 'sent'})
        quotes[key] = quote
    orders = admin_rpc('sale.order', 'read', list(quotes.values()), ['name', 'access_token'])
    by_id = {o['id']: o for o in orders}
    return {
        'tag': tag, 'logins': logins, 'seller_rpc': seller_rpc, 'seller': seller,
        'qa': quotes['qa'], 'qb': quotes['qb'],
        'names': {k: by_id[v]['name'] for k, v in quotes.items()},
        'tokens': {k: by_id[v]['access_token'] for k, v in quotes.items()},
    }


@pytest.fixture(scope='module')
def aldo(odoo_server, world):
    return http_session(odoo_server, world['logins']['aldo'], PASSWORD)


def _state(admin_rpc, quote):
    return admin_rpc('sale.order', 'read', [quote], ['state', 'offer_customer_confirmed'])[0]


def test_customer_sees_only_his_quotes(odoo_server, world, aldo):
    page = aldo.get(odoo_server.url + '/my/quotes', timeout=60).text
    assert world['names']['qa'] in page
    assert world['names']['qb'] not in page
    resp = aldo.get(odoo_server.url + '/my/orders/%d' % world['qb'], timeout=60)
    assert world['names']['qb'] not in resp.text and 'o_offer_confirm' not in resp.text
    page = aldo.get(odoo_server.url + '/my/orders/%d' % world['qa'], timeout=60).text
    assert world['names']['qa'] in page
    assert '/my/orders/%d/offer/confirm' % world['qa'] in page
    assert '/my/orders/%d/offer' % world['qa'] in page


def test_forged_ids_and_tokens_reach_no_offer(odoo_server, admin_rpc, world, aldo):
    base = odoo_server.url + '/my/orders/%d/offer'
    csrf = csrf_token(aldo, odoo_server.url + '/my/orders/%d' % world['qa'])
    for params in ({}, {'access_token': world['tokens']['qa']}, {'access_token': 'x' * 36},
                   {'access_token': ''}):
        resp = aldo.get(base % world['qb'], params=params, timeout=60)
        assert resp.status_code == 404 and not resp.content.startswith(b'%PDF'), params
        resp = aldo.post(base % world['qb'] + '/confirm', params=params,
                         data={'csrf_token': csrf}, allow_redirects=False, timeout=60)
        assert resp.status_code == 404, params
    for path in ('', '/confirm'):
        method = aldo.post if path else aldo.get
        resp = method(base % 999999999 + path, data={'csrf_token': csrf},
                      allow_redirects=False, timeout=60)
        assert resp.status_code == 404
    assert _state(admin_rpc, world['qb']) == {'id': world['qb'], 'state': 'sent',
                                              'offer_customer_confirmed': False}
    # a visitor needs the exact token of the quote
    anonymous = requests.Session()
    assert anonymous.get(base % world['qb'], timeout=60).status_code == 404
    assert anonymous.get(base % world['qb'], params={'access_token': world['tokens']['qa']},
                         timeout=60).status_code == 404
    resp = anonymous.get(base % world['qb'], params={'access_token': world['tokens']['qb']},
                         timeout=60)
    assert resp.status_code == 200 and resp.content.startswith(b'%PDF')


def test_offer_pdf_downloads_with_the_merged_quote(odoo_server, world, aldo):
    resp = aldo.get(odoo_server.url + '/my/orders/%d/offer' % world['qa'], timeout=120)
    assert resp.status_code == 200
    assert resp.headers['Content-Type'] == 'application/pdf'
    text = subprocess.run(['pdftotext', '-', '-'], input=resp.content, stdout=subprocess.PIPE,
                          check=True).stdout.decode()
    text = ' '.join(text.split())
    assert 'Offerta %s per Alfa Offerte %s' % (world['names']['qa'], world['tag']) in text
    assert 'Fornitura riservata qa %s' % world['tag'] in text
    assert 'Beta' not in text


def test_customer_confirms_then_salesperson_approves(odoo_server, admin_rpc, world, aldo):
    url = odoo_server.url + '/my/orders/%d' % world['qa']
    csrf = csrf_token(aldo, url)
    resp = aldo.post(url + '/offer/confirm', data={'csrf_token': csrf}, timeout=60)
    assert resp.status_code == 200
    assert 'o_offer_confirmed_message' in resp.text and 'o_offer_waiting' in resp.text
    assert _state(admin_rpc, world['qa'])['offer_customer_confirmed'] is True
    assert _state(admin_rpc, world['qa'])['state'] == 'sent'
    page = aldo.get(odoo_server.url + '/my/quotes', timeout=60).text
    assert 'fa-check' in page
    seller = world['seller_rpc']
    assert world['qa'] in seller('sale.order', 'search', [('offer_to_approve', '=', True)])
    activities = seller('mail.activity', 'search_read', [('res_model', '=', 'sale.order'),
                                                         ('res_id', '=', world['qa'])],
                        fields=['user_id'])
    assert [a['user_id'][0] for a in activities] == [world['seller']]
    seller('sale.order', 'action_offer_approve', [world['qa']])
    assert _state(admin_rpc, world['qa'])['state'] == 'sale'
    assert world['qa'] not in seller('sale.order', 'search', [('offer_to_approve', '=', True)])
    # a confirmed order cannot be confirmed again from the portal
    resp = aldo.post(url + '/offer/confirm', data={'csrf_token': csrf}, allow_redirects=False,
                     timeout=60)
    assert resp.status_code in (302, 303) and 'error=generic' in resp.headers['Location']
