import io

from ..document import html_to_blocks, to_docx, to_odt

OFFER = """
<h1>Offerta SO042</h1>
<p>Spett.le <strong>Rossi &amp; Figli</strong>,<br/>vi proponiamo quanto segue.</p>
<div><p>Trattativa: Rinnovo parco stampanti</p></div>
<table>
  <tr><th>Prodotto</th><th>Q.tà</th><th>Importo</th></tr>
  <tr><td>Stampante</td><td>2,00</td><td>800,00 €</td></tr>
  <tr><td>Installazione</td><td>1,00</td><td>200,00 €</td></tr>
</table>
<ul><li>Consegna in 10 giorni</li><li>Garanzia <em>24 mesi</em></li></ul>
Cordiali saluti
"""


def test_blocks_of_the_merged_html():
    blocks = html_to_blocks(OFFER)
    kinds = [b.kind for b in blocks]
    assert kinds == ['heading', 'paragraph', 'paragraph', 'table', 'item', 'item', 'paragraph']
    assert blocks[0].text == 'Offerta SO042'
    assert ('Rossi & Figli', True, False) in blocks[1].runs
    assert '\n' in blocks[1].text
    table = blocks[3]
    assert table.header and table.rows[1] == ['Stampante', '2,00', '800,00 €']
    assert ('24 mesi', False, True) in blocks[5].runs
    assert blocks[-1].text.strip() == 'Cordiali saluti'
    assert html_to_blocks('') == [] and html_to_blocks('<p> </p>') == []


def test_docx_opens_with_python_docx_and_holds_the_text():
    import docx
    document = docx.Document(io.BytesIO(to_docx(html_to_blocks(OFFER), title='Offerta SO042')))
    text = '\n'.join(p.text for p in document.paragraphs)
    assert 'Offerta SO042' in text and 'Rossi & Figli' in text and 'Cordiali saluti' in text
    assert document.paragraphs[0].style.name == 'Heading 1'
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows == [['Prodotto', 'Q.tà', 'Importo'], ['Stampante', '2,00', '800,00 €'],
                    ['Installazione', '1,00', '200,00 €']]
    assert document.core_properties.title == 'Offerta SO042'


def test_odt_opens_with_odfpy_and_holds_the_text():
    from odf import table, teletype, text
    from odf.opendocument import load
    document = load(io.BytesIO(to_odt(html_to_blocks(OFFER), title='Offerta SO042')))
    paragraphs = [teletype.extractText(p) for p in document.getElementsByType(text.P)]
    headings = [teletype.extractText(h) for h in document.getElementsByType(text.H)]
    assert headings == ['Offerta SO042']
    joined = '\n'.join(paragraphs)
    assert 'Rossi & Figli' in joined and 'Garanzia 24 mesi' in joined
    rows = [[teletype.extractText(c) for c in row.getElementsByType(table.TableCell)]
            for row in document.getElementsByType(table.TableRow)]
    assert ['Stampante', '2,00', '800,00 €'] in rows and len(rows) == 3
