"""The core engine seen from outside: XML-RPC as real users, the caller lookup over HTTP."""
import xmlrpc.client

import pytest
import requests

from tests.conftest import Rpc, http_session

PASSWORD = 'Prova-2026!'


@pytest.fixture(scope='module')
def people(admin_rpc):
    """A CRM admin and two salespeople (Nord manager and his seller), created through RPC."""
    ref = lambda xmlid: admin_rpc('ir.model.data', 'xmlid_to_res_id', xmlid)
    def user(login, group):
        found = admin_rpc('res.users', 'search', [('login', '=', login)])
        if found:
            return found[0]
        return admin_rpc('res.users', 'create', {
            'name': login.replace('.', ' ').title(), 'login': login, 'password': PASSWORD,
            'email': login + '@example.com', 'groups_id': [(6, 0, [ref(group)])]})
    ids = {
        'admin': user('bb.admin', 'crm_infinity_base.group_crm_admin'),
        'manager': user('bb.manager', 'crm_infinity_base.group_crm_salesperson'),
        'seller': user('bb.seller', 'crm_infinity_base.group_crm_salesperson'),
        'other': user('bb.other', 'crm_infinity_base.group_crm_salesperson'),
    }
    if not admin_rpc('crm.infinity.sales.group', 'search', [('name', '=', 'BB Nord')]):
        admin_rpc('crm.infinity.sales.group', 'create', {
            'name': 'BB Nord', 'responsible_id': ids['manager'], 'member_ids': [(6, 0, [ids['seller']])]})
    return ids


@pytest.fixture(scope='module')
def causali(admin_rpc):
    ref = lambda xmlid: admin_rpc('ir.model.data', 'xmlid_to_res_id', xmlid)
    model = admin_rpc('ir.model', 'search', [('model', '=', 'crm.infinity.test.record')])
    state = admin_rpc('ir.model.fields', 'search', [('model', '=', 'crm.infinity.test.record'),
                                                     ('name', '=', 'state')])
    free = admin_rpc('crm.infinity.causale', 'create', {
        'name': 'BB Apertura', 'kind': 'crm', 'model_ids': [(6, 0, model)], 'note_required': True,
        'effect_ids': [(0, 0, {'effect_type': 'set_field', 'field_id': state[0], 'value': 'open'})]})
    admin_only = admin_rpc('crm.infinity.causale', 'create', {
        'name': 'BB Solo amministratori', 'kind': 'crm', 'model_ids': [(6, 0, model)],
        'group_ids': [(6, 0, [ref('crm_infinity_base.group_crm_admin')])],
        'effect_ids': [(0, 0, {'effect_type': 'set_field', 'field_id': state[0], 'value': 'done'})]})
    return {'free': free, 'admin_only': admin_only}


def _rpc(server, login):
    return Rpc(server, login, PASSWORD)


def test_apply_causale_by_rpc_as_a_salesperson(odoo_server, people, causali):
    seller = _rpc(odoo_server, 'bb.seller')
    record = seller('crm.infinity.test.record', 'create', {'name': 'Pratica RPC'})
    assert seller('crm.infinity.test.record', 'apply_causale', [record], causali['free'],
                  {'note': 'da integrazione'}) is True
    assert seller('crm.infinity.test.record', 'read', [record], fields=['state'])[0]['state'] == 'open'
    lines = seller('crm.infinity.primanota', 'search_read',
                   [('res_model', '=', 'crm.infinity.test.record'), ('res_id', '=', record),
                    ('causale_id', '=', causali['free'])], fields=['note', 'user_id'])
    assert [(l['note'], l['user_id'][0]) for l in lines] == [('da integrazione', people['seller'])]


def test_rpc_refuses_a_causale_outside_the_users_groups(odoo_server, people, causali):
    seller = _rpc(odoo_server, 'bb.seller')
    record = seller('crm.infinity.test.record', 'create', {'name': 'Pratica vietata'})
    with pytest.raises(xmlrpc.client.Fault) as info:
        seller('crm.infinity.test.record', 'apply_causale', [record], causali['admin_only'], {})
    assert 'not allowed' in info.value.faultString or 'Non sei autorizzato' in info.value.faultString
    assert seller('crm.infinity.test.record', 'read', [record], fields=['state'])[0]['state'] == 'draft'
    admin = _rpc(odoo_server, 'bb.admin')
    admin('crm.infinity.test.record', 'apply_causale', [record], causali['admin_only'], {})
    assert admin('crm.infinity.test.record', 'read', [record], fields=['state'])[0]['state'] == 'done'


def test_rpc_enforces_required_inputs(odoo_server, people, causali):
    seller = _rpc(odoo_server, 'bb.seller')
    record = seller('crm.infinity.test.record', 'create', {'name': 'Pratica senza nota'})
    with pytest.raises(xmlrpc.client.Fault):
        seller('crm.infinity.test.record', 'apply_causale', [record], causali['free'], {})


def test_primanota_is_immutable_over_rpc_even_for_admin(odoo_server, admin_rpc, people, causali):
    line = admin_rpc('crm.infinity.primanota', 'search', [], limit=1)
    assert line
    for call in (('write', line, {'note': 'x'}), ('unlink', line)):
        with pytest.raises(xmlrpc.client.Fault):
            admin_rpc('crm.infinity.primanota', *call)


