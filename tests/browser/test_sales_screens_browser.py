"""The other sales screens in the web client and on the portal (issue #4), each opened without any
JavaScript error: the Sicurweb leads kanban, the operational dashboard and the graph behind a
tile, the routing explanation of a deal, the offer templates, a salesperson's contact pool, and
the customer's portal page of a sent quote with its offer to confirm. The screenshots illustrate
the README."""
from tests.browser.conftest import login, screenshot

ADMIN = ('admin', 'admin')
SALESPERSON = ('giulia.bianchi', 'demo')
CUSTOMER = ('mario.rossi', 'mario.rossi')  # portal contact of Rossi Impianti (support demo)


def _xmlid(admin_rpc, xmlid):
    return admin_rpc('ir.model.data', 'xmlid_to_res_id', xmlid)


def _settled(page):
    """Let the web client finish drawing before a screenshot (its 'Loading' badge fades out;
    the bus keeps a request open, so the network is never idle)."""
    page.wait_for_timeout(1500)


def _open_action(page, odoo_server, admin_rpc, xmlid, selector, view_type=None):
    url = '%s/web#action=%d' % (odoo_server.url, _xmlid(admin_rpc, xmlid))
    if view_type:
        url += '&view_type=' + view_type
    page.goto(url)
    page.wait_for_selector(selector, timeout=60000)
    _settled(page)


def test_leads_dashboard_pool_routing_and_offer_templates(page, odoo_server, admin_rpc):
    login(page, odoo_server, *ADMIN)

    _open_action(page, odoo_server, admin_rpc, 'crm_infinity_sales.crm_lead_sicurweb_action',
                 '.o_kanban_view .o_kanban_group .o_kanban_record')
    assert page.query_selector('.o_kanban_record:has-text("Officine Lombarde")')
    screenshot(page, 'sales-leads-kanban')

    _open_action(page, odoo_server, admin_rpc,
                 'crm_infinity_sales.crm_infinity_dashboard_operational_action',
                 '.o_kanban_view .o_kanban_record')
    screenshot(page, 'sales-dashboard')
    page.click('.o_kanban_view .o_kanban_record a.o_crm_infinity_tile >> nth=0')
    page.wait_for_selector('.o_graph, .o_pivot, .o_list_view', timeout=60000)

    deal = _xmlid(admin_rpc, 'crm_infinity_sales.deal_rossi_impianti_demo')
    page.goto('%s/web#id=%d&model=crm.lead&view_type=form&action=%d' % (
        odoo_server.url, deal, _xmlid(admin_rpc, 'crm_infinity_sales.crm_lead_deal_action')))
    page.wait_for_selector('.o_form_view .o_form_sheet', timeout=60000)
    page.click('.o_form_statusbar button:text-matches("Explain the routing|Spiega lo smistamento")')
    page.wait_for_selector('.modal .o_form_view', timeout=60000)
    screenshot(page, 'sales-routing-explain')
    page.click('.modal-footer button[special="cancel"]')
    page.wait_for_selector('.modal', state='detached', timeout=60000)

    _open_action(page, odoo_server, admin_rpc,
                 'crm_infinity_sales.crm_infinity_offer_template_action',
                 '.o_list_view tr.o_data_row')
    page.click('.o_list_view tr.o_data_row >> nth=0')
    page.wait_for_selector('.o_form_view .o_form_sheet', timeout=60000)
    screenshot(page, 'sales-offer-template')

    # a salesperson's own pool, the contacts due for a visit
    login(page, odoo_server, *SALESPERSON)
    _open_action(page, odoo_server, admin_rpc, 'crm_infinity_sales.crm_infinity_contact_pool_action',
                 '.o_list_view tr.o_data_row')
    assert page.query_selector('.o_list_view tr.o_data_row:has-text("Rossi Impianti")')
    screenshot(page, 'sales-contact-pool')
    assert list(page.js_errors) == []


def test_customer_sees_his_offer_on_the_portal(page, odoo_server, admin_rpc):
    quote = _xmlid(admin_rpc, 'crm_infinity_sales.offer_quote_rossi_demo')
    layout = _xmlid(admin_rpc, 'crm_infinity_sales.offer_layout_standard_demo')
    admin_rpc('ir.config_parameter', 'set_param', 'report.url', odoo_server.url)
    wizard = admin_rpc('crm.infinity.offer.generate.wizard', 'create', {
        'order_id': quote, 'layout_id': layout, 'output_format': 'pdf'})
    admin_rpc('crm.infinity.offer.generate.wizard', 'action_generate', [wizard])
    state = admin_rpc('sale.order', 'read', [quote], ['state'])[0]['state']
    admin_rpc('sale.order', 'write', [quote], {'state': 'sent'})
    customer = _xmlid(admin_rpc, 'crm_infinity_base.partner_rossi_mario_demo')
    admin_rpc('sale.order', 'message_subscribe', [quote], partner_ids=[customer])
    try:
        page.goto(odoo_server.url + '/web/session/logout', wait_until='networkidle')
        page.goto(odoo_server.url + '/web/login', wait_until='networkidle')
        page.fill('input[name="login"]', CUSTOMER[0])
        page.fill('input[name="password"]', CUSTOMER[1])
        with page.expect_navigation():
            page.click('button[type="submit"]')
        page.goto('%s/my/orders/%d' % (odoo_server.url, quote), wait_until='networkidle')
        page.wait_for_selector('#o_offer_confirm', timeout=60000)
        screenshot(page, 'sales-portal-offer')
        assert list(page.js_errors) == []
    finally:
        page.goto(odoo_server.url + '/web/session/logout', wait_until='networkidle')
        admin_rpc('sale.order', 'write', [quote], {'state': state})
