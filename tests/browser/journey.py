"""Machinery of the profile journeys (issue #13): a person's day in the browser, step by step.

A `Journey` wraps a Playwright page and watches, for every step, what a user would see go wrong:

- every JSON-RPC answer carrying an ``error`` (access errors, tracebacks), and every HTTP answer
  of 500 or more;
- Odoo's crash-manager dialog (``Odoo Server Error`` / warnings) and red warning notifications;
- JavaScript errors (uncaught exceptions and console errors);
- visible English text in an Italian session (`EnglishChecker`).

Problems are collected step by step (a dialog is closed so that the journey goes on and shows
every problem of the day at once). A step that cannot finish (its screen never comes) is reported
with its screenshot, the web client is reloaded and the day goes on with the next step. The
journey then fails with one readable report: profile, step, URL, what went wrong, screenshots.
"""
import ast
import contextlib
import glob
import importlib.util
import os
import re
import traceback

from tests import harness
from tests.browser.conftest import screenshot

STEP_TIMEOUT = 20000  # ms: a screen that does not appear in 20 s on a loaded machine is broken

ODOO_ADDONS = os.path.join(os.path.dirname(importlib.util.find_spec('odoo').origin), 'addons')
ADDONS_DIRS = [os.path.join(harness.ROOT, 'addons'), os.path.join(harness.ROOT, 'tests', 'addons')]

# English words Odoo's screens show that never appear as whole words in Italian text (checked
# against every Italian translation of the loaded modules: words that Italian uses too, such as
# "Lead", "Ticket", "Partner", "Team", "Download", "Home", "Manager", "Report", "Dashboard",
# "Budget", "Feedback", "Email", "Login", "Password", "Online", "Kanban", "Pivot", are not listed,
# nor are English words that are also Italian ones: "No", "Note", "Data", "Fine", "Come", "Ore",
# "Media", "Area", "Date").
ENGLISH_WORDS = frozenset('''
    Save Discard Create Edit Delete Import Print Action Actions Search Filters Favorites Loading
    Cancel Confirm Send Reply Close Apply Assign Schedule Settings Configuration
    Status Stage New Deadline Category Started Policy Potential Opportunity Customer Vendor
    Subject Priority High Low Urgent Assigned Unassigned Description Quotation Quotations Invoice Invoices
    Amount Untaxed Total Taxes Payment Terms Order Orders Product Products Quantity Price Subtotal
    Today Yesterday Tomorrow Week Month Year Days Hours
    Closed Open Won Lost Draft Sent Done Pending Running Paused Breached Overdue Planned Expected
    Pricelist Contact Contacts Activity Activities Salesperson Salesman Revenue Probability
    Notes Internal Phone Mobile Address Street City Country Attachment Attachments Message
    Messages Followers Users Profiles Reporting Deals Deal Satisfied Warning Powered Free
    Your your the The and with from for
'''.split())

# Proper and brand names, codes and words Italian keeps from English, shown as they are (each
# with the reason it is allowed).
ALLOWED = frozenset([
    'Odoo',            # the product's name
    'CRM Infinity',    # our addons' name
    'Infinity CRM',
    'Sicurweb',        # Infotel's product the leads come from
    'FatturaPA',       # the Italian e-invoice format's name
    'SdI',             # Sistema di Interscambio
    'PEC',             # posta elettronica certificata
    'SLA', 'KPI', 'PDF', 'DOCX', 'ODT', 'XML', 'XLSX', 'CSV', 'ZIP', 'URL', 'IBAN', 'CAP',
    'ID', 'OK', 'Ok',
])


def _po_entries(path):
    """(msgid, msgstr) pairs of a .po/.pot file (plain entries; plural forms skipped)."""
    entries, msgid, msgstr, current = [], None, None, None
    with open(path, encoding='utf-8') as handle:
        for line in handle:
            line = line.strip()
            if line.startswith('msgid '):
                if msgid is not None:
                    entries.append((msgid, msgstr or ''))
                msgid, msgstr, current = _unquote(line[6:]), None, 'id'
            elif line.startswith('msgstr '):
                msgstr, current = _unquote(line[7:]), 'str'
            elif line.startswith('"') and current:
                if current == 'id':
                    msgid += _unquote(line)
                else:
                    msgstr += _unquote(line)
            elif line.startswith(('msgid_plural', 'msgstr[')):
                current = None
    if msgid is not None:
        entries.append((msgid, msgstr or ''))
    return [(i, s) for i, s in entries if i]


