"""The customer portal of the help desk seen from outside, over real HTTP: a customer never
reaches another customer's ticket, its messages or its files, whatever ids or tokens he forges;
he opens tickets only in the service centers open to him; internal knowledge base articles never
reach the portal or the public website."""
import base64
import re
import uuid

import pytest
import requests

from tests.conftest import csrf_token, http_session

PASSWORD = 'Portale-2026!'


@pytest.fixture(scope='module')
def world(admin_rpc):
    """Two customer companies with portal contacts, three service centers and their tickets,
    created through RPC with unique names (the module may run again on a reused database)."""
    tag = uuid.uuid4().hex[:6]
    ref = lambda xmlid: admin_rpc('ir.model.data', 'xmlid_to_res_id', xmlid)
    partner = lambda **vals: admin_rpc('res.partner', 'create', vals)
    alfa = partner(name='Alfa %s' % tag, is_company=True)
    beta = partner(name='Beta %s' % tag, is_company=True)
    aldo = partner(name='Aldo %s' % tag, parent_id=alfa, email='aldo.%s@example.com' % tag,
                   support_company_tickets=True)
    carla = partner(name='Carla %s' % tag, parent_id=alfa, email='carla.%s@example.com' % tag)
    bruno = partner(name='Bruno %s' % tag, parent_id=beta, email='bruno.%s@example.com' % tag)
    logins = {}
    for key, contact in (('aldo', aldo), ('carla', carla), ('bruno', bruno)):
        login = '%s.%s' % (key, tag)
        admin_rpc('res.users', 'create', {'login': login, 'password': PASSWORD, 'partner_id': contact,
                                          'groups_id': [(6, 0, [ref('base.group_portal')])]})
        logins[key] = login
    calendar = ref('resource.resource_calendar_std')
    center = lambda **vals: admin_rpc('crm.infinity.service.center', 'create', dict(
        vals, resource_calendar_id=calendar))
    open_center = center(name='Aperto %s' % tag, code='O%s' % tag)
    reserved = center(name='Riservato %s' % tag, code='R%s' % tag, access='reserved',
                      partner_ids=[(6, 0, [beta])])
    internal = center(name='Interno %s' % tag, code='I%s' % tag, portal_enabled=False)
    ticket = lambda name, contact, center_id: admin_rpc('crm.infinity.ticket', 'create', {
        'name': name, 'partner_id': contact, 'center_id': center_id, 'channel': 'phone'})
    world = {
        'tag': tag, 'logins': logins, 'alfa': alfa, 'beta': beta, 'aldo': aldo, 'carla': carla,
        'bruno': bruno, 'open': open_center, 'reserved': reserved, 'internal': internal,
        't_aldo': ticket('Guasto di Aldo %s' % tag, aldo, open_center),
        't_carla': ticket('Richiesta di Carla %s' % tag, carla, open_center),
        't_bruno': ticket('Segreto di Bruno %s' % tag, bruno, reserved),
        't_carla_internal': ticket('Pratica interna %s' % tag, carla, internal),
    }
    def post(ticket_id, body, subtype, files):
        files = [(0, 0, {'name': name, 'datas_fname': name, 'res_model': 'crm.infinity.ticket',
                         'res_id': ticket_id, 'datas': base64.b64encode(data.encode()).decode()})
                 for name, data in files]
        return admin_rpc('mail.message', 'create', {
            'model': 'crm.infinity.ticket', 'res_id': ticket_id, 'body': body,
            'message_type': 'comment', 'subtype_id': ref(subtype), 'attachment_ids': files})
    message = post(world['t_bruno'], 'Documento per Bruno', 'mail.mt_comment',
                   [['contratto-bruno.txt', 'dati riservati di Bruno']])
    world['att_bruno'] = admin_rpc('mail.message', 'read', [message], ['attachment_ids'])[0]['attachment_ids'][0]
    message = post(world['t_aldo'], 'Risposta ad Aldo', 'mail.mt_comment',
                   [['istruzioni-aldo.txt', 'istruzioni per Aldo']])
    world['att_aldo'] = admin_rpc('mail.message', 'read', [message], ['attachment_ids'])[0]['attachment_ids'][0]
    message = post(world['t_aldo'], 'Nota interna: cliente moroso %s' % tag, 'mail.mt_note',
                   [['nota-interna.txt', 'solo operatori']])
    world['att_note'] = admin_rpc('mail.message', 'read', [message], ['attachment_ids'])[0]['attachment_ids'][0]
    world['tokens'] = {key: admin_rpc('crm.infinity.ticket', 'read', [world[key]], ['access_token'])[0]['access_token']
                       for key in ('t_aldo', 't_bruno')}
    return world


