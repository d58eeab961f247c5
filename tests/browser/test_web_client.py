"""The web client as a person uses it, in headless Chromium, failing on any JavaScript error."""
from tests.browser.conftest import login, screenshot


def test_admin_opens_crm_infinity_menu(page, odoo_server):
    login(page, odoo_server, 'admin', 'admin')
    page.click('#oe_main_menu_navbar .oe_application_menu_placeholder a:has-text("CRM Infinity")')
    # the app opens its first section: the sales deals (kanban pipeline)
    page.wait_for_selector('.o_sub_menu_content .oe_secondary_menu_section:visible', timeout=60000)
    # (no 'networkidle': the bus keeps a long-polling request open)
    page.wait_for_selector('.o_kanban_view .o_kanban_record, .o_list_view', timeout=60000)
    page.wait_for_timeout(1000)
    sections = page.inner_text('.o_sub_menu_content .oe_secondary_menu:visible')
    for section in ('Vendite', 'Marketing', 'Assistenza', 'Commesse', 'Fatturazione elettronica',
                    'Configurazione'):
        assert section in sections
    screenshot(page, 'web-client-crm-infinity')
    assert list(page.js_errors) == []


def test_login_page_renders_without_js_error(page, odoo_server):
    page.goto(odoo_server.url + '/web/login', wait_until='networkidle')
    assert page.is_visible('input[name="login"]')
    screenshot(page, 'login')
    assert list(page.js_errors) == []
