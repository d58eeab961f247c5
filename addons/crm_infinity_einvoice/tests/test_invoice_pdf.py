import subprocess
import tempfile
from unittest.mock import patch

from odoo.tools import config

from .common import EinvoiceCase


class TestInvoicePdf(EinvoiceCase):
    """Issue 13: the invoice copy (printed, and embedded in the FatturaPA file) shows the
    supplier: name, address, VAT number, in the body of the page."""

    def test_supplier_block_in_the_pdf(self):
        invoice = self._invoice(self.private, [('Canone assistenza', 1, 100.0, 0, self.tax22)])
        with tempfile.TemporaryDirectory() as directory, \
                patch.dict(config.options, {'test_report_directory': directory}):
            pdf = self.env.ref('account.account_invoices').render_qweb_pdf(invoice.ids)[0]
        self.assertTrue(pdf.startswith(b'%PDF'))
        text = subprocess.run(['pdftotext', '-layout', '-', '-'], input=pdf,
                              stdout=subprocess.PIPE, check=True).stdout.decode()
        text = ' '.join(text.split())
        for expected in (self.company.name, 'Via Roma 1', '20121', 'Milano', 'IT12345670017',
                         'Alfa Impianti S.r.l.'):
            self.assertIn(expected, text)