@pytest.fixture(scope='module')
def aldo(odoo_server, world):
    return http_session(odoo_server, world['logins']['aldo'], PASSWORD)


@pytest.fixture(scope='module')
def carla(odoo_server, world):
    return http_session(odoo_server, world['logins']['carla'], PASSWORD)


@pytest.fixture(scope='module')
def bruno(odoo_server, world):
    return http_session(odoo_server, world['logins']['bruno'], PASSWORD)


def _message_count(admin_rpc, ticket_id):
    return admin_rpc('mail.message', 'search_count', [('model', '=', 'crm.infinity.ticket'),
                                                      ('res_id', '=', ticket_id)])


def test_list_shows_own_and_company_tickets_only(odoo_server, world, aldo, carla, bruno):
    tag = world['tag']
    page = aldo.get(odoo_server.url + '/my/tickets', timeout=60).text
    assert 'Guasto di Aldo %s' % tag in page and 'Richiesta di Carla %s' % tag in page
    assert 'Segreto di Bruno' not in page
    assert 'Pratica interna %s' % tag not in page  # center closed to the portal
    page = carla.get(odoo_server.url + '/my/tickets', timeout=60).text
    assert 'Richiesta di Carla %s' % tag in page and 'Guasto di Aldo' not in page
    page = bruno.get(odoo_server.url + '/my/tickets', timeout=60).text
    assert 'Segreto di Bruno %s' % tag in page and 'Aldo' not in page
    # the list searches and filters
    page = aldo.get(odoo_server.url + '/my/tickets', params={'search': 'Carla %s' % tag}, timeout=60).text
    assert 'Richiesta di Carla' in page and 'Guasto di Aldo' not in page
    page = aldo.get(odoo_server.url + '/my/tickets', params={'filterby': 'closed'}, timeout=60).text
    assert 'Guasto di Aldo' not in page


def test_forged_ticket_ids_and_tokens_show_nothing(odoo_server, world, aldo, carla):
    url = odoo_server.url + '/my/tickets/%d' % world['t_bruno']
    for params in ({}, {'access_token': world['tokens']['t_aldo']}, {'access_token': 'x' * 36},
                   {'access_token': ''}):
        resp = aldo.get(url, params=params, timeout=60)
        assert resp.status_code == 404 and 'Segreto di Bruno' not in resp.text, params
    resp = carla.get(odoo_server.url + '/my/tickets/%d' % world['t_aldo'], timeout=60)
    assert resp.status_code == 404
    resp = aldo.get(odoo_server.url + '/my/tickets/%d' % world['t_carla_internal'], timeout=60)
    assert resp.status_code == 404
    assert aldo.get(odoo_server.url + '/my/tickets/999999999', timeout=60).status_code == 404
    # anonymous visitors: only the exact token opens the ticket
    anonymous = requests.Session()
    assert anonymous.get(url, timeout=60).status_code == 404
    assert anonymous.get(url, params={'access_token': world['tokens']['t_aldo']}, timeout=60).status_code == 404
    resp = anonymous.get(url, params={'access_token': world['tokens']['t_bruno']}, timeout=60)
    assert resp.status_code == 200 and 'Segreto di Bruno' in resp.text


def test_own_ticket_shows_public_history_only(odoo_server, world, aldo):
    page = aldo.get(odoo_server.url + '/my/tickets/%d' % world['t_aldo'], timeout=60).text
    assert 'Guasto di Aldo' in page and 'Risposta ad Aldo' in page
    assert 'cliente moroso' not in page and 'nota-interna.txt' not in page
    assert '/attachment/%d' % world['att_aldo'] in page


