import io
import subprocess

from reportlab.pdfgen import canvas

from odoo.addons.crm_infinity_base.engines.pdf_pages import stamp_page_numbers


def _pdf(pages, size=(595, 842)):
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=size)
    for number in range(pages):
        sheet.drawString(72, 720, 'Contenuto della pagina %d' % (number + 1))
        sheet.showPage()
    sheet.save()
    return out.getvalue()


def _text(pdf):
    return subprocess.run(['pdftotext', '-layout', '-', '-'], input=pdf, stdout=subprocess.PIPE,
                          check=True).stdout.decode()


def test_every_page_says_which_of_how_many_it_is():
    stamped = stamp_page_numbers(_pdf(3), lambda page, pages: 'SO042 - Pagina %d di %d' % (
        page, pages))
    pages = _text(stamped).split('\f')
    for number in (1, 2, 3):
        assert 'Contenuto della pagina %d' % number in pages[number - 1]
        assert 'SO042 - Pagina %d di 3' % number in pages[number - 1]


def test_a_landscape_page_keeps_its_size():
    stamped = stamp_page_numbers(_pdf(1, size=(1190.55, 841.89)),
                                 lambda page, pages: 'Pagina %d di %d' % (page, pages))
    info = subprocess.run(['pdfinfo', '-'], input=stamped, stdout=subprocess.PIPE,
                          check=True).stdout.decode()
    assert '1190.55 x 841.89 pts' in info
    assert 'Pagina 1 di 1' in _text(stamped)
