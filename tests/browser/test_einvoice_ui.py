"""E-invoicing in the web client: the invoice's E-invoice tab, the deadlines calendar."""
from tests.browser.conftest import login, screenshot


def test_invoice_einvoice_tab_and_deadlines(page, odoo_server, admin_rpc):
    invoice = admin_rpc('account.invoice', 'search', [('partner_id.is_pa', '=', True),
                                                      ('state', '=', 'open')], limit=1)[0]
    admin_rpc('account.invoice', 'fatturapa_export', [invoice])
    action = admin_rpc('ir.model.data', 'xmlid_to_res_id', 'account.action_invoice_tree1')
    login(page, odoo_server, 'admin', 'admin')
    # through the customer invoices action: without it Odoo shows the vendor bill form
    page.goto('%s/web#id=%d&model=account.invoice&view_type=form&action=%d'
              % (odoo_server.url, invoice, action))
    page.wait_for_selector('.o_form_view button:has-text("Esporta fattura elettronica")', timeout=60000)
    page.click('.o_notebook a:has-text("Fattura elettronica")')
    page.wait_for_selector('.o_notebook .tab-pane.active td:has-text("Esportata")', timeout=60000)
    screenshot(page, 'einvoice-tab')
    page.click('#oe_main_menu_navbar .oe_application_menu_placeholder a:has-text("CRM Infinity")')
    page.click('.o_sub_menu_content a:has-text("Scadenze di pagamento")')
    page.wait_for_selector('.o_calendar_view', timeout=60000)
    assert list(page.js_errors) == []
