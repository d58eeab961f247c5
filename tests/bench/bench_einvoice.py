"""E-invoicing performance (issues: e-invoicing, 14): invoices exported to a ZIP, XSD included.

The export reads the invoices in batches (one ``read`` per related model for a chunk of 500
invoices), so that its time goes to building and validating the files: the figure for 1,000
invoices and one for 10,000, whose memory must stay flat (the ORM cache is emptied after each
chunk; what grows is only the XML files themselves, a few kB each)."""
import os

import psutil

from tests.bench.framework import Benchmark

N_INVOICES = 1000
# issue 14: ten times faster than the 642.74x of the export that read invoice by invoice (the
# ratio to the XSD validation of the same files holds on a loaded machine, a rate would not)
GOAL = 64.27
N_LARGE = int(os.environ.get('CRM_INFINITY_BENCH_EINVOICE_LARGE', '10000'))


def _columns(cr, table):
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s "
               "AND column_name != 'id'", (table,))
    return [c for c, in cr.fetchall()]


def _sql_copies(env, invoice, count, offset=0):
    """``count`` open copies of ``invoice`` (own number, same lines and taxes), in SQL."""
    cr = env.cr
    inv_cols = _columns(cr, 'account_invoice')
    line_cols = [c for c in _columns(cr, 'account_invoice_line') if c != 'invoice_id']
    new_ids = []
    for i in range(offset, offset + count):
        values = ', '.join("'BENCH/%06d'" % i if c == 'number' else
                           ("NULL" if c in ('fatturapa_attachment_id', 'fatturapa_progressive',
                                            'fatturapa_filename', 'fatturapa_warnings')
                            else c) for c in inv_cols)
        cr.execute('INSERT INTO account_invoice (%s) SELECT %s FROM account_invoice WHERE id = %%s '
                   'RETURNING id' % (', '.join(inv_cols), values), (invoice.id,))
        new_id = cr.fetchone()[0]
        new_ids.append(new_id)
        for line in invoice.invoice_line_ids:
            cr.execute('INSERT INTO account_invoice_line (invoice_id, %s) SELECT %%s, %s '
                       'FROM account_invoice_line WHERE id = %%s RETURNING id'
                       % (', '.join(line_cols), ', '.join(line_cols)), (new_id, line.id))
            new_line = cr.fetchone()[0]
            cr.execute('INSERT INTO account_invoice_line_tax (invoice_line_id, tax_id) '
                       'SELECT %s, tax_id FROM account_invoice_line_tax WHERE invoice_line_id = %s',
                       (new_line, line.id))
    env['account.invoice'].invalidate_cache()
    return env['account.invoice'].browse(new_ids)


def _rss_mb():
    return psutil.Process().memory_info().rss / 2 ** 20


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
    company.partner_id.state_id = env.ref('base.state_it_mi')
    taxes = Invoice._crm_infinity_demo_taxes(company)
    account = env['account.account'].search([
        ('company_id', '=', company.id),
        ('user_type_id', '=', env.ref('account.data_account_type_revenue').id)], limit=1)
    journal = env['account.journal'].search([('type', '=', 'sale'), ('company_id', '=', company.id)], limit=1)
    partner = env.ref('crm_infinity_base.partner_rossi_impianti_demo')
    # one invoice through the ORM, validated; its copies in SQL (creating and validating
    # thousands of invoices through Odoo 11 takes far longer than what is measured here)
    original = Invoice.create({
        'partner_id': partner.id, 'journal_id': journal.id, 'type': 'out_invoice',
        'invoice_line_ids': [
            (0, 0, {'name': 'Consulenza', 'quantity': 3, 'price_unit': 73.456789,
                    'account_id': account.id, 'invoice_line_tax_ids': [(6, 0, taxes['standard'].ids)]}),
            (0, 0, {'name': 'Corso esente', 'quantity': 2, 'price_unit': 95.0, 'discount': 10,
                    'account_id': account.id, 'invoice_line_tax_ids': [(6, 0, taxes['exempt'].ids)]})]})
    original.compute_taxes()
    original.action_invoice_open()
    invoices = original | _sql_copies(env, original, N_INVOICES - 1)
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

    results = [
        Benchmark('E-invoices: %d invoices exported to a ZIP (XSD and arithmetic included)' % N_INVOICES,
                  export_zip, validate_all, 'XSD validation of the same files', repeat=3,
                  items=N_INVOICES, goal=GOAL),
        Benchmark('E-invoices: FatturaPA builder alone, %d invoices' % N_INVOICES, build_only,
                  validate_all, 'XSD validation of the same files', repeat=3, items=N_INVOICES),
    ]
    if N_LARGE:
        large = invoices | _sql_copies(env, original, N_LARGE - N_INVOICES, offset=N_INVOICES)
        memory = {}

        def export_large():
            before = _rss_mb()
            large.fatturapa_export_zip()
            large.invalidate_cache()
            memory.setdefault('growth', []).append(_rss_mb() - before)

        def validate_large():
            for _round in range(N_LARGE // N_INVOICES):
                validate_all()

        export_large()      # the first export numbers the new files and creates their attachments
        large_bench = Benchmark(
            'E-invoices: %d invoices exported to a ZIP (XSD and arithmetic included)' % N_LARGE,
            export_large, validate_large, 'XSD validation of as many files', repeat=1,
            items=N_LARGE, goal=GOAL)
        run = large_bench.run

        def run_and_report():
            result = run()
            print('    memory growth of the process during an export of %d invoices: %s MB '
                  '(peak RSS %.0f MB)' % (N_LARGE, ', '.join('%.0f' % m for m in memory['growth']),
                                          _rss_mb()), flush=True)
            return result
        large_bench.run = run_and_report
        results.append(large_bench)
    return results
