"""SLA seen from outside: a manager configures a policy over XML-RPC, an operator's ticket gets
its clocks, pauses them by waiting for the customer, and cannot tamper with them or their log."""
import xmlrpc.client

import pytest

from tests.conftest import Rpc

PASSWORD = 'Prova-2026!'


@pytest.fixture(scope='module')
def sla_desk(admin_rpc):
    ref = lambda xmlid: admin_rpc('ir.model.data', 'xmlid_to_res_id', xmlid)

    def user(login, group):
        found = admin_rpc('res.users', 'search', [('login', '=', login)])
        if found:
            return found[0]
        return admin_rpc('res.users', 'create', {
            'name': login.replace('.', ' ').title(), 'login': login, 'password': PASSWORD,
            'email': login + '@example.com', 'groups_id': [(6, 0, [ref(group)])]})

    operator = user('bb.sla.op', 'crm_infinity_base.group_crm_support_operator')
    manager = user('bb.sla.resp', 'crm_infinity_base.group_crm_support_manager')
    center = admin_rpc('crm.infinity.service.center', 'search', [('code', '=', 'BBSLA')])
    if not center:
        calendar = admin_rpc('resource.calendar', 'create', {
            'name': 'BB SLA 9-18', 'tz': 'Europe/Rome', 'attendance_ids': [(5, 0, 0)] + [
                (0, 0, {'name': 'g', 'dayofweek': str(d), 'hour_from': 9, 'hour_to': 18})
                for d in range(7)]})
        center = [admin_rpc('crm.infinity.service.center', 'create', {
            'name': 'BB SLA', 'code': 'BBSLA', 'manager_id': manager,
            'resource_calendar_id': calendar, 'operator_ids': [(6, 0, [operator])]})]
    return {'center': center[0], 'operator': operator, 'manager': manager,
            'stages': {state: ref('crm_infinity_support.stage_' + state)
                       for state in ('open', 'waiting')}}


def test_policy_clock_pause_and_tamper_proof_log(odoo_server, admin_rpc, sla_desk):
    # the policies of an earlier run on a reused database would come first: archived
    earlier = admin_rpc('crm.infinity.sla.policy', 'search',
                        [('center_id', '=', sla_desk['center'])])
    if earlier:
        admin_rpc('crm.infinity.sla.policy', 'write', earlier, {'active': False})
    manager = Rpc(odoo_server, 'bb.sla.resp', PASSWORD)
    policy = manager('crm.infinity.sla.policy', 'create', {
        'name': 'BB standard', 'center_id': sla_desk['center'],
        'target_ids': [(0, 0, {'name': 'Risposta', 'kind': 'first_response', 'hours': 4}),
                       (0, 0, {'name': 'Risoluzione', 'kind': 'resolution', 'hours': 24})]})
    operator = Rpc(odoo_server, 'bb.sla.op', PASSWORD)
    ticket = operator('crm.infinity.ticket', 'create', {'name': 'Caldaia', 'center_id': sla_desk['center']})
    row = operator('crm.infinity.ticket', 'read', [ticket], fields=['sla_policy_id', 'sla_ids', 'sla_deadline'])[0]
    assert row['sla_policy_id'][0] == policy and len(row['sla_ids']) == 2 and row['sla_deadline']
    operator('crm.infinity.ticket', 'write', [ticket], {'stage_id': sla_desk['stages']['waiting']})
    slas = operator('crm.infinity.ticket.sla', 'read', row['sla_ids'], fields=['status', 'deadline'])
    assert {s['status'] for s in slas} == {'paused'} and not any(s['deadline'] for s in slas)
    operator('crm.infinity.ticket', 'write', [ticket], {'stage_id': sla_desk['stages']['open']})
    slas = operator('crm.infinity.ticket.sla', 'read', row['sla_ids'], fields=['status', 'deadline'])
    assert {s['status'] for s in slas} == {'running'} and all(s['deadline'] for s in slas)
    kinds = [e['kind'] for e in operator('crm.infinity.sla.event', 'search_read',
                                         [('ticket_id', '=', ticket)], ['kind'], order='id')]
    assert kinds == ['start', 'start', 'pause', 'resume']
    with pytest.raises(xmlrpc.client.Fault):
        operator('crm.infinity.ticket.sla', 'write', row['sla_ids'], {'status': 'met'})
    events = operator('crm.infinity.sla.event', 'search', [('ticket_id', '=', ticket)])
    with pytest.raises(xmlrpc.client.Fault):
        manager('crm.infinity.sla.event', 'unlink', events)
    with pytest.raises(xmlrpc.client.Fault):
        operator('crm.infinity.sla.policy', 'write', [policy], {'name': 'x'})