def test_forged_replies_and_closures_change_nothing(odoo_server, admin_rpc, world, aldo):
    csrf = csrf_token(aldo, odoo_server.url + '/my/tickets/%d' % world['t_aldo'])
    before = _message_count(admin_rpc, world['t_bruno'])
    for params in ({}, {'access_token': world['tokens']['t_aldo']}, {'access_token': 'y' * 36}):
        resp = aldo.post(odoo_server.url + '/my/tickets/%d/reply' % world['t_bruno'], params=params,
                         data={'csrf_token': csrf, 'message': 'Messaggio forzato'},
                         files={'attachments': ('virus.txt', b'x')}, allow_redirects=False, timeout=60)
        assert resp.status_code == 404, params
        resp = aldo.post(odoo_server.url + '/my/tickets/%d/close' % world['t_bruno'], params=params,
                         data={'csrf_token': csrf}, allow_redirects=False, timeout=60)
        assert resp.status_code == 404, params
    assert _message_count(admin_rpc, world['t_bruno']) == before
    state = admin_rpc('crm.infinity.ticket', 'read', [world['t_bruno']], ['state'])[0]['state']
    assert state not in ('solved', 'closed')
    assert not admin_rpc('ir.attachment', 'search', [('name', '=', 'virus.txt')])


def test_reply_with_attachment_then_close_own_ticket(odoo_server, admin_rpc, world, carla):
    url = odoo_server.url + '/my/tickets/%d' % world['t_carla']
    csrf = csrf_token(carla, url)
    resp = carla.post(url + '/reply', data={'csrf_token': csrf, 'message': 'Allego la foto %s' % world['tag']},
                      files={'attachments': ('foto-carla.txt', b'pixel')}, timeout=60)
    assert resp.status_code == 200
    assert 'Allego la foto %s' % world['tag'] in resp.text and 'foto-carla.txt' in resp.text
    att = re.search(r'/my/tickets/%d/attachment/(\d+)' % world['t_carla'], resp.text)
    download = carla.get(url + '/attachment/%s' % att.group(1), timeout=60)
    assert download.status_code == 200 and download.content == b'pixel'
    resp = carla.post(url + '/close', data={'csrf_token': csrf}, timeout=60)
    assert resp.status_code == 200
    assert admin_rpc('crm.infinity.ticket', 'read', [world['t_carla']], ['state'])[0]['state'] == 'closed'


def test_forged_attachment_ids_download_nothing(odoo_server, world, aldo):
    base = odoo_server.url + '/my/tickets/%d/attachment/%d'
    for ticket, attachment, params in (
            (world['t_aldo'], world['att_bruno'], {}),       # B's file through A's ticket
            (world['t_bruno'], world['att_bruno'], {}),      # B's ticket
            (world['t_bruno'], world['att_bruno'], {'access_token': world['tokens']['t_aldo']}),
            (world['t_aldo'], world['att_note'], {}),        # file of an internal note
            (world['t_aldo'], 999999999, {})):
        resp = aldo.get(base % (ticket, attachment), params=params, timeout=60)
        assert resp.status_code == 404 and b'dati riservati' not in resp.content, (ticket, attachment)
    resp = aldo.get(base % (world['t_aldo'], world['att_aldo']), timeout=60)
    assert resp.status_code == 200 and resp.content == b'istruzioni per Aldo'
    # Odoo's own download route checks the ticket's record rules too
    resp = aldo.get(odoo_server.url + '/web/content/%d?download=true' % world['att_bruno'], timeout=60)
    assert b'dati riservati' not in resp.content
    # ... and keeps the files of internal notes from the customer of the ticket
    resp = aldo.get(odoo_server.url + '/web/content/%d?download=true' % world['att_note'], timeout=60)
    assert b'solo operatori' not in resp.content
    resp = aldo.get(odoo_server.url + '/web/content/%d?download=true' % world['att_aldo'], timeout=60)
    assert resp.content == b'istruzioni per Aldo'


