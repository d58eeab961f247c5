#!/usr/bin/env python3
"""Screenshots of what each demo profile sees, for the README, with headless Debian Chromium.

    .venv/bin/python scripts/screenshots.py URL [NAME=LOGIN:PASSWORD:FRAGMENT ...]

URL is a running server on the demo database (``make run``). Each shot logs in as LOGIN and
opens ``/web#FRAGMENT`` (empty: the user's home page), waits for the web client to be idle and
saves ``var/screenshots/NAME.png``. Without shots, the MyDesk of every demo profile.
"""
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS  # noqa: E402

DEFAULT_SHOTS = [
    'mydesk-salesperson=giulia.bianchi:demo:',
    'mydesk-crm-admin=chiara.moretti:chiara.moretti:',
    'mydesk-support-operator=davide.conti:davide.conti:',
    'mydesk-support-manager=francesca.galli:francesca.galli:',
    'mydesk-marketing-operator=silvia.fontana:silvia.fontana:',
    'mydesk-assignee=andrea.greco:andrea.greco:',
    'mydesk-commessa-manager=paolo.ricci:demo:',
    # the superuser keeps Odoo's home page (Discuss): his MyDesk from its menu
    'mydesk-system-admin=admin:admin:action=crm_infinity_base.crm_infinity_desk_action',
]


def _shoot(context, url, name, login, password, fragment):
    page = context.new_page()
    try:
        page.goto(url + '/web/login')
        page.fill('input[name="login"]', login)
        page.fill('input[name="password"]', password)
        page.click('button[type="submit"]')
        page.wait_for_selector('.o_web_client', timeout=60000)
        if fragment:
            page.goto(url + '/web#' + fragment)
        # the long-polling request never ends: wait for the action, then for its RPCs
        page.wait_for_timeout(6000)
        page.add_style_tag(content='.o_tooltip { display: none !important; }')
        os.makedirs(SCREENSHOTS, exist_ok=True)
        path = os.path.join(SCREENSHOTS, name + '.png')
        page.screenshot(path=path)
        print(path)
    finally:
        page.close()
        context.clear_cookies()


def main(argv):
    from playwright.sync_api import sync_playwright
    url, shots = argv[0].rstrip('/'), argv[1:] or DEFAULT_SHOTS
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={'width': 1366, 'height': 850}, locale='it-IT', timezone_id='Europe/Rome')
        try:
            for shot in shots:
                name, spec = shot.split('=', 1)
                login, password, fragment = spec.split(':', 2)
                _shoot(context, url, name, login, password, fragment)
        finally:
            context.close()


if __name__ == '__main__':
    main(sys.argv[1:])
