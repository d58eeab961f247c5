"""E-invoicing performance (issue: e-invoicing): 1,000 invoices to a ZIP, XSD included."""
from tests.bench.framework import Benchmark

N_INVOICES = 1000


def benchmarks(env=None):
    if env is None or 'crm.infinity.sdi.notification' not in env:
        return []
    from lxml import etree
    from odoo.addons.crm_infinity_einvoice.fatturapa import validate_xsd
    from odoo.addons.crm_infinity_einvoice.fatturapa.builder import to_tree
    from odoo.addons.crm_infinity_einvoice.fatturapa.preflight import analyse

    Invoice = env['account.invoice']
    company = env.ref('base.main_company')
    company.write({'fatturapa_attach_pdf': False, 'tax_calculation_rounding_method': 'round_globally',
                   'fatturapa_fiscal_position_id': env.ref('crm_infinity_einvoice.fiscal_position_rf01').id})
    taxes = Invoice._crm_infinity_demo_taxes(company)
    account = env['account.account'].search([
        ('company_id', '=', company.id),
        ('user_type_id', '=', env.ref('account.data_account_type_revenue').id)], limit=1)
    journal = env['account.journal'].search([('type', '=', 'sale'), ('company_id', '=', company.id)], limit=1)
    partner = env.ref('crm_infinity_base.partner_rossi_impianti_demo')
    invoices = Invoice.browse()
    for i in range(N_INVOICES):
        invoices |= Invoice.create({
            'partner_id': partner.id, 'journal_id': journal.id, 'type': 'out_invoice',
            'invoice_line_ids': [
                (0, 0, {'name': 'Consulenza %d' % i, 'quantity': 1 + i % 7, 'price_unit': 73.456789,
                        'account_id': account.id, 'invoice_line_tax_ids': [(6, 0, taxes['standard'].ids)]}),
                (0, 0, {'name': 'Corso esente', 'quantity': 2, 'price_unit': 95.0, 'discount': 10,
                        'account_id': account.id, 'invoice_line_tax_ids': [(6, 0, taxes['exempt'].ids)]})]})
    invoices.compute_taxes()
    invoices.action_invoice_open()
    invoices.fatturapa_export_zip()  # progressives taken once: later runs re-export
    datas = [inv._fatturapa_data(inv.fatturapa_progressive, with_pdf=False) for inv in invoices]
    xmls = [etree.tostring(to_tree(analyse(d)[1])) for d in datas]

    def export_zip():
        invoices.fatturapa_export_zip()

    def validate_all():
        for xml in xmls:
            assert validate_xsd(xml) == []

    def build_only():
        for data in datas:
            etree.tostring(to_tree(analyse(data)[1]))

    return [
        Benchmark('E-invoices: %d invoices exported to a ZIP (XSD and arithmetic included)' % N_INVOICES,
                  export_zip, validate_all, 'XSD validation of the same files', repeat=3,
                  items=N_INVOICES),
        Benchmark('E-invoices: FatturaPA builder alone, %d invoices' % N_INVOICES, build_only,
                  validate_all, 'XSD validation of the same files', repeat=3, items=N_INVOICES),
    ]
