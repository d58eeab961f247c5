"""Headless Debian Chromium driven by Playwright (no browser download: executable_path)."""
import os
import shutil
import tempfile

import pytest

CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
# The machine has no network but loopback: keep Chromium from calling home at every start.
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync',
                 '--disable-dev-shm-usage']
SCREENSHOTS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), 'var', 'screenshots')


@pytest.fixture(scope='session')
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        with tempfile.TemporaryDirectory() as profile:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                viewport={'width': 1366, 'height': 850}, locale='it-IT', timezone_id='Europe/Rome')
            try:
                yield context
            finally:
                context.close()


class JsErrors(list):
    """Collects every JavaScript error a page reports (uncaught exceptions and console errors)."""

    def watch(self, page):
        page.on('pageerror', lambda exc: self.append('pageerror: %s' % exc))
        page.on('console', lambda msg: msg.type == 'error' and self.append(
            'console: %s' % msg.text))
        return page


@pytest.fixture
def page(browser):
    errors = JsErrors()
    page = errors.watch(browser.new_page())
    page.js_errors = errors
    try:
        yield page
    finally:
        page.close()


def screenshot(page, name):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    path = os.path.join(SCREENSHOTS, name + '.png')
    # the onboarding tips Odoo shows the administrator would cover the menus in the pictures
    page.add_style_tag(content='.o_tooltip { display: none !important; }')
    page.screenshot(path=path)
    return path


def login(page, server, login, password):
    page.goto(server.url + '/web/login', wait_until='networkidle')
    page.fill('input[name="login"]', login)
    page.fill('input[name="password"]', password)
    page.click('button[type="submit"]')
    page.wait_for_selector('.o_web_client .o_main_navbar, .o_web_client .o_main_content',
                           timeout=120000)


def portal_login(page, server, login, password):
    """Log a portal customer in through the login form (he lands on his portal, not the web
    client: ``login`` above waits for the web client)."""
    page.goto(server.url + '/web/login', wait_until='networkidle')
    page.fill('input[name="login"]', login)
    page.fill('input[name="password"]', password)
    with page.expect_navigation(timeout=120000):
        page.click('button[type="submit"]')


@pytest.fixture(scope='session')
def english(admin_rpc):
    """What Italian the server ships: the journeys check the page text against it."""
    from tests.browser.journey import EnglishChecker
    return EnglishChecker.for_server(admin_rpc)


@pytest.fixture
def journey_page(browser, odoo_server):
    """A page of a journey: logged out before and after (the browser context is shared)."""
    page = browser.new_page()
    page.goto(odoo_server.url + '/web/session/logout', wait_until='domcontentloaded')
    try:
        yield page
    finally:
        try:
            page.goto(odoo_server.url + '/web/session/logout', wait_until='domcontentloaded')
        finally:
            page.close()
