"""The customer portal in Chromium: the new ticket form and the ticket page load and submit
without JavaScript errors; on a phone the ticket list stays readable."""
import uuid

import pytest

from tests.browser.conftest import portal_login, screenshot


@pytest.fixture
def portal_page(page, odoo_server):
    """A page logged in as Mario Rossi, the demo portal customer of Rossi Impianti."""
    portal_login(page, odoo_server, 'mario.rossi', 'mario.rossi')
    page.goto(odoo_server.url + '/my/home', wait_until='networkidle')
    page.wait_for_selector('.o_portal_my_home a[href="/my/tickets"]', timeout=60000)
    try:
        yield page
    finally:
        page.goto(odoo_server.url + '/web/session/logout', wait_until='networkidle')


def test_open_a_ticket_and_reply_from_the_portal(portal_page, odoo_server, tmp_path):
    page = portal_page
    subject = 'Caldaia rumorosa %s' % uuid.uuid4().hex[:6]
    page.goto(odoo_server.url + '/my/tickets/new', wait_until='networkidle')
    page.select_option('select[name="center_id"]', label='Assistenza tecnica')
    page.select_option('select[name="category_id"]', label='Impianti / Caldaie')
    page.select_option('select[name="product_id"]', index=1)
    page.fill('input[name="name"]', subject)
    page.fill('textarea[name="description"]', 'La caldaia fa un rumore metallico all\'accensione.')
    photo = tmp_path / 'rumore.txt'
    photo.write_text('registrazione')
    page.set_input_files('.o_ticket_new_form input[name="attachments"]', str(photo))
    screenshot(page, 'portal-ticket-new')
    page.click('.o_ticket_new_submit')
    page.wait_for_selector('.o_portal_ticket h4:has-text("%s")' % subject, timeout=60000)
    assert page.is_visible('.o_ticket_history a:has-text("rumore.txt")')
    page.fill('#ticket_reply_message', 'Aggiungo che succede solo al mattino.')
    page.click('.o_ticket_reply_send')
    page.wait_for_selector('.o_ticket_message:has-text("succede solo al mattino")', timeout=60000)
    screenshot(page, 'portal-ticket-page')
    page.goto(odoo_server.url + '/my/tickets', wait_until='networkidle')
    assert page.is_visible('.o_portal_tickets_table a:has-text("%s")' % subject)
    assert list(page.js_errors) == []


def test_the_form_shows_errors_in_italian(portal_page, odoo_server):
    page = portal_page
    page.goto(odoo_server.url + '/my/tickets/new', wait_until='networkidle')
    # only the categories of the chosen center can be picked
    page.select_option('select[name="center_id"]', label='Assistenza amministrativa')
    assert page.is_enabled('#ticket_category option:has-text("Fatturazione")')
    assert not page.is_enabled('#ticket_category option:has-text("Caldaie")')
    page.select_option('select[name="center_id"]', label='Assistenza tecnica')
    assert page.is_enabled('#ticket_category option:has-text("Caldaie")')
    page.fill('textarea[name="description"]', 'Senza oggetto')
    page.click('.o_ticket_new_submit')
    page.wait_for_selector('.o_ticket_error', timeout=60000)
    assert 'oggetto' in page.inner_text('.o_ticket_error').lower()
    assert page.input_value('textarea[name="description"]') == 'Senza oggetto'
    assert list(page.js_errors) == []


def test_ticket_list_on_a_phone(portal_page, odoo_server):
    page = portal_page
    page.set_viewport_size({'width': 375, 'height': 740})
    try:
        page.goto(odoo_server.url + '/my/tickets', wait_until='networkidle')
        page.wait_for_selector('.o_portal_tickets_table', timeout=60000)
        assert page.is_visible('.o_portal_tickets_table a:has-text("Caldaia in blocco")')
        # columns that do not fit are hidden, nothing makes the page scroll sideways
        assert not page.is_visible('.o_portal_tickets_table th:has-text("Centro")')
        width = page.evaluate('document.documentElement.scrollWidth')
        assert width <= 375 + 1, width
        # subject and status fit the screen: the table does not scroll sideways either
        table = page.evaluate("(() => { const t = document.querySelector('.o_portal_tickets_table');"
                              " return [t.scrollWidth, t.parentElement.clientWidth]; })()")
        assert table[0] <= table[1] + 1, table
        assert page.is_visible('.o_portal_tickets_table .o_ticket_state')
        screenshot(page, 'portal-tickets-mobile')
        page.goto(odoo_server.url + '/support/kb', wait_until='networkidle')
        assert page.is_visible('.o_kb_article_item:has-text("E03")')
        assert page.evaluate('document.documentElement.scrollWidth') <= 376
        assert list(page.js_errors) == []
    finally:
        page.set_viewport_size({'width': 1366, 'height': 850})
