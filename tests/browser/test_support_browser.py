"""The support cockpit in the web client: the list with its preview pane (click, arrow keys),
the ticket kanban, the ticket form and the causale wizard, without any JavaScript error."""
from tests.browser.conftest import login, screenshot

PREVIEW = '.o_crm_infinity_ticket_preview'
SUBJECT = PREVIEW + ' .o_crm_infinity_preview_subject'


def _xmlid(admin_rpc, xmlid):
    return admin_rpc('ir.model.data', 'xmlid_to_res_id', xmlid)


def _admin_tickets(admin_rpc):
    """Two open tickets of the admin, so that 'My tickets in progress' lists at least two."""
    center = admin_rpc('crm.infinity.service.center', 'search', [], limit=1)[0]
    uid = admin_rpc.uid
    return [admin_rpc('crm.infinity.ticket', 'create', {
        'name': name, 'center_id': center, 'user_id': uid, 'priority': '3',
        'description': '<p>%s: verifica in corso</p>' % name}) for name in (
        'Anteprima browser: caldaia in blocco', 'Anteprima browser: valvola che perde')]


def _wait_subject(page, text):
    page.wait_for_function(
        '([sel, text]) => { const el = document.querySelector(sel); '
        'return el && el.innerText.trim() === text; }', arg=[SUBJECT, text], timeout=60000)


def test_cockpit_preview_kanban_form_and_causale(page, odoo_server, admin_rpc):
    tickets = _admin_tickets(admin_rpc)
    try:
        _cockpit(page, odoo_server, admin_rpc)
    finally:
        admin_rpc('crm.infinity.ticket', 'unlink', tickets)


def _cockpit(page, odoo_server, admin_rpc):
    action = _xmlid(admin_rpc, 'crm_infinity_support.crm_infinity_ticket_action_my')
    login(page, odoo_server, 'admin', 'admin')
    page.goto('%s/web#action=%d' % (odoo_server.url, action))
    page.wait_for_selector('.o_crm_infinity_preview_split tr.o_data_row', timeout=60000)
    # the first ticket is previewed at once
    page.wait_for_selector(SUBJECT, timeout=60000)
    rows = page.query_selector_all('.o_crm_infinity_preview_list tr.o_data_row')
    assert len(rows) >= 2
    subjects = [page.eval_on_selector(
        '.o_crm_infinity_preview_list tr.o_data_row:nth-child(%d)' % (i + 1),
        'tr => tr.innerText') for i in range(2)]

    # a click on the second row previews it, without opening the form
    rows[1].click()
    page.wait_for_function(
        '([sel, row]) => { const el = document.querySelector(sel); '
        'return el && row.includes(el.innerText.trim()); }', arg=[SUBJECT, subjects[1]],
        timeout=60000)
    assert page.query_selector('.o_form_view') is None
    assert 'o_crm_infinity_preview_selected' in rows[1].get_attribute('class')
    second = page.inner_text(SUBJECT).strip()
    # history and messages of the ticket are in the preview
    assert page.is_visible(PREVIEW + ' .o_crm_infinity_preview_history')

    # up arrow: the first row; down arrow: back to the second
    page.keyboard.press('ArrowUp')
    page.wait_for_function(
        '([sel, row]) => { const el = document.querySelector(sel); '
        'return el && row.includes(el.innerText.trim()); }', arg=[SUBJECT, subjects[0]],
        timeout=60000)
    first = page.inner_text(SUBJECT).strip()
    assert first != second
    page.keyboard.press('ArrowDown')
    _wait_subject(page, second)
    assert page.query_selector('.o_form_view') is None
    screenshot(page, 'support-cockpit-preview')

    # the ticket kanban
    page.click('.o_cp_switch_buttons .o_cp_switch_kanban')
    page.wait_for_selector('.o_kanban_view .o_kanban_record', timeout=60000)
    screenshot(page, 'support-ticket-kanban')

    # back to the list; a double click opens the form
    page.click('.o_cp_switch_buttons .o_cp_switch_list')
    page.wait_for_selector('.o_crm_infinity_preview_split tr.o_data_row', timeout=60000)
    page.dblclick('.o_crm_infinity_preview_list tr.o_data_row:nth-child(1) td:nth-child(3)')
    page.wait_for_selector('.o_form_view .o_form_sheet', timeout=60000)
    screenshot(page, 'support-ticket-form')

    # the causale wizard on the ticket
    page.click('.o_form_statusbar button:text-matches("Appl(y a|ica una) causale")')
    page.wait_for_selector('.modal .o_form_view', timeout=60000)
    screenshot(page, 'support-ticket-causale-wizard')
    page.click('.modal-header .close')
    page.wait_for_selector('.modal', state='detached', timeout=60000)
    assert list(page.js_errors) == []


def test_kpi_dashboard_and_pivot(page, odoo_server, admin_rpc):
    action = _xmlid(admin_rpc, 'crm_infinity_support.crm_infinity_support_dashboard_action')
    login(page, odoo_server, 'admin', 'admin')
    page.goto('%s/web#action=%d' % (odoo_server.url, action))
    page.wait_for_selector('.o_crm_infinity_kpi_dashboard .o_kanban_record', timeout=60000)
    screenshot(page, 'support-kpi-dashboard')
    page.click('.o_crm_infinity_kpi_dashboard .o_kanban_record .o_crm_infinity_kpi_backlog')
    page.wait_for_selector('.o_pivot', timeout=60000)
    assert list(page.js_errors) == []
