from odoo import models

# mimetypes a browser renders as active content (scripts) when served inline from our origin
ACTIVE_MIMETYPES = ('text/html', 'application/xhtml+xml', 'image/svg+xml', 'text/xml',
                    'application/xml', 'text/xsl', 'application/xslt+xml')


class IrHttp(models.AbstractModel):
    _inherit = 'ir.http'

    @classmethod
    def binary_content(cls, xmlid=None, model='ir.attachment', id=None, field='datas',
                       unique=False, filename=None, filename_field='datas_fname', download=False,
                       mimetype=None, default_mimetype='application/octet-stream',
                       access_token=None, env=None):
        """Files attached to documents (a customer's upload on the portal, an e-mail from
        outside, any document attachment) are never rendered as HTML/SVG/XML in our origin by
        ``/web/content`` and ``/web/image``: their script would run in the back-office session
        of whoever opens them (issue 12 §5). They are served as a download. Web assets and
        binary fields of records (``res_field``) are served as Odoo does."""
        status, headers, content = super().binary_content(
            xmlid=xmlid, model=model, id=id, field=field, unique=unique, filename=filename,
            filename_field=filename_field, download=download, mimetype=mimetype,
            default_mimetype=default_mimetype, access_token=access_token, env=env)
        served = dict(headers).get('Content-Type', '').split(';')[0].strip().lower()
        if status != 200 or served not in ACTIVE_MIMETYPES:
            return status, headers, content
        attachment = cls._crm_document_attachment(xmlid, model, id, env)
        if not attachment:
            return status, headers, content
        name = filename or attachment.datas_fname or attachment.name or 'file'
        headers = [(key, value) for key, value in headers
                   if key not in ('Content-Type', 'Content-Disposition', 'X-Content-Type-Options')]
        headers += [('Content-Type', 'application/octet-stream'),
                    ('X-Content-Type-Options', 'nosniff'),
                    ('Content-Security-Policy', "default-src 'none'; sandbox"),
                    ('Content-Disposition', cls.content_disposition(name))]
        return status, headers, content

    @classmethod
    def _crm_document_attachment(cls, xmlid, model, id, env):
        """The ir.attachment served, when it is linked to a business document (not a web asset
        or view, not the storage of a binary field); else None."""
        from odoo.http import request
        env = env or request.env
        if model != 'ir.attachment':
            return None
        if xmlid:
            record = env.ref(xmlid, raise_if_not_found=False)
        else:
            record = env['ir.attachment'].browse(int(id or 0))
        record = record.sudo().exists() if record is not None else None
        if not record or record._name != 'ir.attachment':
            return None
        if record.res_model and record.res_model != 'ir.ui.view' and not record.res_field:
            return record
        return None
