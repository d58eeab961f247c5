"""The merged offer (HTML from the rich text editor) as an editable document: DOCX with
python-docx, ODT with odfpy.

The HTML is first reduced to a few kinds of blocks that both formats have: headings,
paragraphs (with bold/italic runs), list items and tables. Layout beyond that (colours, fonts,
images) is left to the PDF; the editable document is for the salesperson to retouch the text.
"""
import io

from lxml import html as lxml_html

HEADINGS = {'h1': 1, 'h2': 2, 'h3': 3, 'h4': 4, 'h5': 4, 'h6': 4}
BLOCKS = {'p', 'div', 'section', 'article', 'header', 'footer', 'blockquote', 'pre', 'address'}
BOLD = {'b', 'strong', 'th'}
ITALIC = {'i', 'em'}


class Block:
    """kind: 'heading' (level), 'paragraph', 'item' (list item) or 'table' (rows of cell
    texts, ``header`` when the first row is made of <th>)."""

    def __init__(self, kind, runs=None, level=0, rows=None, header=False):
        self.kind, self.runs, self.level = kind, runs or [], level
        self.rows, self.header = rows or [], header

    @property
    def text(self):
        return ''.join(run[0] for run in self.runs)

    def __repr__(self):
        return 'Block(%s, %r)' % (self.kind, self.rows or self.text)


def html_to_blocks(source):
    """The blocks of an HTML fragment (or several, one after the other)."""
    if not (source or '').strip():
        return []
    root = lxml_html.fragment_fromstring(source, create_parent='div')
    blocks = []
    _walk(root, blocks, [])
    return [b for b in blocks if b.kind == 'table' or b.text.strip()]


def _walk(element, blocks, runs_stack):
    """Fill ``blocks`` from the children of ``element``; loose text goes to a paragraph."""
    current = [None]

    def paragraph():
        if current[0] is None:
            current[0] = Block('paragraph')
            blocks.append(current[0])
        return current[0]

    if element.text and element.text.strip():
        paragraph().runs.append((_clean(element.text), False, False))
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ''
        if tag in HEADINGS:
            blocks.append(Block('heading', _runs(child), level=HEADINGS[tag]))
            current[0] = None
        elif tag == 'table':
            blocks.append(_table(child))
            current[0] = None
        elif tag in ('ul', 'ol'):
            for item in child.iter('li'):
                blocks.append(Block('item', _runs(item)))
            current[0] = None
        elif tag in BLOCKS or tag == 'li':
            if any(isinstance(c.tag, str) and (c.tag in BLOCKS or c.tag == 'table' or
                                               c.tag in HEADINGS) for c in child):
                _walk(child, blocks, runs_stack)
            else:
                blocks.append(Block('paragraph', _runs(child)))
            current[0] = None
        elif tag == 'br':
            current[0] = None
        elif tag:
            paragraph().runs.extend(_runs(child))
        if child.tail and child.tail.strip():
            paragraph().runs.append((_clean(child.tail), False, False))


def _runs(element, bold=False, italic=False):
    """(text, bold, italic) runs of an inline element and its children; <br/> is a newline."""
    tag = element.tag if isinstance(element.tag, str) else ''
    bold = bold or tag in BOLD
    italic = italic or tag in ITALIC
    runs = []
    if tag == 'br':
        runs.append(('\n', False, False))
    if element.text:
        runs.append((_clean(element.text), bold, italic))
    for child in element:
        runs.extend(_runs(child, bold, italic))
        if child.tail:
            runs.append((_clean(child.tail), bold, italic))
    return [r for r in runs if r[0]]


def _table(element):
    rows, header = [], False
    for index, tr in enumerate(element.iter('tr')):
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ('td', 'th')]
        if index == 0 and cells and all(c.tag == 'th' for c in cells):
            header = True
        rows.append([''.join(r[0] for r in _runs(c)).strip() for c in cells])
    return Block('table', rows=[r for r in rows if r], header=header)


