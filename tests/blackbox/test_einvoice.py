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
    # issue 14: ProgressivoInvio is the progressive of the file name, in every file
    from lxml import etree
    for name in archive.namelist():
        tree = etree.fromstring(archive.read(name))
        progressive = tree.xpath('//ProgressivoInvio')[0].text
        assert name == '%s_%s.xml' % (name.split('_')[0], progressive)
        assert len(progressive) == 5


def test_zip_problems_of_every_invoice_and_no_number_taken(admin_rpc, demo_invoices):
    """Two invoices that cannot be exported (drafts): both named, no progressive consumed."""
    import xmlrpc.client
    partner = admin_rpc('res.partner', 'search', [('is_company', '=', True),
                                                  ('country_id.code', '=', 'IT')], limit=1)
    drafts = [admin_rpc('account.invoice', 'create', {'partner_id': partner[0]}) for _i in range(2)]
    names = [admin_rpc('account.invoice', 'read', [i], fields=['display_name'])[0]['display_name']
             for i in drafts]
    with pytest.raises(xmlrpc.client.Fault) as info:
        admin_rpc('account.invoice', 'fatturapa_export_zip', demo_invoices + drafts)
    # (drafts have no number: both are named by the same label, once each)
    assert info.value.faultString.count(names[0]) >= 2
    read = admin_rpc('account.invoice', 'read', drafts, fields=['fatturapa_progressive'])
    assert not any(r['fatturapa_progressive'] for r in read)
