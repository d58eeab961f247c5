"""Refresh every addon's i18n/<addon>.pot from the test database and merge it into i18n/it.po,
keeping the Italian translations already there (new terms get an empty msgstr, which the test
suite refuses: every user-visible string must reach Italian users in Italian).

Usage: .venv/bin/python scripts/i18n.py [DBNAME] [ADDON ...]   (DBNAME defaults to crm_infinity_test)
"""
import ast
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def export_pot(dbname, addon):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, addon + '.po')  # Odoo 11 only knows .po: without -l it is a template
        subprocess.run([os.path.join(ROOT, 'bin', 'odoo'), '-c', os.path.join(ROOT, 'odoo.conf'),
                        '-d', dbname, '--i18n-export', out, '--modules', addon,
                        '--stop-after-init', '--log-level', 'warn'],
                       cwd=ROOT, check=True, stderr=subprocess.DEVNULL)
        with open(out, encoding='utf-8') as f:
            return f.read()


def _unquote(lines):
    return ''.join(ast.literal_eval(line.split(' ', 1)[1] if line.startswith('msg') else line)
                   for line in lines)


def parse_blocks(text):
    """Split a .po text into entries: (comment lines, msgid, msgid lines, msgstr)."""
    entries = []
    for block in text.strip().split('\n\n'):
        comments, msgid_lines, msgstr_lines, current = [], [], [], None
        for line in block.splitlines():
            if line.startswith('#'):
                comments.append(line)
            elif line.startswith('msgid '):
                current = msgid_lines
                current.append(line)
            elif line.startswith('msgstr '):
                current = msgstr_lines
                current.append(line)
            elif line.startswith('"') and current is not None:
                current.append(line)
        entries.append((comments, _unquote(msgid_lines), msgid_lines, _unquote(msgstr_lines)))
    return entries


def _quote(text):
    return '"%s"' % text.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')


def merge(pot_text, po_path):
    """Write po_path from the template, keeping known translations and Odoo's #: references
    (Odoo 11 attaches model terms through them, so a generic .po tool that drops them won't do)."""
    old = {}
    if os.path.exists(po_path):
        with open(po_path, encoding='utf-8') as f:
            for _c, msgid, _l, msgstr in parse_blocks(f.read()):
                if msgid and (msgstr or msgid not in old):  # a merge may leave a term twice
                    old[msgid] = msgstr
    out, missing, total = [], [], 0
    for comments, msgid, msgid_lines, msgstr in parse_blocks(pot_text):
        if not msgid:  # header
            header = msgstr.replace('Language-Team: \n', 'Language-Team: Italian\n')
            if 'Language: ' not in header:
                header = header.replace('MIME-Version', 'Language: it\nMIME-Version')
            out.append('\n'.join(comments + ['msgid ""', 'msgstr ""'] +
                                 [_quote(l + '\n') for l in header.split('\n') if l]))
            continue
        total += 1
        translation = old.get(msgid, '')
        if not translation:
            missing.append(msgid)
        out.append('\n'.join(comments + msgid_lines + ['msgstr ' + _quote(translation)]))
    with open(po_path, 'w', encoding='utf-8') as f:
        f.write('\n\n'.join(out) + '\n')
    return missing, total


def main(argv):
    dbname = argv[0] if argv else 'crm_infinity_test'
    addons = argv[1:] or sorted(d for d in os.listdir(os.path.join(ROOT, 'addons'))
                                if d.startswith('crm_infinity_'))
    for addon in addons:
        i18n = os.path.join(ROOT, 'addons', addon, 'i18n')
        os.makedirs(i18n, exist_ok=True)
        pot = export_pot(dbname, addon)
        with open(os.path.join(i18n, addon + '.pot'), 'w', encoding='utf-8') as f:
            f.write(pot)
        missing, total = merge(pot, os.path.join(i18n, 'it.po'))
        print('%s: %d terms, %d to translate' % (addon, total, len(missing)))
        for msgid in missing:
            print('   ', msgid)


if __name__ == '__main__':
    main(sys.argv[1:])