def _clean(text):
    """Collapse the HTML white space (the editor's indentation) into single spaces."""
    collapsed = ' '.join(text.split())
    if not collapsed:
        return ' ' if text else ''
    return ((' ' if text[0].isspace() else '') + collapsed +
            (' ' if text[-1].isspace() else ''))


def to_docx(blocks, title=None):
    """DOCX bytes of the blocks."""
    import docx
    document = docx.Document()
    if title:
        document.core_properties.title = title
    for block in blocks:
        if block.kind == 'heading':
            _docx_runs(document.add_heading('', level=block.level), block.runs)
        elif block.kind == 'item':
            _docx_runs(document.add_paragraph(style='List Bullet'), block.runs)
        elif block.kind == 'table':
            width = max(len(r) for r in block.rows) if block.rows else 0
            if not width:
                continue
            table = document.add_table(rows=len(block.rows), cols=width)
            table.style = 'Table Grid'
            for r, row in enumerate(block.rows):
                for c, text in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = text
                    if r == 0 and block.header:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
        else:
            _docx_runs(document.add_paragraph(), block.runs)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_runs(paragraph, runs):
    for text, bold, italic in runs:
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None


def to_odt(blocks, title=None):
    """ODT bytes of the blocks."""
    from odf import style, table as odf_table, text as odf_text
    from odf.opendocument import OpenDocumentText
    document = OpenDocumentText()
    if title:
        from odf import dc
        document.meta.addElement(dc.Title(text=title))
    styles = {}
    for name, props in (('B', {'fontweight': 'bold'}), ('I', {'fontstyle': 'italic'}),
                        ('BI', {'fontweight': 'bold', 'fontstyle': 'italic'})):
        styles[name] = style.Style(name=name, family='text')
        styles[name].addElement(style.TextProperties(**props))
        document.automaticstyles.addElement(styles[name])
    for level in range(1, 5):
        heading = style.Style(name='Heading_20_%d' % level, displayname='Heading %d' % level,
                              family='paragraph')
        heading.addElement(style.TextProperties(fontweight='bold',
                                                fontsize='%dpt' % (20 - 2 * level)))
        document.styles.addElement(heading)
    for block in blocks:
        if block.kind == 'heading':
            element = odf_text.H(outlinelevel=block.level,
                                 stylename='Heading_20_%d' % block.level)
            _odt_runs(element, block.runs, styles)
            document.text.addElement(element)
        elif block.kind == 'table':
            width = max(len(r) for r in block.rows) if block.rows else 0
            if not width:
                continue
            grid = odf_table.Table()
            grid.addElement(odf_table.TableColumn(numbercolumnsrepeated=width))
            for r, row in enumerate(block.rows):
                tr = odf_table.TableRow()
                for text_value in row + [''] * (width - len(row)):
                    cell = odf_table.TableCell(valuetype='string')
                    para = odf_text.P()
                    bold = r == 0 and block.header
                    if bold:
                        para.addElement(odf_text.Span(stylename=styles['B'], text=text_value))
                    else:
                        para.addText(text_value)
                    cell.addElement(para)
                    tr.addElement(cell)
                grid.addElement(tr)
            document.text.addElement(grid)
        else:
            element = odf_text.P()
            if block.kind == 'item':
                element.addText('• ')
            _odt_runs(element, block.runs, styles)
            document.text.addElement(element)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _odt_runs(element, runs, styles):
    from odf import text as odf_text
    for text_value, bold, italic in runs:
        parts = text_value.split('\n')
        for index, part in enumerate(parts):
            if index:
                element.addElement(odf_text.LineBreak())
            if not part:
                continue
            key = ('B' if bold else '') + ('I' if italic else '')
            if key:
                element.addElement(odf_text.Span(stylename=styles[key], text=part))
            else:
                element.addText(part)