def test_new_ticket_only_in_centers_open_to_the_customer(odoo_server, admin_rpc, world, aldo, bruno):
    url = odoo_server.url + '/my/tickets/new'
    form = aldo.get(url, timeout=60).text
    assert 'Aperto %s' % world['tag'] in form
    assert 'Riservato %s' % world['tag'] not in form and 'Interno %s' % world['tag'] not in form
    csrf = csrf_token(aldo, url)
    count = lambda: admin_rpc('crm.infinity.ticket', 'search_count', [('partner_id', '=', world['aldo'])])
    before = count()
    for center in (world['reserved'], world['internal'], 999999999, 'abc'):
        resp = aldo.post(url, data={'csrf_token': csrf, 'center_id': center, 'name': 'Forzato',
                                    'description': 'Centro forzato'},
                         files={'attachments': ('forzato.txt', b'x')}, allow_redirects=False, timeout=60)
        assert resp.status_code == 200 and 'o_ticket_error' in resp.text, center
        assert 'abilitato' in resp.text or 'enabled' in resp.text
    # missing subject: the error is shown in the form, what was typed is kept
    resp = aldo.post(url, data={'csrf_token': csrf, 'center_id': world['open'], 'name': '',
                                'description': 'Descrizione conservata'}, allow_redirects=False, timeout=60)
    assert 'o_ticket_error' in resp.text and 'Descrizione conservata' in resp.text
    assert 'oggetto' in resp.text.lower() or 'subject' in resp.text.lower()
    assert count() == before
    assert not admin_rpc('ir.attachment', 'search', [('name', '=', 'forzato.txt')])
    resp = aldo.post(url, data={'csrf_token': csrf, 'center_id': world['open'],
                                'name': 'Nuova richiesta %s' % world['tag'], 'description': 'Dal portale'},
                     files={'attachments': ('schema.txt', b'schema')}, timeout=60)
    assert resp.status_code == 200 and 'Nuova richiesta %s' % world['tag'] in resp.text
    assert 'schema.txt' in resp.text
    assert count() == before + 1
    ticket = admin_rpc('crm.infinity.ticket', 'search_read', [('name', '=', 'Nuova richiesta %s' % world['tag'])],
                       ['channel', 'partner_id', 'center_id'])[0]
    assert ticket['channel'] == 'portal' and ticket['partner_id'][0] == world['aldo']
    # Bruno's company is enabled on the reserved center
    csrf = csrf_token(bruno, url)
    resp = bruno.post(url, data={'csrf_token': csrf, 'center_id': world['reserved'],
                                 'name': 'Richiesta riservata %s' % world['tag'], 'description': 'ok'}, timeout=60)
    assert resp.status_code == 200 and 'Richiesta riservata' in resp.text


def test_company_visibility_on_and_off(odoo_server, admin_rpc, world, aldo):
    url = odoo_server.url + '/my/tickets/%d' % world['t_carla']
    assert aldo.get(url, timeout=60).status_code == 200
    admin_rpc('res.partner', 'write', [world['aldo']], {'support_company_tickets': False})
    try:
        assert aldo.get(url, timeout=60).status_code == 404
        assert 'Richiesta di Carla' not in aldo.get(odoo_server.url + '/my/tickets', timeout=60).text
    finally:
        admin_rpc('res.partner', 'write', [world['aldo']], {'support_company_tickets': True})
    assert aldo.get(url, timeout=60).status_code == 200


def test_internal_kb_articles_never_reach_portal_or_public(odoo_server, admin_rpc, world, aldo):
    tag = world['tag']
    create = lambda **vals: admin_rpc('crm.infinity.kb.article', 'create', vals)
    public = create(name='Guida pubblica %s' % tag, body='<p>Spurgo del radiatore %s</p>' % tag,
                    visibility='public', is_published=True)
    internal = create(name='Procedura riservata %s' % tag, body='<p>Spurgo interno %s</p>' % tag,
                      visibility='internal', is_published=True)
    draft = create(name='Bozza pubblica %s' % tag, body='<p>Spurgo in bozza %s</p>' % tag,
                   visibility='public', is_published=False)
    anonymous = requests.Session()
    for session in (anonymous, aldo):
        page = session.get(odoo_server.url + '/support/kb', params={'search': 'spurgo %s' % tag}, timeout=60).text
        assert 'Guida pubblica %s' % tag in page
        assert 'Procedura riservata' not in page and 'Bozza pubblica' not in page
        assert session.get(odoo_server.url + '/support/kb/%d' % public, timeout=60).status_code == 200
        for article in (internal, draft):
            resp = session.get(odoo_server.url + '/support/kb/%d' % article, timeout=60)
            assert resp.status_code == 404 and 'Spurgo' not in resp.text
            resp = session.get(odoo_server.url + '/support/kb/procedura-riservata-%d' % article, timeout=60)
            assert resp.status_code == 404
    # and not through the JSON-RPC of the web client either
    resp = aldo.post(odoo_server.url + '/web/dataset/search_read', json={
        'jsonrpc': '2.0', 'method': 'call', 'params': {
            'model': 'crm.infinity.kb.article', 'domain': [('name', 'like', tag)], 'fields': ['name']}},
        timeout=60).json()
    names = [r['name'] for r in resp.get('result', {}).get('records', [])]
    assert names == ['Guida pubblica %s' % tag]


