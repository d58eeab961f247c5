"""A day of work of the commessa manager and of the assignee in the browser (issue 16, SPEC
C1/C2/C5 and B2), as `test_journeys.py` clicks the other profiles' days: no RPC error, error
dialog, JavaScript error or English text on the way (see `journey.py`).

The commessa of the journey is made by the administrator the way a CRM administrator opens one
(manager and assignee are demo users of the two profiles), with an activity of another manager's
commessa that neither may see; everything is put away at the end.
"""
import uuid

import pytest

from tests.browser.test_journeys import (ROOT_MENU, _button, _credentials, _group_users,
                                         _journey, _menu_absent, _web_login, _xmlid)

TASK_ACTION = 'crm_infinity_projects.project_task_action'
PROJECT_ACTION = 'crm_infinity_projects.project_project_action'


@pytest.fixture
def commessa(admin_rpc):
    """A commessa of a commessa manager (not administrator) with two activities of an assignee
    (not manager), the second waiting for the first; and a commessa of somebody else."""
    managers = _group_users(admin_rpc, 'crm_infinity_base.group_crm_commessa_manager',
                            without=('crm_infinity_base.group_crm_admin',))
    assignees = _group_users(admin_rpc, 'crm_infinity_base.group_crm_assignee',
                             without=('crm_infinity_base.group_crm_commessa_manager',
                                      'crm_infinity_base.group_crm_salesperson'))
    admins = _group_users(admin_rpc, 'crm_infinity_base.group_crm_admin')
    assert managers and assignees and admins, 'the demo has no commessa manager or assignee'
    manager, assignee = managers[0], assignees[0]
    partner = admin_rpc('res.partner', 'search', [('is_company', '=', True),
                                                  ('customer', '=', True)], limit=1)[0]
    tag = uuid.uuid4().hex[:4]
    project = admin_rpc('project.project', 'create', {
        'name': 'Valutazione rischio incendio %s' % tag, 'partner_id': partner,
        'user_id': manager, 'crm_date_start': '2026-01-01', 'crm_date_planned_end': '2030-12-31',
        'crm_budget_hours': 20})
    admin_rpc('project.project', 'action_crm_open', [project])
    first = admin_rpc('project.task', 'create', {
        'name': 'Sopralluogo antincendio %s' % tag, 'project_id': project, 'user_id': assignee,
        'planned_hours': 4, 'crm_planned_start': '2030-01-10 08:00:00',
        'crm_planned_end': '2030-01-10 17:00:00'})
    second = admin_rpc('project.task', 'create', {
        'name': 'Relazione antincendio %s' % tag, 'project_id': project, 'user_id': assignee,
        'planned_hours': 6, 'crm_depends_on_ids': [(6, 0, [first])]})
    other = admin_rpc('project.project', 'create', {
        'name': 'Commessa riservata %s' % tag, 'partner_id': partner, 'user_id': admins[0]})
    try:
        yield {'manager': manager, 'assignee': assignee, 'project': project, 'first': first,
               'second': second, 'other': other, 'tag': tag}
    finally:
        tasks = admin_rpc('project.task', 'search', [('project_id', 'in', [project, other])])
        lines = admin_rpc('account.analytic.line', 'search', [('task_id', 'in', tasks)])
        if lines:
            admin_rpc('account.analytic.line', 'unlink', lines)
        admin_rpc('project.task', 'write', tasks, {'active': False})
        admin_rpc('project.project', 'write', [project, other], {'active': False})


def _name(admin_rpc, model, res_id):
    return admin_rpc(model, 'read', [res_id], ['name'])[0]['name']


def _open_form(journey, model, res_id, action, name):
    journey.page.goto('%s/web#id=%d&model=%s&view_type=form&action=%d' % (
        journey.server.url, res_id, model, _xmlid(journey.admin_rpc, action)))
    journey.wait('.o_form_view .o_form_sheet:has-text("%s")' % name)


