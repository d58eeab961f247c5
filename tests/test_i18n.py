"""Every user-visible string of every addon reaches Italian users in Italian."""
import glob
import os

import pytest

from scripts.i18n import parse_blocks

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = sorted(os.path.basename(p) for p in glob.glob(os.path.join(ROOT, 'addons', 'crm_infinity_*')))


def _entries(path):
    with open(path, encoding='utf-8') as f:
        return {msgid: msgstr for _c, msgid, _l, msgstr in parse_blocks(f.read()) if msgid}


@pytest.mark.parametrize('addon', ADDONS)
def test_italian_translation_is_complete(addon):
    i18n = os.path.join(ROOT, 'addons', addon, 'i18n')
    template = _entries(os.path.join(i18n, addon + '.pot'))
    italian = _entries(os.path.join(i18n, 'it.po'))
    assert template, 'empty template: run scripts/i18n.py'
    assert sorted(set(template) - set(italian)) == []
    assert sorted(msgid for msgid, msgstr in italian.items() if not msgstr.strip()) == []


@pytest.mark.parametrize('addon', ADDONS)
def test_italian_translation_keeps_odoo_references(addon):
    with open(os.path.join(ROOT, 'addons', addon, 'i18n', 'it.po'), encoding='utf-8') as f:
        text = f.read()
    assert '#. module: %s' % addon in text
    assert '#: model:' in text or '#: code:' in text


@pytest.mark.parametrize('addon', ADDONS)
def test_every_italian_entry_has_its_odoo_reference(addon):
    """Odoo 11 warns at install for an entry without a ``#:`` reference (and cannot attach a
    model term without it): entries appended by hand must be merged by scripts/i18n.py."""
    with open(os.path.join(ROOT, 'addons', addon, 'i18n', 'it.po'), encoding='utf-8') as f:
        blocks = parse_blocks(f.read())
    assert [msgid for comments, msgid, _l, _s in blocks
            if msgid and not any(c.startswith('#:') for c in comments)] == []


@pytest.mark.parametrize('addon', ADDONS)
def test_hand_kept_italian_terms_are_complete(addon):
    """``i18n_extra/it.po`` (terms scripts/i18n.py cannot export, loaded by Odoo 11 after
    ``i18n/it.po``): every entry has its Odoo reference and an Italian text."""
    path = os.path.join(ROOT, 'addons', addon, 'i18n_extra', 'it.po')
    if not os.path.exists(path):
        pytest.skip('no hand-kept terms')
    with open(path, encoding='utf-8') as f:
        blocks = [block for block in parse_blocks(f.read()) if block[1]]
    assert blocks
    assert [msgid for comments, msgid, _l, msgstr in blocks
            if not msgstr.strip() or not any(c.startswith('#:') for c in comments)] == []
