from odoo import _, api, fields, models

from ..engines.pdf_pages import stamp_page_numbers


class IrActionsReport(models.Model):
    """Page numbers on the PDFs of the reports that ask for them ("Pagina 2 di 3"), stamped on
    the finished PDF: Odoo's ``div.footer`` needs a wkhtmltopdf built with patched Qt, which
    Debian's is not (see engines/pdf_pages.py)."""

    _inherit = 'ir.actions.report'

    crm_page_numbers = fields.Boolean(
        'Number the pages', help='Write "Page N of M" at the bottom of every page of the PDF.')

    @api.multi
    def render_qweb_pdf(self, res_ids=None, data=None):
        result = super().render_qweb_pdf(res_ids=res_ids, data=data)
        # Odoo gives HTML instead in some test modes: only a real PDF is stamped
        if isinstance(result, tuple) and len(result) == 2 and result[1] == 'pdf' and \
                result[0] and self.crm_page_numbers:
            label = _('Page %d of %d')
            return stamp_page_numbers(result[0], lambda page, pages: label % (page, pages)), 'pdf'
        return result