def test_commessa_manager_day(journey_page, odoo_server, admin_rpc, english, commessa):
    journey = _journey(journey_page, odoo_server, 'commessa-manager', english, admin_rpc)
    page = journey.page
    project_name = _name(admin_rpc, 'project.project', commessa['project'])
    other_name = _name(admin_rpc, 'project.project', commessa['other'])
    first_name = _name(admin_rpc, 'project.task', commessa['first'])
    _web_login(journey, *_credentials(odoo_server, admin_rpc, commessa['manager']))

    with journey.step('manager: his commesse'):
        journey.menu(ROOT_MENU)
        journey.menu('crm_infinity_projects.projects_menu')
        journey.menu('crm_infinity_projects.projects_commessa_menu')
        journey.wait('.o_list_view tr.o_data_row:has-text("%s")' % project_name)
        if page.query_selector('.o_list_view tr.o_data_row:has-text("%s")' % other_name):
            journey.problems.append((journey.current, 'he sees a commessa of another manager'))
        journey.check('journey-projects-manager-commesse')

    with journey.step('manager: the commesse as kanban, pivot and graph'):
        for view, selector in (('kanban', '.o_kanban_view'), ('pivot', '.o_pivot'),
                               ('graph', '.o_graph_svg_container, .o_graph')):
            journey.click('.o_cp_switch_buttons .o_cp_switch_%s' % view)
            journey.wait('.o_content %s' % selector)
            journey.check()

    with journey.step('manager: the commessa and its activities'):
        _open_form(journey, 'project.project', commessa['project'], PROJECT_ACTION, project_name)
        journey.wait('.o_form_view .o_field_one2many tr.o_data_row:has-text("%s")' % first_name)
        journey.check('journey-projects-manager-commessa')

    with journey.step('manager: change an activity, save and notify'):
        _open_form(journey, 'project.task', commessa['first'], TASK_ACTION, first_name)
        journey.click('.o_form_button_edit')
        page.fill('.o_form_view .o_field_widget[name="planned_hours"] input, '
                  '.o_form_view input.o_field_widget[name="planned_hours"]', '05:00')
        journey.click(_button('Salva e notifica', 'Save and notify'))
        journey.wait('.modal .o_form_view')
        page.fill('.modal .o_field_widget[name="note"]', 'Spostato il sopralluogo: 5 ore')
        page.keyboard.press('Tab')
        journey.check('journey-projects-notify-wizard')
        journey.click('.modal-footer button.btn-primary:visible')
        journey.idle()
        journey.wait('.modal-footer button.btn-primary', state='hidden')
        journey.check()
        hours = admin_rpc('project.task', 'read', [commessa['first']], ['planned_hours'])[0]
        if hours['planned_hours'] != 5.0:
            journey.problems.append((journey.current, 'the planned hours are not saved: %s'
                                     % hours['planned_hours']))
        for _attempt in range(10):
            messages = admin_rpc('mail.message', 'search_count', [
                ('model', '=', 'project.task'), ('res_id', '=', commessa['first']),
                ('body', 'ilike', 'Spostato il sopralluogo')])
            if messages:
                break
            page.wait_for_timeout(1000)
        if not messages:
            journey.problems.append((journey.current, 'nobody was notified'))

    with journey.step('manager: activities of his commesse, pivot'):
        journey.menu(ROOT_MENU)
        journey.menu('crm_infinity_projects.projects_menu')
        journey.menu('crm_infinity_projects.projects_activity_menu')
        journey.wait('.o_list_view tr.o_data_row:has-text("%s")' % first_name)
        journey.click('.o_cp_switch_buttons .o_cp_switch_pivot')
        journey.wait('.o_content .o_pivot')
        journey.check('journey-projects-manager-activities')
    journey.finish()


def test_assignee_day(journey_page, odoo_server, admin_rpc, english, commessa):
    journey = _journey(journey_page, odoo_server, 'assignee', english, admin_rpc)
    page = journey.page
    first_name = _name(admin_rpc, 'project.task', commessa['first'])
    second_name = _name(admin_rpc, 'project.task', commessa['second'])
    _web_login(journey, *_credentials(odoo_server, admin_rpc, commessa['assignee']))

    with journey.step('assignee: his activities'):
        journey.menu(ROOT_MENU)
        journey.menu('crm_infinity_projects.projects_menu')
        _menu_absent(journey, 'crm_infinity_projects.projects_commessa_menu',
                     'an assignee does not see the commesse')
        journey.menu('crm_infinity_projects.projects_activity_menu')
        journey.wait('.o_list_view tr.o_data_row:has-text("%s")' % second_name)
        journey.check('journey-projects-assignee-activities')

    with journey.step('assignee: start the activity and log time'):
        _open_form(journey, 'project.task', commessa['first'], TASK_ACTION, first_name)
        journey.click(_button('Avvia', 'Start'))
        journey.wait(_button('Avvia', 'Start'), state='hidden')
        journey.click('.o_form_button_edit')
        if page.query_selector('.o_form_view .o_field_widget[name="planned_hours"] input'):
            journey.problems.append((journey.current, 'the planned hours are editable'))
        journey.click('.o_notebook a:text-matches("Ore lavorate|Time logged")')
        journey.click('.o_notebook .tab-pane.active .o_field_x2many_list_row_add a')
        # each value is taken when the field is left, and the row redrawn after its onchange
        for field, value in (('name', 'Sopralluogo con il RSPP'), ('unit_amount', '03:30')):
            journey.settle()
            page.fill('.o_notebook .tab-pane.active tr.o_selected_row '
                      '.o_field_widget[name="%s"]' % field, value)
            page.keyboard.press('Tab')
        journey.settle()
        journey.click('.o_form_button_save')
        journey.wait('.o_form_view.o_form_readonly')
        journey.check('journey-projects-assignee-time')
        hours = admin_rpc('project.task', 'read', [commessa['first']], ['effective_hours'])[0]
        if hours['effective_hours'] != 3.5:
            journey.problems.append((journey.current, 'the time is not logged: %s'
                                     % hours['effective_hours']))

    with journey.step('assignee: close the activity'):
        _open_form(journey, 'project.task', commessa['first'], TASK_ACTION, first_name)
        journey.click(_button("Chiudi l'attività", 'Close the activity'))
        journey.wait(_button("Chiudi l'attività", 'Close the activity'), state='hidden')
        journey.check()
        states = {t['id']: t['crm_state'] for t in admin_rpc(
            'project.task', 'read', [commessa['first'], commessa['second']], ['crm_state'])}
        if states != {commessa['first']: 'done', commessa['second']: 'todo'}:
            journey.problems.append((journey.current, 'the activities are %s' % states))

    with journey.step('assignee: his time logged'):
        journey.menu(ROOT_MENU)
        journey.menu('crm_infinity_projects.projects_menu')
        journey.menu('crm_infinity_projects.projects_timesheet_menu')
        journey.wait('.o_list_view tr.o_data_row:has-text("Sopralluogo con il RSPP")')
        journey.check('journey-projects-assignee-timesheets')
    journey.finish()
