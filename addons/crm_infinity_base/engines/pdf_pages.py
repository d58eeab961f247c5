"""Page numbers stamped on a finished PDF ("Pagina 2 di 3").

Odoo prints page numbers in a report's ``div.footer``, which wkhtmltopdf renders only when it
is built with its patched Qt; Debian's wkhtmltopdf is not, so every footer is lost. Stamping
the PDF wkhtmltopdf made works with any build: one small overlay per page (reportlab), merged
onto it (PyPDF2), both already Odoo's dependencies. Framework-free: bytes in, bytes out."""
import io

from PyPDF2 import PdfFileReader, PdfFileWriter
from reportlab.pdfgen import canvas

FONT = 'Helvetica'
FONT_SIZE = 8
MARGIN = 20  # points from the bottom and right edges (about 7 mm)


def stamp_page_numbers(pdf, label):
    """``pdf`` (bytes) with ``label(page, pages)`` written at the bottom right of each page,
    e.g. ``lambda page, pages: 'Pagina %d di %d' % (page, pages)``."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    pages = reader.getNumPages()
    writer = PdfFileWriter()
    for number in range(pages):
        page = reader.getPage(number)
        box = page.mediaBox
        width, height = float(box.getWidth()), float(box.getHeight())
        overlay = io.BytesIO()
        sheet = canvas.Canvas(overlay, pagesize=(width, height))
        sheet.setFont(FONT, FONT_SIZE)
        sheet.setFillGray(0.4)
        sheet.drawRightString(float(box.getLowerLeft_x()) + width - MARGIN,
                              float(box.getLowerLeft_y()) + MARGIN / 2,
                              label(number + 1, pages))
        sheet.save()
        page.mergePage(PdfFileReader(io.BytesIO(overlay.getvalue())).getPage(0))
        writer.addPage(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