def test_one_click_rating_records_the_vote_once(odoo_server, admin_rpc, world):
    ticket = admin_rpc('crm.infinity.ticket', 'create', {
        'name': 'Da valutare %s' % world['tag'], 'partner_id': world['bruno'],
        'center_id': world['open'], 'channel': 'phone'})
    admin_rpc('crm.infinity.ticket', 'action_close', [ticket])
    token = admin_rpc('crm.infinity.ticket', 'rating_get_access_token', [ticket])
    anonymous = requests.Session()
    resp = anonymous.get(odoo_server.url + '/rating/%s/10' % token, timeout=60)
    assert resp.status_code == 200 and 'submit_feedback' in resp.text
    resp = anonymous.get(odoo_server.url + '/rating/%s/1' % token, timeout=60)
    assert resp.status_code == 200
    assert anonymous.get(odoo_server.url + '/rating/%s/7' % token, timeout=60).status_code == 404
    ratings = admin_rpc('rating.rating', 'search_read', [('res_model', '=', 'crm.infinity.ticket'),
                                                         ('res_id', '=', ticket)], ['rating', 'consumed'])
    assert [(r['rating'], r['consumed']) for r in ratings] == [(10.0, True)]
    assert admin_rpc('crm.infinity.ticket', 'read', [ticket], ['rating_last_value'])[0]['rating_last_value'] == 10


def test_portal_chatter_post_cannot_forge_sender_date_or_message_id(odoo_server, admin_rpc, world, aldo):
    """Odoo's /mail/chatter_post passed every form field to message_post (issue 12 §5)."""
    url = odoo_server.url + '/my/tickets/%d' % world['t_aldo']
    csrf = csrf_token(aldo, url)
    body = 'Messaggio dal portale %s' % world['tag']
    forged = {'email_from': 'direzione@example.com', 'reply_to': 'truffa@example.com',
              'date': '2001-01-01 00:00:00', 'message_id': '<forged-%s@example.com>' % world['tag'],
              'author_id': str(world['bruno']), 'subtype': 'mail.mt_note',
              'message_type': 'notification'}
    resp = aldo.post(odoo_server.url + '/mail/chatter_post', data=dict(
        forged, csrf_token=csrf, res_model='crm.infinity.ticket', res_id=world['t_aldo'],
        message=body), headers={'Referer': url}, allow_redirects=False, timeout=60)
    assert resp.status_code in (302, 303), resp.text[:500]
    rows = admin_rpc('mail.message', 'search_read', [('model', '=', 'crm.infinity.ticket'),
                                                      ('res_id', '=', world['t_aldo']),
                                                      ('body', 'ilike', body)],
                     fields=['email_from', 'reply_to', 'date', 'message_id', 'author_id',
                             'message_type', 'subtype_id'])
    assert len(rows) == 1
    row = rows[0]
    assert row['author_id'][0] == world['aldo']
    assert 'direzione@' not in (row['email_from'] or '') and 'truffa@' not in (row['reply_to'] or '')
    assert not row['date'].startswith('2001') and 'forged' not in row['message_id']
    assert row['message_type'] == 'comment'


