"""The support cockpit from outside, as the web client calls it: the preview of a ticket through
/web/dataset/call_kw (record rules apply), the Italian full-text search and the KPI report
over XML-RPC, as real operators."""
import pytest

from tests.conftest import Rpc, http_session

PASSWORD = 'Prova-2026!'


@pytest.fixture(scope='module')
def cockpit(admin_rpc):
    ref = lambda xmlid: admin_rpc('ir.model.data', 'xmlid_to_res_id', xmlid)

    def user(login, group):
        found = admin_rpc('res.users', 'search', [('login', '=', login)])
        if found:
            return found[0]
        return admin_rpc('res.users', 'create', {
            'name': login.replace('.', ' ').title(), 'login': login, 'password': PASSWORD,
            'email': login + '@example.com', 'groups_id': [(6, 0, [ref(group)])]})

    op = user('bc.op', 'crm_infinity_base.group_crm_support_operator')
    other = user('bc.altro', 'crm_infinity_base.group_crm_support_operator')
    centers = admin_rpc('crm.infinity.service.center', 'search', [('code', 'in', ('BC1', 'BC2'))],
                        order='code')
    if len(centers) < 2:
        calendar = admin_rpc('resource.calendar', 'create', {'name': 'BC calendario'})
        centers = [admin_rpc('crm.infinity.service.center', 'create', {
            'name': name, 'code': code, 'resource_calendar_id': calendar,
            'operator_ids': [(6, 0, [uid])]}) for name, code, uid in (
            ('BC Tecnica', 'BC1', op), ('BC Altro', 'BC2', other))]
    leftovers = admin_rpc('crm.infinity.ticket', 'search', [('center_id', 'in', centers)])
    if leftovers:  # of an interrupted run
        admin_rpc('crm.infinity.ticket', 'unlink', leftovers)
    ticket = admin_rpc('crm.infinity.ticket', 'create', {
        'name': 'Le caldaie del condominio non partono', 'center_id': centers[0]})
    admin_rpc('mail.message', 'create', {
        'model': 'crm.infinity.ticket', 'res_id': ticket, 'message_type': 'comment',
        'body': '<p>Sostituite le valvole di sicurezza</p>', 'subtype_id': ref('mail.mt_comment')})
    yield {'ticket': ticket, 'center': centers[0]}
    admin_rpc('crm.infinity.ticket', 'unlink', [ticket])


def _call_kw(session, server, model, method, args):
    resp = session.post(server.url + '/web/dataset/call_kw/%s/%s' % (model, method), json={
        'jsonrpc': '2.0', 'method': 'call', 'params': {
            'model': model, 'method': method, 'args': args, 'kwargs': {}}}, timeout=60)
    resp.raise_for_status()
    return resp.json()


def test_preview_through_the_web_client_route(odoo_server, cockpit):
    session = http_session(odoo_server, 'bc.op', PASSWORD)
    result = _call_kw(session, odoo_server, 'crm.infinity.ticket', 'get_preview',
                      [[cockpit['ticket']]])['result']
    assert result['id'] == cockpit['ticket']
    assert 'Le caldaie del condominio' in result['html']
    assert 'Sostituite le valvole' in result['html']
    outsider = http_session(odoo_server, 'bc.altro', PASSWORD)
    error = _call_kw(outsider, odoo_server, 'crm.infinity.ticket', 'get_preview',
                     [[cockpit['ticket']]])['error']
    assert 'AccessError' in error['data']['name']


def test_fulltext_search_and_kpis_over_xmlrpc(odoo_server, cockpit):
    op = Rpc(odoo_server, 'bc.op', PASSWORD)
    domain = [('center_id', '=', cockpit['center'])]
    assert op('crm.infinity.ticket', 'search', domain + [('fulltext', 'ilike', 'caldaia')]) == [
        cockpit['ticket']]
    assert op('crm.infinity.ticket', 'search', domain + [('fulltext', 'ilike', 'valvola')]) == [
        cockpit['ticket']]
    assert op('crm.infinity.ticket', 'search', domain + [('fulltext', 'ilike', 'fattura')]) == []
    rows = op('crm.infinity.ticket.report', 'read_group', domain, ['center_id', 'backlog', 'nbr'],
              ['center_id'])
    assert rows[0]['backlog'] >= 1 and rows[0]['nbr'] >= 1
    assert Rpc(odoo_server, 'bc.altro', PASSWORD)('crm.infinity.ticket.report', 'search_count',
                                                   domain) == 0