def test_nobody_creates_primanota_lines_over_rpc(odoo_server, admin_rpc, people):
    """A salesperson (or an admin) cannot forge a line, with its author and date, on a record he
    cannot even see; nor verify the whole log (CRM administrators only)."""
    seller, other = _rpc(odoo_server, 'bb.seller'), _rpc(odoo_server, 'bb.other')
    record = other('crm.infinity.test.record', 'create', {'name': 'Pratica altrui'})
    vals = {'res_model': 'crm.infinity.test.record', 'res_id': record, 'note': 'riga falsa',
            'user_id': people['other'], 'date': '2020-01-01 00:00:00'}
    for rpc in (seller, admin_rpc):
        with pytest.raises(xmlrpc.client.Fault) as info:
            rpc('crm.infinity.primanota', 'create', vals)
        assert 'cannot be created by hand' in info.value.faultString or \
            'non possono essere create a mano' in info.value.faultString
    assert admin_rpc('crm.infinity.primanota', 'search_count',
                     [('note', '=', 'riga falsa')]) == 0
    with pytest.raises(xmlrpc.client.Fault):
        seller('crm.infinity.primanota', 'verify_all')
    with pytest.raises(xmlrpc.client.Fault):  # a record he cannot read
        seller('crm.infinity.primanota', 'verify_chain', 'crm.infinity.test.record', record)


def test_manager_sees_his_sellers_records_not_others(odoo_server, people):
    seller, other, manager = (_rpc(odoo_server, l) for l in ('bb.seller', 'bb.other', 'bb.manager'))
    mine = seller('crm.infinity.test.record', 'create', {'name': 'Pratica del venditore'})
    theirs = other('crm.infinity.test.record', 'create', {'name': 'Pratica di un altro'})
    seen = manager('crm.infinity.test.record', 'search', [('id', 'in', [mine, theirs])])
    assert seen == [mine]
    assert other('crm.infinity.test.record', 'search', [('id', '=', mine)]) == []


# -- caller lookup (SPEC B12) ----------------------------------------------------------------

@pytest.fixture(scope='module')
def caller_partner(admin_rpc):
    found = admin_rpc('res.partner', 'search', [('name', '=', 'Ferri Arredamenti'),
                                                 ('phone_e164', '=', '+390244556677')])
    if found:  # a reused test database (CRM_INFINITY_REUSE_DB=1)
        return found[0]
    return admin_rpc('res.partner', 'create', {'name': 'Ferri Arredamenti', 'phone': '02 4455 6677',
                                               'mobile': '+39 349 765 4321'})


@pytest.mark.parametrize('number', ['+390244556677', '0039 02 4455 6677', '02 4455 6677',
                                    '02/44556677', '+39 349 7654321', '3497654321', '0039349 765 43 21'])
def test_caller_lookup_opens_the_contact(odoo_server, admin_http, caller_partner, number):
    resp = admin_http.get(odoo_server.url + '/crm_infinity/caller', params={'number': number},
                          allow_redirects=False, timeout=60)
    assert resp.status_code == 303
    assert resp.headers['Location'].endswith('/web#id=%d&model=res.partner&view_type=form' % caller_partner)


def test_caller_lookup_unknown_number_offers_a_new_contact(odoo_server, admin_http, admin_rpc):
    resp = admin_http.get(odoo_server.url + '/crm_infinity/caller', params={'number': '+39 0471 999 888'},
                          allow_redirects=False, timeout=60)
    assert resp.status_code == 303
    location = resp.headers['Location']
    assert 'model=crm.infinity.caller.lookup' in location
    lookup_id = int(location.split('id=')[1].split('&')[0])
    lookup = admin_rpc('crm.infinity.caller.lookup', 'read', [lookup_id], fields=['number', 'partner_ids'])[0]
    assert lookup['number'] == '+390471999888' and lookup['partner_ids'] == []
    action = admin_rpc('crm.infinity.caller.lookup', 'action_create_contact', [lookup_id])
    assert action['res_model'] == 'res.partner'
    assert action['context']['default_phone'] == '+39 0471 999888'  # international display form


def test_caller_lookup_needs_a_login(odoo_server):
    resp = requests.get(odoo_server.url + '/crm_infinity/caller', params={'number': '0244556677'},
                        allow_redirects=False, timeout=60)
    assert resp.status_code in (302, 303)
    assert '/web/login' in resp.headers['Location']


def test_caller_lookup_garbage_is_harmless(odoo_server, admin_http):
    resp = admin_http.get(odoo_server.url + '/crm_infinity/caller',
                          params={'number': "'; DROP TABLE res_partner; --"}, allow_redirects=False,
                          timeout=60)
    assert resp.status_code == 303
    assert 'crm.infinity.caller.lookup' in resp.headers['Location']


@pytest.mark.parametrize('number', ['02\x004455', '+39 02 4455\x00', '02\x1b[31m4455', '9' * 65])
def test_caller_lookup_refuses_bad_numbers_clearly(odoo_server, admin_http, number):
    """Bad input (a NUL byte gave HTTP 500, issue 12 §5): a 400 with a message in Italian."""
    resp = admin_http.get(odoo_server.url + '/crm_infinity/caller', params={'number': number},
                          allow_redirects=False, timeout=60)
    assert resp.status_code == 400
    assert 'non è valido' in resp.text
