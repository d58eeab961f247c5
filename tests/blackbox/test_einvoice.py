"""E-invoicing from outside: the demo scenarios exported by XML-RPC, with the real PDF."""
import base64
import io
import zipfile

import pytest

from odoo.addons.crm_infinity_einvoice.fatturapa import check_arithmetic, validate_xsd


@pytest.fixture(scope='module')
def demo_invoices(admin_rpc):
    ids = admin_rpc('account.invoice', 'search', [('type', 'in', ['out_invoice', 'out_refund']),
                                                  ('state', '=', 'open'),
                                                  ('partner_id.country_id', '!=', False)])
    assert len(ids) >= 6, 'the demo scenarios are missing'
    company = admin_rpc('res.users', 'read', [admin_rpc.uid], fields=['company_id'])[0]['company_id'][0]
    admin_rpc('res.company', 'write', [company], {'fatturapa_attach_pdf': False})  # fast; see below
    return ids


def _attachment_bytes(admin_rpc, attachment_id):
    data = admin_rpc('ir.attachment', 'read', [attachment_id], fields=['datas', 'datas_fname'])[0]
    return data['datas_fname'], base64.b64decode(data['datas'])


def test_every_demo_scenario_exports_a_valid_file(admin_rpc, demo_invoices):
    kinds = set()
    for invoice_id in demo_invoices:
        attachment_id = admin_rpc('account.invoice', 'fatturapa_export', [invoice_id])
        name, xml = _attachment_bytes(admin_rpc, attachment_id)
        assert name.startswith('IT') and name.endswith('.xml')
        assert validate_xsd(xml) == []
        assert check_arithmetic(xml) == []
        for marker in (b'FPA12', b'<EsigibilitaIVA>S<', b'XXXXXXX', b'<PECDestinatario>',
                       b'<TipoDocumento>TD04<', b'<Natura>N4<'):
            if marker in xml:
                kinds.add(marker)
    assert len(kinds) == 6, 'every scenario of the demo: PA split payment, PEC, foreign, credit note, exempt'


def test_real_pdf_is_attached(admin_rpc, demo_invoices, odoo_server):
    admin_rpc('ir.config_parameter', 'set_param', 'report.url', odoo_server.url)
    company = admin_rpc('res.users', 'read', [admin_rpc.uid], fields=['company_id'])[0]['company_id'][0]
    admin_rpc('res.company', 'write', [company], {'fatturapa_attach_pdf': True})
    try:
        attachment_id = admin_rpc('account.invoice', 'fatturapa_export', [demo_invoices[0]])
    finally:
        admin_rpc('res.company', 'write', [company], {'fatturapa_attach_pdf': False})
    _name, xml = _attachment_bytes(admin_rpc, attachment_id)
    from lxml import etree
    tree = etree.fromstring(xml)
    pdf = base64.b64decode(tree.xpath('//Allegati/Attachment')[0].text)
    assert pdf.startswith(b'%PDF')
    assert validate_xsd(xml) == []


def test_zip_by_rpc(admin_rpc, demo_invoices):
    attachment_id = admin_rpc('account.invoice', 'fatturapa_export_zip', demo_invoices)
    _name, data = _attachment_bytes(admin_rpc, attachment_id)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert len(archive.namelist()) == len(demo_invoices)
