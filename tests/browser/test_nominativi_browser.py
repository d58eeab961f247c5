"""A marketing operator imports nominativi in the web client (issue 15): upload, mapping, dry run,
import; then the nominativo's form and its promotion wizard with the similar companies. No
JavaScript error; the screenshots illustrate the README."""
import os
import tempfile

from tests.browser.conftest import login, screenshot

OPERATOR = ('silvia.fontana', 'silvia.fontana')
CSV = ('Nome;Cognome;Ragione sociale;E-mail;Telefono;Città;Provincia;Consenso marketing\n'
       'Ornella;Brusaferri;Brusaferri Ricambi Browser;ornella@brusaferri-browser.example;'
       '0523 111 222;Piacenza;PC;sì\n'
       ';;Officine Brusaferri Browser S.r.l.;info@brusaferri-browser.example;0523 111 999;'
       'Piacenza;PC;no\n'
       'O.;Brusaferri;;ORNELLA@brusaferri-browser.example;;;;\n')


def _xmlid(admin_rpc, xmlid):
    return admin_rpc('ir.model.data', 'xmlid_to_res_id', xmlid)


def test_operator_imports_and_promotes(page, odoo_server, admin_rpc):
    admin_rpc('crm.infinity.nominativo', 'unlink', admin_rpc(
        'crm.infinity.nominativo', 'search', [('email', 'ilike', '@brusaferri-browser.example')]))
    login(page, odoo_server, *OPERATOR)
    page.goto('%s/web#action=%d' % (odoo_server.url, _xmlid(
        admin_rpc, 'crm_infinity_marketing.crm_infinity_nominativo_import_action')))
    page.wait_for_selector('.modal .o_form_view', timeout=60000)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, 'nominativi_fiera.csv')
        with open(path, 'w', encoding='cp1252') as f:
            f.write(CSV)
        page.set_input_files('.modal input.o_input_file', path)
        page.wait_for_timeout(1000)
    page.click('.modal-footer button[name="action_read_file"]')
    page.wait_for_selector('.modal .o_field_one2many[name="column_ids"] tr.o_data_row',
                           timeout=60000)
    screenshot(page, 'marketing-import-mapping')
    page.click('.modal-footer button[name="action_dry_run"]')
    page.wait_for_selector('.modal .o_field_one2many[name="problem_line_ids"] tr.o_data_row',
                           timeout=60000)
    text = page.inner_text('.modal .o_field_one2many[name="problem_line_ids"]')
    assert 'Duplicato della riga 2' in text, text
    screenshot(page, 'marketing-import-dry-run')
    page.click('.modal-footer button[name="action_import"]')
    page.click('.modal-footer button.btn-primary:has-text("Ok")')
    page.wait_for_selector('.modal-footer button[name="action_open_nominativi"]', timeout=60000)
    # the uploaded file's name is the consent's proof (it was lost by the web upload)
    ornella = admin_rpc('crm.infinity.nominativo', 'search',
                        [('email', '=ilike', 'ornella@brusaferri-browser.example')])
    proofs = [c['proof'] for c in admin_rpc('crm.infinity.consent', 'search_read',
                                            [('nominativo_id', 'in', ornella)], ['proof'])]
    assert proofs == ['File nominativi_fiera.csv, riga 2'], proofs
    page.click('.modal-footer button[name="action_open_nominativi"]')
    page.wait_for_selector('.o_list_view tr.o_data_row:has-text("Ornella Brusaferri")',
                           timeout=60000)
    page.click('.o_list_view tr.o_data_row:has-text("Ornella Brusaferri")')
    page.wait_for_selector('.o_form_view .o_form_sheet', timeout=60000)
    screenshot(page, 'marketing-nominativo-form')
    page.click('.o_form_statusbar button:text-matches("Promuovi a trattativa")')
    page.wait_for_selector('.modal .o_field_one2many[name="candidate_ids"]', timeout=60000)
    page.wait_for_timeout(1000)
    screenshot(page, 'marketing-nominativo-promote')
    page.click('.modal-footer button[special="cancel"]')
    assert list(page.js_errors) == []