@pytest.mark.parametrize('name,data', [
    ('pagina.html', b'<html><body><script>alert(1)</script></body></html>'),
    ('disegno.svg', b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')])
def test_customer_html_and_svg_never_served_as_active_content(odoo_server, admin_rpc, admin_http,
                                                              world, carla, name, data):
    """Issue 12 §5: a customer's upload is served to an operator as a download, never inline as
    HTML/SVG, by /web/content and /web/image."""
    url = odoo_server.url + '/my/tickets/%d' % world['t_aldo']
    aldo = http_session(odoo_server, world['logins']['aldo'], PASSWORD)
    csrf = csrf_token(aldo, url)
    resp = aldo.post(url + '/reply', data={'csrf_token': csrf, 'message': 'File %s' % name},
                     files={'attachments': (name, data)}, timeout=60)
    assert resp.status_code == 200
    att = admin_rpc('ir.attachment', 'search_read', [('res_model', '=', 'crm.infinity.ticket'),
                                                     ('res_id', '=', world['t_aldo']),
                                                     ('datas_fname', '=', name)],
                    fields=['mimetype'], order='id desc', limit=1)[0]
    assert 'html' not in att['mimetype'] and 'svg' not in att['mimetype']
    for route in ('/web/content/%d', '/web/image/%d', '/web/content/%d?download=false'):
        served = admin_http.get(odoo_server.url + route % att['id'], timeout=60)
        kind = served.headers.get('Content-Type', '')
        assert 'html' not in kind and 'svg' not in kind and 'xml' not in kind, (route, kind)


def test_portal_chatter_fetch_is_no_oracle_on_the_database(odoo_server, world):
    """/mail/chatter_fetch searches the messages as superuser for whoever holds a document's
    access token (an anonymous visitor with the link of a ticket mail) and AND-ed the client's
    domain: any related path (author_id.user_ids.password_crypt...) answered yes/no on the whole
    database through message_count. Only the portal's own filter (rating stars) is accepted."""
    anonymous = requests.Session()

    def fetch(domain):
        resp = anonymous.post(odoo_server.url + '/mail/chatter_fetch', json={
            'jsonrpc': '2.0', 'method': 'call', 'id': 1, 'params': {
                'res_model': 'crm.infinity.ticket', 'res_id': world['t_aldo'],
                'token': world['tokens']['t_aldo'], 'domain': domain, 'limit': 10}}, timeout=60)
        return resp.json()

    plain = fetch([])
    assert plain['result']['message_count'] >= 1  # the operator's public answer to Aldo
    for domain in ([('author_id.user_ids.login', '=', 'admin')],
                   [('create_uid.password_crypt', '=like', '$pbkdf2%')],
                   ['|', ('id', '!=', 0), ('author_id.user_ids.login', '=', 'admin')],
                   [('rating_value', '=', 'x')]):
        answer = fetch(domain)
        assert 'result' not in answer, (domain, answer)
        assert 'filtro' in answer['error']['data']['message'], answer  # in Italian
    stars = fetch([('rating_value', '>=', 1)])
    assert stars['result']['message_count'] == 0


def test_nul_byte_in_portal_searches_is_no_server_error(odoo_server, world, aldo):
    """A NUL byte in the search text of /my/tickets and /support/kb reached PostgreSQL (HTTP
    500); it is dropped, the search answers."""
    for session in (aldo, requests.Session()):
        resp = session.get(odoo_server.url + '/support/kb', params={'search': 'caldaia\x00'},
                           timeout=60)
        assert resp.status_code == 200, resp.text[:300]
    resp = aldo.get(odoo_server.url + '/my/tickets', params={'search': 'Guasto\x00'}, timeout=60)
    assert resp.status_code == 200, resp.text[:300]


def test_wildcards_in_portal_search_are_plain_text(odoo_server, world, aldo):
    """"%" and "_" typed in the search box are characters, not SQL wildcards: "%" found every
    ticket, "_" any character."""
    tag = world['tag']

    def found(text):
        page = aldo.get(odoo_server.url + '/my/tickets', params={'search': text},
                        timeout=60).text
        return {name for name in ('Guasto di Aldo', 'Richiesta di Carla') if name in page}

    assert found('Guasto di Aldo %s' % tag) == {'Guasto di Aldo'}
    assert found('%') == set()
    assert found('Guasto_di_Aldo') == set()