def _unquote(text):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return ''


def _error_text(exc):
    """A Playwright error in one line: its message and what it was waiting for."""
    text = str(exc)
    head, _, logs = text.partition('Call log:') if 'Call log:' in text else text.partition(
        '=========================== logs')
    lines = [line.strip() for line in logs.splitlines() if line.strip() and '====' not in line]
    return _normalize(head)[:200] + (' (%s)' % '; '.join(lines[:2])[:300] if lines else '')


def _where(exc):
    """The journey's line that was waiting, e.g. ' at test_journeys.py:120 journey.click(...)'."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if os.path.basename(f.filename).startswith('test_')]
    return ' at %s:%d %s' % (os.path.basename(frames[-1].filename), frames[-1].lineno,
                             frames[-1].line) if frames else ''


def _normalize(text):
    return re.sub(r'\s+', ' ', text).strip()


class EnglishChecker:
    """Flags visible English in an Italian session, two ways:

    - a visible text (a text node, a title or a placeholder) that *is* an English source term
      of a loaded module (a msgid of its .pot or it.po) and is no Italian text of any of them:
      a term whose Italian translation is missing, or not applied on that screen;
    - a visible text containing one of `ENGLISH_WORDS` as a whole word.
    `ALLOWED` names are never flagged.
    """

    def __init__(self, english_terms, italian_texts, translations):
        self.english_terms = english_terms
        self.italian_texts = italian_texts
        self.translations = translations
        self.word_re = re.compile(r'(?<![\w-])(%s)(?![\w-])' % '|'.join(
            sorted(ENGLISH_WORDS, key=len, reverse=True)))

    @classmethod
    def for_modules(cls, modules):
        english, italian, translations = set(), set(), {}
        for module in modules:
            for base in [ODOO_ADDONS] + ADDONS_DIRS:
                i18n = os.path.join(base, module, 'i18n')
                if not os.path.isdir(i18n):
                    continue
                for path in glob.glob(os.path.join(i18n, '*.pot')):
                    english.update(_normalize(msgid) for msgid, _ in _po_entries(path))
                it_po = os.path.join(i18n, 'it.po')
                if os.path.exists(it_po):
                    for msgid, msgstr in _po_entries(it_po):
                        msgid, msgstr = _normalize(msgid), _normalize(msgstr)
                        english.add(msgid)
                        if msgstr:
                            italian.add(msgstr)
                            translations.setdefault(msgid, msgstr)
                break
        return cls(english, italian, translations)

    @classmethod
    def for_server(cls, admin_rpc):
        modules = [m['name'] for m in admin_rpc('ir.module.module', 'search_read', [
            ('state', '=', 'installed')], fields=['name'])]
        return cls.for_modules(modules)

    def problems(self, texts):
        """Readable problems for the visible `texts`, one per offending text."""
        found = []
        for text in texts:
            text = _normalize(text)
            if not re.search('[A-Za-z]{2}', text) or text in ALLOWED:
                continue
            if text in self.english_terms and text not in self.italian_texts:
                italian = self.translations.get(text)
                found.append('"%s" is an English term %s' % (text, (
                    'whose Italian "%s" is not applied here' % italian) if italian else (
                    'without Italian translation')))
                continue
            if text in self.italian_texts:
                continue
            words = sorted(set(w for w in self.word_re.findall(text) if w not in ALLOWED))
            if words:
                found.append('"%s" has English word%s %s' % (
                    text if len(text) <= 120 else text[:117] + '...', 's' if len(words) > 1 else '',
                    ', '.join(words)))
        return found


VISIBLE_TEXTS_JS = '''() => {
    const out = new Set();
    const visible = el => {
        if (!el || !(el.offsetWidth || el.offsetHeight || el.getClientRects().length)) return false;
        const style = getComputedStyle(el);
        return style.visibility !== 'hidden' && style.display !== 'none';
    };
    const skip = el => el.closest('script, style, noscript, template, .o_error_detail, ' +
                                  '[contenteditable="true"], textarea, .ui-helper-hidden-accessible, .sr-only');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        const text = node.nodeValue.replace(/\\s+/g, ' ').trim();
        const parent = node.parentElement;
        if (text && parent && !skip(parent) && visible(parent)) out.add(text);
    }
    for (const el of document.querySelectorAll('[title], [placeholder]')) {
        if (skip(el) || !visible(el)) continue;
        for (const attr of ['title', 'placeholder']) {
            const value = (el.getAttribute(attr) || '').trim();
            if (value) out.add(value);
        }
    }
    if (document.title) out.add(document.title.trim());
    return Array.from(out);
}'''

# Odoo's crash manager (errors and warnings) and red notifications
ERROR_DIALOG = ('.modal:has(.o_error_detail), .modal:has(.o_dialog_warning), '
                '.modal:has(.modal-title:text-matches("Odoo Server Error|Errore server Odoo"))')
ERROR_NOTIFICATION = '.o_notification.o_error'


class JourneyFailed(AssertionError):
    pass


class Journey:
    """One profile's day in the browser: `step()` blocks, `check()` at every screen."""

    WEB_CLIENT = ('/web', '.o_web_client .o_main_navbar, .o_web_client .o_main_content')
    PORTAL = ('/my', '.o_portal_my_home')

    def __init__(self, page, server, profile, english, home=WEB_CLIENT):
        self.page = page
        self.server = server
        self.profile = profile
        self.english = english
        self.problems = []          # (step, text)
        self.rpc_errors = []        # texts not yet reported
        self.current = 'start'
        self.screens = []
        self.failed_steps = 0
        self.home = home
        self.seen_english = set()
        page.on('response', self._on_response)
        page.on('pageerror', lambda exc: self._problem('JavaScript error: %s' % exc))
        page.on('console', self._on_console)

    # -- watching --------------------------------------------------------------------------
    def _problem(self, text):
        self.problems.append((self.current, text))

    def _on_console(self, message):
        # the web client logs every RPC error on the console: the RPC watch reports it already
        if message.type == 'error' and not message.text.startswith('Server application error'):
            self._problem('JavaScript console error: %s' % _normalize(message.text)[:300])

    def _on_response(self, response):
        try:
            request = response.request
            if response.status >= 500:
                self._problem('HTTP %d on %s %s' % (response.status, request.method, response.url))
                return
            if request.method != 'POST' or 'json' not in (
                    response.headers.get('content-type') or ''):
                return
            body = response.json()
        except Exception:  # a page gone away: its answers are of no interest
            return
        if isinstance(body, dict) and body.get('error'):
            error = body['error']
            data = error.get('data') or {}
            try:
                params = (request.post_data_json or {}).get('params') or {}
            except Exception:
                params = {}
            path = response.url.replace(self.server.url, '')
            call = '%s.%s (%s)' % (params.get('model'), params.get('method') or path.rsplit(
                '/', 1)[-1], path) if params.get('model') else path
            self._problem('RPC error on %s: %s: %s' % (
                call, data.get('name') or error.get('message'),
                _normalize(data.get('message') or error.get('message') or '')[:400]))

    # -- steps -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def step(self, label, critical=False):
        """A step of the day. If its screen never comes, the step is reported with a screenshot
        and what went wrong so far; the web client is reloaded and the day goes on with the next
        step (a person reloads too), unless the step is `critical` (nothing can follow it)."""
        self.current = label
        try:
            yield self
        except Exception as exc:
            self.failed_steps += 1
            path = self._shot('FAILED-%d' % self.failed_steps)
            try:  # what the user sees at that moment: an error dialog, English
                self.check()
            except Exception:
                pass
            self._problem('step did not finish: %s%s (%s), screenshot %s' % (
                _error_text(exc), _where(exc),
                self.page.url.replace(self.server.url, ''), path))
            if critical:
                raise JourneyFailed(self.report('stopped at step "%s":' % label)) from None
            try:
                self.reload()
            except Exception as error:
                raise JourneyFailed(self.report('stopped at step "%s", the web client does not '
                                                'reload (%s):' % (label, error))) from None

    def reload(self):
        """Back to the home page (the web client's, or the portal's), as a person does after an
        error."""
        self.page.goto(self.server.url + self.home[0], wait_until='domcontentloaded')
        self.page.wait_for_selector(self.home[1], timeout=STEP_TIMEOUT)
        if self.home == self.WEB_CLIENT:  # its home action too
            self.page.wait_for_function('() => window.location.hash.length > 1',
                                        timeout=STEP_TIMEOUT)
            self.idle()
            self.settle(1500)

    def _shot(self, suffix):
        name = 'journey-%s-%s' % (self.profile, suffix)
        try:
            return screenshot(self.page, re.sub(r'[^\w.-]+', '-', name))
        except Exception as exc:
            return 'no screenshot (%s)' % exc

    def settle(self, ms=800):
        """Let the web client finish its RPCs and drawing (the bus keeps a request open: the
        network is never idle)."""
        self.page.wait_for_timeout(ms)

    def check(self, shot=None):
        """At a screen: crash dialogs and warnings, then the visible English; a screenshot."""
        self.settle()
        page = self.page
        for dialog in page.query_selector_all(ERROR_DIALOG):
            text = _normalize(dialog.inner_text())[:400]
            self._problem('error dialog: %s' % text)
            close = dialog.query_selector('.modal-footer button, .modal-header .close')
            if close:
                close.click()
                page.wait_for_timeout(300)
        for note in page.query_selector_all(ERROR_NOTIFICATION):
            self._problem('warning notification: %s' % _normalize(note.inner_text())[:300])
        for text in self.english.problems(page.evaluate(VISIBLE_TEXTS_JS)):
            if text not in self.seen_english:  # the same menu on every screen: said once
                self.seen_english.add(text)
                self._problem('English on screen: %s' % text)
        if shot:
            self.screens.append(screenshot(page, shot))

    # -- clicks as a person does -------------------------------------------------------------
    def idle(self):
        """Wait for the web client's pending RPCs (its 'Loading' badge) to end: a click on a
        menu while the previous action still loads is lost."""
        self.page.wait_for_timeout(300)
        self.page.wait_for_function(
            "() => !Array.from(document.querySelectorAll('.o_loading')).some("
            "el => el.offsetParent !== null)", timeout=STEP_TIMEOUT)

    def menu(self, xmlid):
        """Click a menu of the web client (top bar or left column) by its XML id, opening its
        folded parent in the left column first."""
        self.idle()
        selector = '[data-menu-xmlid="%s"]' % xmlid
        if not self.page.query_selector(selector + ':visible'):
            parent = self.page.evaluate(
                "sel => { const el = document.querySelector(sel); const ul = el && "
                "el.closest('ul.oe_secondary_submenu'); const toggler = ul && "
                "ul.previousElementSibling; return toggler && toggler.dataset.menuXmlid; }",
                selector)
            if parent:
                self.page.click('[data-menu-xmlid="%s"]:visible' % parent, timeout=STEP_TIMEOUT)
        before = self.page.url
        self.page.click(selector + ':visible', timeout=STEP_TIMEOUT)
        if self.page.query_selector('.o_sub_menu %s.oe_menu_toggler, .o_sub_menu div%s' % (
                selector, selector)):
            return  # a folder of the left column: nothing loads
        leaf = self.page.query_selector('.o_sub_menu a.oe_menu_leaf' + selector)
        if leaf:  # a menu of the left column: its action is shown when the URL names both
            self.page.wait_for_function(
                'id => new RegExp("[#&]menu_id=" + id + "(&|$)").test(window.location.hash) '
                '&& /[#&]view_type=/.test(window.location.hash)',
                arg=leaf.get_attribute('data-menu'), timeout=STEP_TIMEOUT)
            self.idle()
            return
        # an application of the top bar: its first action is loaded when the URL names its
        # view (unless it was there already; a click while the page still loads is lost: again)
        for attempt in range(2):
            try:
                self.page.wait_for_function(
                    'url => window.location.href !== url && '
                    '/[#&]view_type=/.test(window.location.hash)', arg=before, timeout=8000)
                break
            except Exception:
                if attempt == 0 and '#' in before:
                    self.page.click(selector + ':visible', timeout=STEP_TIMEOUT)
        self.idle()

    def wait(self, selector, **kwargs):
        kwargs.setdefault('timeout', STEP_TIMEOUT)
        return self.page.wait_for_selector(selector, **kwargs)

    def click(self, selector, **kwargs):
        kwargs.setdefault('timeout', STEP_TIMEOUT)
        self.page.click(selector, **kwargs)

    # -- the end ---------------------------------------------------------------------------
    def report(self, headline=None):
        lines = ['%s journey %s' % (self.profile, headline or 'went wrong:')]
        for step, text in self.problems:
            lines.append('  [%s] %s' % (step, text))
        return '\n'.join(lines)

    def finish(self):
        self.current = 'end'
        if self.problems:
            raise JourneyFailed(self.report('had %d problem%s:' % (
                len(self.problems), 's' if len(self.problems) > 1 else '')))
