"""The help desk seen from outside: operators through XML-RPC as real users, with two of them
racing to take the same ticket on a real server."""
import threading
import xmlrpc.client

import pytest

from tests.conftest import Rpc

PASSWORD = 'Prova-2026!'


@pytest.fixture(scope='module')
def desk(admin_rpc):
    """Two service centers with their own operators, and a customer contact."""
    ref = lambda xmlid: admin_rpc('ir.model.data', 'xmlid_to_res_id', xmlid)

    def user(login, group):
        found = admin_rpc('res.users', 'search', [('login', '=', login)])
        if found:
            return found[0]
        return admin_rpc('res.users', 'create', {
            'name': login.replace('.', ' ').title(), 'login': login, 'password': PASSWORD,
            'email': login + '@example.com', 'groups_id': [(6, 0, [ref(group)])]})

    ids = {login: user(login, 'crm_infinity_base.group_crm_support_operator')
           for login in ('bb.op.uno', 'bb.op.due', 'bb.op.altro')}
    ids['bb.resp'] = user('bb.resp', 'crm_infinity_base.group_crm_support_manager')
    centers = admin_rpc('crm.infinity.service.center', 'search', [('code', 'in', ('BB1', 'BB2'))],
                        order='code')
    if len(centers) < 2:
        calendar = admin_rpc('resource.calendar', 'create', {'name': 'BB calendario'})
        centers = [admin_rpc('crm.infinity.service.center', 'create', {
            'name': 'BB Tecnica', 'code': 'BB1', 'manager_id': ids['bb.resp'],
            'resource_calendar_id': calendar,
            'operator_ids': [(6, 0, [ids['bb.op.uno'], ids['bb.op.due']])]}),
            admin_rpc('crm.infinity.service.center', 'create', {
                'name': 'BB Altro', 'code': 'BB2', 'resource_calendar_id': calendar,
                'operator_ids': [(6, 0, [ids['bb.op.altro']])]})]
    customer = admin_rpc('res.partner', 'create', {'name': 'BB Cliente S.r.l.', 'is_company': True})
    contact = admin_rpc('res.partner', 'create', {'name': 'BB Referente', 'parent_id': customer,
                                                  'email': 'referente@bb.example.com'})
    return {'users': ids, 'center': centers[0], 'other_center': centers[1], 'contact': contact}


def _rpc(server, login):
    return Rpc(server, login, PASSWORD)


def test_operator_opens_and_works_a_ticket(odoo_server, desk):
    uno = _rpc(odoo_server, 'bb.op.uno')
    ticket = uno('crm.infinity.ticket', 'create', {
        'name': 'Stampante ferma', 'center_id': desk['center'], 'partner_id': desk['contact']})
    row = uno('crm.infinity.ticket', 'read', [ticket], fields=['number', 'state', 'commercial_partner_id'])[0]
    assert row['number'].startswith('BB1-') and row['state'] == 'new'
    assert uno('crm.infinity.ticket', 'action_take', [ticket]) is True
    row = uno('crm.infinity.ticket', 'read', [ticket], fields=['state', 'user_id'])[0]
    assert row['state'] == 'open' and row['user_id'][0] == desk['users']['bb.op.uno']
    # the operator of another center does not see it
    altro = _rpc(odoo_server, 'bb.op.altro')
    assert altro('crm.infinity.ticket', 'search', [('id', '=', ticket)]) == []
    with pytest.raises(xmlrpc.client.Fault) as error:
        altro('crm.infinity.ticket', 'read', [ticket], fields=['name'])
    assert error.value.faultCode == 4 and 'crm.infinity.ticket' in error.value.faultString  # access error
    # the center's manager does
    resp = _rpc(odoo_server, 'bb.resp')
    assert resp('crm.infinity.ticket', 'search', [('id', '=', ticket)]) == [ticket]


def test_two_operators_take_the_same_ticket_at_once(odoo_server, desk):
    admin = Rpc(odoo_server, 'admin', 'admin')
    for attempt in range(3):  # each round is a fresh ticket and a fresh race
        ticket = admin('crm.infinity.ticket', 'create', {
            'name': 'Gara %d' % attempt, 'center_id': desk['center'], 'partner_id': desk['contact']})
        clients = {login: _rpc(odoo_server, login) for login in ('bb.op.uno', 'bb.op.due')}
        barrier = threading.Barrier(2)
        outcome = {}

        def take(login):
            barrier.wait()
            try:
                outcome[login] = clients[login]('crm.infinity.ticket', 'action_take', [ticket])
            except xmlrpc.client.Fault as fault:
                outcome[login] = fault.faultString

        threads = [threading.Thread(target=take, args=(login,)) for login in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        winners = [login for login, result in outcome.items() if result is True]
        assert len(winners) == 1, outcome
        loser = next(login for login in clients if login not in winners)
        assert ('already been taken in charge' in outcome[loser]
                or 'taking the ticket' in outcome[loser]
                or 'già stato preso in carico' in outcome[loser]
                or 'sta prendendo in carico' in outcome[loser]), outcome[loser]
        owner = admin('crm.infinity.ticket', 'read', [ticket], fields=['user_id'])[0]['user_id'][0]
        assert owner == desk['users'][winners[0]]
