"""The core engine in the web client: tel: links, applying a causale, the primanota tab."""
from tests.browser.conftest import login, screenshot


def _open_partner(page, server, admin_rpc, name):
    partner = admin_rpc('res.partner', 'search', [('name', '=', name)])[0]
    page.goto('%s/web#id=%d&model=res.partner&view_type=form' % (server.url, partner))
    page.wait_for_selector('.o_form_view .o_form_sheet', timeout=60000)
    return partner


def test_apply_a_causale_from_the_contact_form(page, odoo_server, admin_rpc):
    login(page, odoo_server, 'admin', 'admin')
    partner = _open_partner(page, odoo_server, admin_rpc, 'Rossi Impianti S.r.l.')
    # click-to-call on the desktop too
    assert page.get_attribute('.o_form_view a.o_field_phone', 'href').startswith('tel:')
    page.click('.o_form_statusbar button:has-text("Applica una causale")')
    page.wait_for_selector('.modal .o_form_view', timeout=60000)
    page.click('.modal .o_field_widget[name="causale_id"] input')
    page.fill('.modal .o_field_widget[name="causale_id"] input', 'Sollecito')
    page.click('.ui-autocomplete li a:has-text("Sollecito")')
    page.fill('.modal .o_field_widget[name="note"]', 'Sollecitato il preventivo al telefono')
    screenshot(page, 'causale-wizard')
    page.click('.modal-footer button:has-text("Applica")')
    page.wait_for_selector('.modal', state='detached', timeout=60000)
    page.click('.o_notebook a:has-text("Primanota")')
    page.wait_for_selector('.o_notebook .tab-pane.active td:has-text("Sollecitato il preventivo")',
                           timeout=60000)
    screenshot(page, 'primanota-tab')
    activities = admin_rpc('mail.activity', 'search_read', [('res_model', '=', 'res.partner'),
                                                           ('res_id', '=', partner)], fields=['summary'])
    assert 'Verificare la risposta al sollecito' in [a['summary'] for a in activities]
    assert list(page.js_errors) == []


def test_primanota_list_and_pivot(page, odoo_server):
    login(page, odoo_server, 'admin', 'admin')
    page.click('#oe_main_menu_navbar .oe_application_menu_placeholder a:has-text("CRM Infinity")')
    page.click('.o_sub_menu_content a:has-text("Primanota")')
    page.wait_for_selector('.o_list_view', timeout=60000)
    page.click('.o_cp_switch_buttons .o_cp_switch_pivot')
    page.wait_for_selector('.o_pivot', timeout=60000)
    assert list(page.js_errors) == []
