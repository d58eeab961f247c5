"""Free text as the FatturaPA XSD accepts it.

The schema restricts text elements to two character sets:

* ``String..LatinType`` (names, addresses, descriptions, Causale): Basic Latin + Latin-1
  Supplement, i.e. U+0000-U+00FF;
* ``String..Type`` (document number, unit of measure, article code type, ...): Basic Latin only.

SdI rejects the whole file (00200) for a single character outside the set, and users paste text
from word processors (curly quotes, dashes, the euro sign) or foreign names ('Łódź').  Rather
than refusing those, ``sanitize`` maps them to the closest accepted text: a rejected invoice
costs more than a transliterated quote.  Scripts other than Latin (Cyrillic, Greek, CJK, ...)
are transliterated with ``anyascii`` (a maintained table of the whole of Unicode) rather than
dropped, and ``clean`` reports what was changed so that the user is told (an export warning).
"""
import re
import unicodedata

from anyascii import anyascii

# Characters whose closest accepted form is not what NFKD gives (or that NFKD leaves alone).
_TRANSLITERATIONS = {
    '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'", '\u00b4': "'",
    '\u02bc': "'", '\u02b9': "'", '\u2039': "'", '\u203a': "'",
    '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"', '\u2033': '"',
    '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-',
    '\u2212': '-', '\u2043': '-',
    '\u2022': '-', '\u00b7': '.', '\u2026': '...', '\u2044': '/',
    '\u20ac': 'EUR', '\u2122': 'TM',
    '\u0141': 'L', '\u0142': 'l', '\u0110': 'D', '\u0111': 'd', '\u0126': 'H', '\u0127': 'h',
    '\u0131': 'i', '\u0152': 'OE', '\u0153': 'oe', '\u0138': 'k', '\u014a': 'N', '\u014b': 'n',
    '\u0166': 'T', '\u0167': 't', '\u0182': 'b', '\u0180': 'b', '\u01b6': 'z', '\u0192': 'f',
    '\u1e9e': 'SS',
}

# Extra mapping when only Basic Latin is allowed (Latin-1 letters that NFKD does not decompose).
_ASCII_TRANSLITERATIONS = {
    '\u00c6': 'AE', '\u00e6': 'ae', '\u00d8': 'O', '\u00f8': 'o', '\u00df': 'ss',
    '\u00d0': 'D', '\u00f0': 'd', '\u00de': 'TH', '\u00fe': 'th',
    '\u00ab': '"', '\u00bb': '"', '\u00d7': 'x', '\u00f7': '/', '\u00b0': 'o', '\u00a7': 'par.',
    '\u00a9': '(C)', '\u00ae': '(R)', '\u00b1': '+/-', '\u00a3': 'GBP', '\u00a5': 'JPY',
    '\u00aa': 'a', '\u00ba': 'o', '\u00bc': '1/4', '\u00bd': '1/2', '\u00be': '3/4',
}

_WHITESPACE = re.compile(r'\s+')
# text that needs no mapping (checked by one regex: this runs for every element of every invoice)
_CLEAN = {0x100: re.compile('^[\t\n\r\x20-\x7e\xa0-\xff]*$'),
          0x80: re.compile('^[\t\n\r\x20-\x7e]*$')}
_INVISIBLE = {'\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'}


def _accepted(char, limit):
    """True for a printable character below ``limit`` (0x80 ASCII, 0x100 Latin-1)."""
    code = ord(char)
    if code >= limit:
        return False
    # C0 controls other than whitespace, DEL and C1 controls are not valid or not wanted in XML
    if code < 0x20:
        return char in '\t\n\r'
    return not (0x7f <= code < 0xa0)


