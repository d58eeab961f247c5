"""Drag-reschedule of the Gantt over XML-RPC (issue 16, SPEC C6): the same rights as the activity
form — the assignee is refused, the commessa manager of another commessa too, the manager of
the commessa moves it; the Gantt data is read with the reader's record rules."""
import uuid
import xmlrpc.client

import pytest

from tests.browser.test_projects_gantt_browser import PASSWORD, _dvr, _user
from tests.conftest import Rpc


def test_reschedule_over_rpc_follows_the_form_rights(odoo_server, admin_rpc):
    tag = uuid.uuid4().hex[:6]
    manager, project, t = _dvr(admin_rpc, tag)
    _user(admin_rpc, 'gantt_other_%s' % tag, 'Altro responsabile %s' % tag,
          'group_crm_commessa_manager')
    anna = Rpc(odoo_server, 'gantt_anna_%s' % tag, PASSWORD)
    other = Rpc(odoo_server, 'gantt_other_%s' % tag, PASSWORD)
    boss = Rpc(odoo_server, 'gantt_mgr_%s' % tag, PASSWORD)

    for caller in (anna, other):
        with pytest.raises(xmlrpc.client.Fault) as fault:
            caller('project.task', 'crm_gantt_reschedule', [t['B']], '2027-03-05', '2027-03-09')
        assert fault.value.faultCode == 4, fault.value.faultString  # AccessError
    unchanged = admin_rpc('project.task', 'read', [t['B']], ['crm_planned_start'])
    assert unchanged[0]['crm_planned_start'] == '2027-03-04 08:00:00'

    assert boss('project.task', 'crm_gantt_reschedule', [t['B']], '2027-03-05', '2027-03-09')
    moved = admin_rpc('project.task', 'read', [t['B']], ['crm_planned_start', 'crm_planned_end'])
    assert (moved[0]['crm_planned_start'], moved[0]['crm_planned_end']) == (
        '2027-03-05 08:00:00', '2027-03-09 16:00:00')

    # another manager reads no Gantt of this commessa; its manager's shows the move and the new slack
    with pytest.raises(xmlrpc.client.Fault) as fault:
        other('project.project', 'crm_gantt_data', [project])
    assert fault.value.faultCode == 4, fault.value.faultString
    data = boss('project.project', 'crm_gantt_data', [project])
    bars = {b['id']: b for b in data['bars']}
    assert bars[t['B']]['start'] == '2027-03-05'
    assert bars[t['C']]['slack'] == 4
