"""B2 rows Commesse and Activities, and the assignee's field limits (SPEC C2), through XML-RPC
as real users of each profile on a real server (issue 16): what each one finds, reads and
changes, on records of others."""
import xmlrpc.client

import pytest

from tests.conftest import Rpc, find_or_create, profile_users

PASSWORD = 'Prova-2026!'
B = 'crm_infinity_base.'
PROFILES = {
    'pjbb.cm': [B + 'group_crm_commessa_manager'],
    'pjbb.cm2': [B + 'group_crm_commessa_manager'],
    'pjbb.assignee': [B + 'group_crm_assignee'],
    'pjbb.assignee2': [B + 'group_crm_assignee'],
    'pjbb.seller': [B + 'group_crm_salesperson'],
    'pjbb.admin': [B + 'group_crm_admin'],
}


@pytest.fixture(scope='module')
def world(admin_rpc):
    """Two commesse of two managers, an activity of each for two assignees."""
    users = profile_users(admin_rpc, PROFILES, PASSWORD)
    company = find_or_create(admin_rpc, 'res.partner', 'PJBB Cliente S.r.l.', {
        'is_company': True, 'user_id': users['pjbb.seller']})
    world = {'users': users, 'commessa': {}, 'task': {}}
    for manager, assignee in (('pjbb.cm', 'pjbb.assignee'), ('pjbb.cm2', 'pjbb.assignee2')):
        commessa = find_or_create(admin_rpc, 'project.project', 'PJBB Commessa di %s' % manager,
                                   {'partner_id': company, 'user_id': users[manager]})
        world['commessa'][manager] = commessa
        world['task'][assignee] = find_or_create(
            admin_rpc, 'project.task', 'PJBB Attività di %s' % assignee, {
                'project_id': commessa, 'user_id': users[assignee], 'planned_hours': 8})
    return world


def _rpc(server, login):
    return Rpc(server, login, PASSWORD)


def _visible(rpc, model, ids):
    return set(rpc(model, 'search', [('id', 'in', list(ids))]))


def _refused(call):
    with pytest.raises(xmlrpc.client.Fault) as fault:
        call()
    return fault.value.faultString


def test_commesse_and_activities_per_profile(odoo_server, world):
    commesse = world['commessa']
    tasks = world['task']
    all_commesse, all_tasks = set(commesse.values()), set(tasks.values())
    expected = {
        'pjbb.admin': (all_commesse, all_tasks),
        'pjbb.cm': ({commesse['pjbb.cm']}, {tasks['pjbb.assignee']}),
        'pjbb.cm2': ({commesse['pjbb.cm2']}, {tasks['pjbb.assignee2']}),
        'pjbb.assignee': ({commesse['pjbb.cm']}, {tasks['pjbb.assignee']}),
        'pjbb.seller': (set(), set()),
    }
    for login, (seen_commesse, seen_tasks) in expected.items():
        rpc = _rpc(odoo_server, login)
        assert _visible(rpc, 'project.project', all_commesse) == seen_commesse, login
        assert _visible(rpc, 'project.task', all_tasks) == seen_tasks, login
    seller = _rpc(odoo_server, 'pjbb.seller')
    _refused(lambda: seller('project.project', 'read', [commesse['pjbb.cm']], ['name']))
    manager = _rpc(odoo_server, 'pjbb.cm')
    _refused(lambda: manager('project.project', 'write', [commesse['pjbb.cm2']],
                             {'crm_budget_hours': 1}))


def test_assignee_writes_only_his_fields(odoo_server, world):
    task = world['task']['pjbb.assignee']
    rpc = _rpc(odoo_server, 'pjbb.assignee')
    rpc('project.task', 'write', [task], {'notes': 'Fatto il sopralluogo'})
    for values in ({'planned_hours': 100}, {'name': 'Rinominata'},
                   {'crm_planned_end': '2030-01-01 00:00:00'},
                   {'user_id': world['users']['pjbb.assignee2']}):
        fault = _refused(lambda: rpc('project.task', 'write', [task], values))
        assert 'AccessError' in fault or 'assegnatario' in fault or 'assignee' in fault, fault
    other = world['task']['pjbb.assignee2']
    _refused(lambda: rpc('project.task', 'write', [other], {'notes': 'Non mia'}))
    # time only on his activities
    _refused(lambda: rpc('account.analytic.line', 'create', {
        'task_id': other, 'project_id': world['commessa']['pjbb.cm2'], 'name': 'Ore',
        'unit_amount': 1, 'user_id': world['users']['pjbb.assignee']}))
    line = rpc('account.analytic.line', 'create', {
        'task_id': task, 'project_id': world['commessa']['pjbb.cm'], 'name': 'Ore',
        'unit_amount': 1, 'user_id': world['users']['pjbb.assignee']})
    assert line
