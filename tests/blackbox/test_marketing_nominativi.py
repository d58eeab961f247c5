"""B2 of the nominativi (issue 15) through XML-RPC on a real server, as users of each profile:
marketing operators see and manage all; a salesperson his own and his subordinates', nothing
else; he promotes his own nominativo to a deal, not another's."""
import xmlrpc.client

import pytest

from tests.conftest import Rpc, find_or_create, profile_users

PASSWORD = 'Prova-2026!'
B = 'crm_infinity_base.'
PROFILES = {
    'mkq.operator': [B + 'group_crm_marketing_operator'],
    'mkq.seller': [B + 'group_crm_salesperson'],
    'mkq.manager': [B + 'group_crm_salesperson'],  # responsible of the seller's sales group
    'mkq.other': [B + 'group_crm_salesperson'],
    'mkq.support': [B + 'group_crm_support_operator'],
    'mkq.admin': [B + 'group_crm_admin'],
}
NOMINATIVO = 'crm.infinity.nominativo'


@pytest.fixture(scope='module')
def world(admin_rpc):
    users = profile_users(admin_rpc, PROFILES, PASSWORD)
    find_or_create(admin_rpc, 'crm.infinity.sales.group', 'MKQ Emilia', {
        'responsible_id': users['mkq.manager'], 'member_ids': [(6, 0, [users['mkq.seller']])]})
    nominativi = {}
    for owner in ('mkq.seller', 'mkq.manager', 'mkq.other', None):
        nominativi[owner] = find_or_create(admin_rpc, NOMINATIVO, 'MKQ Nominativo di %s' % owner, {
            'user_id': users[owner] if owner else False,
            'company_name': 'MKQ Azienda di %s' % owner, 'email': '%s@mkq.example.it' % owner})
    return {'users': users, 'nominativi': nominativi}


def _visible(rpc, ids):
    try:
        return set(rpc(NOMINATIVO, 'search', [('id', 'in', list(ids))]))
    except xmlrpc.client.Fault as fault:
        assert 'AccessError' in fault.faultString or 'Sorry' in fault.faultString \
            or 'Spiacent' in fault.faultString, fault.faultString
        return None


@pytest.mark.parametrize('login', sorted(PROFILES))
def test_nominativi_visibility(odoo_server, world, login):
    n = world['nominativi']
    everything = set(n.values())
    expected = {
        'mkq.operator': everything,
        'mkq.admin': everything,
        'mkq.seller': {n['mkq.seller']},
        'mkq.manager': {n['mkq.seller'], n['mkq.manager']},
        'mkq.other': {n['mkq.other']},
        'mkq.support': None,  # no access to nominativi at all
    }[login]
    assert _visible(Rpc(odoo_server, login, PASSWORD), everything) == expected


def test_salesperson_edits_and_promotes_only_his_own(odoo_server, world):
    seller = Rpc(odoo_server, 'mkq.seller', PASSWORD)
    n = world['nominativi']
    with pytest.raises(xmlrpc.client.Fault):
        seller(NOMINATIVO, 'read', [n['mkq.other']], fields=['name'])
    with pytest.raises(xmlrpc.client.Fault):
        seller(NOMINATIVO, 'write', [n[None]], {'user_id': world['users']['mkq.seller']})
    assert seller(NOMINATIVO, 'write', [n['mkq.seller']], {'city': 'Modena'})
    with pytest.raises(xmlrpc.client.Fault):
        seller('crm.infinity.nominativo.promote', 'create', {}, context={
            'default_nominativo_id': n['mkq.other']})
    wizard = seller('crm.infinity.nominativo.promote', 'create', {}, context={
        'default_nominativo_id': n['mkq.seller']})
    action = seller('crm.infinity.nominativo.promote', 'action_promote', [wizard])
    deal = seller('crm.lead', 'read', [action['res_id']], fields=['user_id', 'crm_nominativo_id'])[0]
    assert deal['user_id'][0] == world['users']['mkq.seller']
    assert deal['crm_nominativo_id'][0] == n['mkq.seller']