def _translate(char, limit):
    """The accepted text for one character ('' when there is none)."""
    if char in _INVISIBLE:
        return ''
    if char.isspace():
        return ' '
    if _accepted(char, limit):
        return char
    if limit <= 0x80 and char in _ASCII_TRANSLITERATIONS:
        return _ASCII_TRANSLITERATIONS[char]
    if char in _TRANSLITERATIONS:
        return _TRANSLITERATIONS[char]
    # NFKD splits 'ő' into 'o' + combining accent, 'ﬁ' into 'fi', 'Ａ' into 'A': keep what fits
    decomposed = unicodedata.normalize('NFKD', char)
    if decomposed != char:
        text = ''.join(_translate(part, limit) for part in decomposed
                       if not unicodedata.combining(part))
        if text:
            return text
    if unicodedata.category(char) == 'So':
        return ''       # emoji and pictographs: no text to keep (anyascii would give ':smile:')
    # any other script: the maintained transliteration table ('Ж' -> 'Zh', 'Ω' -> 'O')
    return ''.join(c for c in anyascii(char) if _accepted(c, 0x80))


def clean(text, max_len=None, ascii_only=False):
    """``(result, changes)``: ``sanitize(text, max_len, ascii_only)`` and the list of what it
    changed in the user's text, in Italian (``[]`` when only whitespace was normalised):
    the characters transliterated or removed (``'«Ж»→«Zh»'``) and the cut, if any."""
    if text is None:
        return '', []
    if not isinstance(text, str):
        text = str(text)
    limit = 0x80 if ascii_only else 0x100
    changes = []
    if _CLEAN[limit].fullmatch(text):
        out = text
    else:
        parts, mapped = [], {}
        for char in text:
            new = _translate(char, limit)
            parts.append(new)
            if new != char and not char.isspace() and char not in _INVISIBLE:
                mapped.setdefault(char, new)
        out = ''.join(parts)
        if mapped:
            shown = ', '.join('«%s»→«%s»' % (old, new) if new else '«%s» rimosso' % old
                              for old, new in list(mapped.items())[:8])
            more = len(mapped) - 8
            changes.append('caratteri non ammessi dalla fattura elettronica sostituiti: %s%s'
                           % (shown, ' e altri %d' % more if more > 0 else ''))
    out = _WHITESPACE.sub(' ', out).strip()
    if max_len is not None and len(out) > max_len:
        changes.append('testo di %d caratteri troncato a %d' % (len(out), max_len))
        out = out[:max_len].rstrip()
    return out, changes


def sanitize(text, max_len=None, ascii_only=False):
    """Return ``text`` mapped to what the XSD Latin patterns accept.

    Curly quotes become ``'``/``"``, dashes ``-``, ``€`` ``EUR``, ``…`` ``...``; letters outside
    Latin-1 lose their diacritics ('ł' -> 'l', 'ș' -> 's'); control characters and anything that
    has no accepted counterpart are dropped; whitespace runs (newlines included) become one space;
    the result is stripped and cut to ``max_len`` characters.  ``ascii_only`` restricts the
    result to Basic Latin, for the ``String..Type`` elements (document number, unit of measure).
    ``None`` gives ``''``.
    """
    if text is None:
        return ''
    if not isinstance(text, str):
        text = str(text)
    limit = 0x80 if ascii_only else 0x100
    if _CLEAN[limit].fullmatch(text):   # fast path: nothing to map
        out = text
    else:
        out = ''.join(_translate(c, limit) for c in text)
    out = _WHITESPACE.sub(' ', out).strip()
    if max_len is not None and len(out) > max_len:
        out = out[:max_len].rstrip()
    return out


def causale_chunks(text, size=200):
    """``text`` sanitized and split into chunks of at most ``size`` characters.

    The XSD allows many ``Causale`` elements of 200 characters each; readers concatenate them with
    a space, so the split is made at spaces (a word longer than ``size`` is cut).
    """
    return split_chunks(sanitize(text), size)


def split_chunks(clean, size):
    """Already sanitized ``clean`` text in chunks of at most ``size`` characters, split at spaces
    (the Causale elements, the descriptive lines continuing a long description)."""
    chunks = []
    current = ''
    for word in clean.split(' ') if clean else []:
        while len(word) > size:                 # a single very long word: hard cut
            if current:
                chunks.append(current)
                current = ''
            chunks.append(word[:size])
            word = word[size:]
        if not word:
            continue
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= size:
            current += ' ' + word
        else:
            chunks.append(current)
            current = word
    if current:
        chunks.append(current)
    return chunks
