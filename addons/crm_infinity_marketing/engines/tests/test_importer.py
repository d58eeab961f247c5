import datetime
import io
import time

import pytest

from odoo.addons.crm_infinity_marketing.engines import importer
from odoo.addons.crm_infinity_marketing.engines.importer import ImportFileError

NOMINATIVO = 'crm.infinity.nominativo'
PARTNER = 'res.partner'
LOOKUPS = importer.make_lookups(
    states=[(1, 10, 'MI', 'Milano'), (2, 10, 'BO', 'Bologna')],
    countries=[(10, 'IT', 'Italy'), (11, 'CH', 'Switzerland')],
    sources=[(7, 'Fiera EIMA')], default_country_id=10)

HEADER = 'Nome;Cognome;Ragione sociale;E-mail;Telefono;Partita IVA;Città;Provincia;Fonte\n'


def csv_bytes(text, encoding='utf-8'):
    return text.encode(encoding)


def dry_run(text, index=None, **options):
    table = importer.read_file(csv_bytes(text))
    mapping = importer.guess_mapping(table.headers)
    return importer.plan(table, mapping, index or importer.Index(), LOOKUPS, **options)


# -- reading ------------------------------------------------------------------------------------

def test_utf8_semicolon_and_italian_headers():
    table = importer.read_file(csv_bytes(HEADER + 'Mario;Rossi;;mario@rossi.it;02 1234567;;Milano;MI;\n'))
    assert table.encoding == 'utf-8'
    assert table.headers[6] == 'Città'
    assert importer.guess_mapping(table.headers) == [
        'first_name', 'last_name', 'company_name', 'email', 'phone', 'vat', 'city', 'state',
        'source']
    assert table.rows[0].number == 2
    assert table.rows[0].cells[:2] == ['Mario', 'Rossi']


def test_windows_1252_file_as_excel_saves_it_in_italy():
    table = importer.read_file(csv_bytes(HEADER + 'Niccolò;Bärtschi;;;;;Forlì;;\n', 'cp1252'))
    assert table.encoding == 'cp1252'
    assert table.rows[0].cells[0] == 'Niccolò'
    assert table.rows[0].cells[6] == 'Forlì'


def test_utf8_bom_and_utf16():
    assert importer.read_file(b'\xef\xbb\xbf' + csv_bytes('Nome,Email\nAnna,a@b.it\n')).headers == ['Nome', 'Email']
    data = 'Nome\tEmail\nAnna\ta@b.it\n'.encode('utf-16')
    table = importer.read_file(data)
    assert table.headers == ['Nome', 'Email'] and table.rows[0].cells == ['Anna', 'a@b.it']


@pytest.mark.parametrize('data', [
    b'Nome;Email\nAnna;\x00\x01\x02\x81\x8d\xff\x00\n',        # binary garbage
    bytes(range(0, 32)) * 4,                                     # control characters only
])
def test_undecodable_file_is_refused_with_a_clear_error(data):
    with pytest.raises(ImportFileError) as caught:
        importer.read_file(data)
    assert caught.value.code == 'bad_encoding'
    assert 'encoding is not recognised' in caught.value.render()
    assert 'byte' in caught.value.render()


def test_empty_file_and_no_header():
    with pytest.raises(ImportFileError) as caught:
        importer.read_file(b'   \n')
    assert caught.value.code == 'empty_file'


def test_xlsx_and_xls_cells_as_text():
    import openpyxl
    import xlwt
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(['Ragione sociale', 'P.IVA', 'Email'])
    sheet.append(['Officine Bassi S.r.l.', 1234567890, 'INFO@bassi.IT'])
    out = io.BytesIO()
    book.save(out)
    table = importer.read_file(out.getvalue(), 'x.xlsx')
    assert table.encoding == 'xlsx'
    assert importer.guess_mapping(table.headers) == ['company_name', 'vat', 'email']
    assert table.rows[0].cells[1] == '1234567890'
    old = xlwt.Workbook()
    ws = old.add_sheet('Foglio1')
    for col, text in enumerate(['Ragione sociale', 'P.IVA', 'Email']):
        ws.write(0, col, text)
    ws.write(1, 0, 'Officine Bassi S.r.l.')
    ws.write(1, 1, 1234567890)
    out = io.BytesIO()
    old.save(out)
    table = importer.read_file(out.getvalue(), 'x.xls')
    assert table.encoding == 'xls' and table.rows[0].cells[:2] == ['Officine Bassi S.r.l.', '1234567890']
    plan = importer.plan(table, importer.guess_mapping(table.headers), importer.Index(), LOOKUPS)
    assert plan.rows[0].values['vat'] == '01234567890'  # the leading zero Excel dropped
    assert plan.rows[0].values['is_company'] is True


def test_broken_excel_file():
    with pytest.raises(ImportFileError) as caught:
        importer.read_file(b'PK\x03\x04 not really a zip')
    assert caught.value.code == 'bad_excel'


# -- mapping ------------------------------------------------------------------------------------

def test_missing_required_columns():
    table = importer.read_file(csv_bytes('Email;Telefono\na@b.it;02 1234567\n'))
    with pytest.raises(ImportFileError) as caught:
        importer.plan(table, importer.guess_mapping(table.headers), importer.Index(), LOOKUPS)
    assert caught.value.code == 'missing_columns'
    assert 'Company name' in caught.value.render()


def test_a_field_mapped_twice_is_refused():
    table = importer.read_file(csv_bytes('Nome;Email;Mail\nA;a@b.it;b@b.it\n'))
    with pytest.raises(ImportFileError) as caught:
        importer.plan(table, ['name', 'email', 'email'], importer.Index(), LOOKUPS)
    assert caught.value.code == 'duplicate_target'


def test_shape_key_ignores_case_accents_and_order():
    assert importer.shape_key(['E-Mail', 'Città', 'Nome']) == \
        importer.shape_key(['nome', 'citta', 'e mail '])
    assert importer.shape_key(['Nome']) != importer.shape_key(['Nome', 'Email'])


def test_english_headers():
    assert importer.guess_mapping(['Company Name', 'First Name', 'Last Name', 'Email Address',
                                   'Mobile Phone', 'ZIP Code', 'Country', 'Job Title',
                                   'Unknown']) == [
        'company_name', 'first_name', 'last_name', 'email', 'mobile', 'zip', 'country',
        'function', None]


# -- keys ---------------------------------------------------------------------------------------

def test_keys():
    assert importer.vat_key('IT 01234567890') == '01234567890'
    assert importer.vat_key('1234567890') == '01234567890'
    assert importer.vat_key('CHE-123.456.789') == 'CHE123456789'
    assert importer.name_key('ACME S.R.L.') == importer.name_key('Acme srl') == 'acme'
    assert importer.name_key('Rossi Mario') == importer.name_key('mario  ROSSI')
    assert importer.name_key('Società Agricola Ferri s.s.') == importer.name_key('Agricola Ferri')


# -- dry run ------------------------------------------------------------------------------------

def test_values_and_create():
    plan = dry_run(HEADER + 'Mario;Rossi;Rossi Impianti;Mario.Rossi@Example.IT ;02/1234567;;'
                            'Milano;MI;Fiera EIMA\n'
                            ';;Ferri Meccanica S.p.A.;info@ferri.it;051 765432;IT03456780123;'
                            'Bologna;Bologna;Passaparola\n')
    first, second = plan.rows
    assert first.action == 'create'
    v = first.values
    assert (v['name'], v['company_name'], v['is_company']) == ('Mario Rossi', 'Rossi Impianti', False)
    assert v['email_normalized'] == 'mario.rossi@example.it'
    assert v['phone_normalized'] == '+39021234567'
    assert (v['state_id'], v['country_id'], v['source_id']) == (1, 10, 7)
    assert second.values['is_company'] is True and second.values['name'] == 'Ferri Meccanica S.p.A.'
    assert second.values['source_id'] is None and second.values['source_name'] == 'Passaparola'
    assert ('warn_new_source', {'value': 'Passaparola'}) in second.reasons
    assert plan.counts == {'create': 2, 'update': 0, 'skip': 0, 'error': 0}


def test_duplicate_rows_inside_the_file():
    plan = dry_run(HEADER + 'Mario;Rossi;;mario@rossi.it;;;;;\n'
                            'Luca;Bianchi;;luca@bianchi.it;;;;;\n'
                            'M.;Rossi;;MARIO@ROSSI.IT;;;;;\n'
                            ';;;;;;;;\n'
                            'Mario;Rossi;;altro@rossi.it;;;;;\n')
    actions = [(r.number, r.action) for r in plan.rows]
    assert actions == [(2, 'create'), (3, 'create'), (4, 'skip'), (5, 'skip'), (6, 'create')]
    assert plan.rows[2].reasons[0] == ('skip_duplicate_in_file', {'row': 2, 'keys': ['email']})
    assert plan.rows[3].reasons == [('skip_empty', {})]
    assert ('warn_similar_in_file', {'row': 2}) in plan.rows[4].reasons
    # rows 2, 4 and 6 are one cluster (e-mail, name), row 3 alone
    assert plan.rows[0].cluster == plan.rows[2].cluster == plan.rows[4].cluster == 1
    assert plan.rows[1].cluster is None
    text = importer.render_reasons(plan.rows[2])
    assert text[0] == 'Duplicate of row 2 of the file (same e-mail).'


def test_broken_rows_are_errors_naming_the_row():
    plan = dry_run(HEADER + 'Mario;Rossi;;mario@rossi.it;;;;;\n'
                            'Luca;Bianchi;;luca@bianchi.it;;;;;;;extra;columns\n'
                            ';;;senza-nome@x.it;;;;;\n'
                            'Anna;Verdi;;not-an-email;;;;;\n'
                            'Anna;Neri;;;;;Milano;ZZ;\n')
    assert [(r.number, r.action) for r in plan.rows] == [
        (2, 'create'), (3, 'error'), (4, 'error'), (5, 'error'), (6, 'error')]
    assert plan.rows[1].reasons == [('row_columns', {'found': 12, 'expected': 9})]
    assert plan.rows[2].reasons[0] == ('row_no_name', {})
    assert plan.rows[3].reasons[0] == ('row_bad_email', {'value': 'not-an-email'})
    assert plan.rows[4].reasons[0] == ('row_bad_state', {'value': 'ZZ'})
    assert [r.number for r in plan.errors] == [3, 4, 5, 6]


def test_matches_existing_nominativi_contacts_and_companies():
    index = importer.Index()
    index.add(NOMINATIVO, 11, 'Mario Rossi', emails=['Mario@Rossi.it'], names=['Mario Rossi'])
    index.add(NOMINATIVO, 12, 'Ferri', vats=['03456780123'], names=['Ferri'])
    index.add(PARTNER, 21, 'Officine Bassi S.r.l.', vats=['IT01234567890'], phones=['+39051111111'],
              names=['Officine Bassi S.r.l.'])
    index.add(PARTNER, 22, 'Verdi Anna', names=['Verdi Anna'])
    plan = dry_run(HEADER + 'Mario;Rossi;;MARIO@ROSSI.IT;;;;;\n'
                            ';;Ferri Meccanica;;;IT 03456780123;;;\n'
                            ';;Officine BASSI srl;;0039 051 111111;;;;\n'
                            'Anna;Verdi;;anna@verdi.it;;;;;\n', index)
    update, update_vat, contact, similar = plan.rows
    assert (update.action, update.target_id) == ('update', 11)
    assert update.reasons[0] == ('update', {'keys': ['email'], 'name': 'Mario Rossi'})
    assert (update_vat.action, update_vat.target_id) == ('update', 12)
    assert contact.action == 'skip' and contact.reasons[0][0] == 'skip_contact'
    assert contact.matches == {(PARTNER, 21): ['phone', 'name']}
    assert similar.action == 'create'
    assert ('warn_similar_name', {'names': ['Verdi Anna']}) in similar.reasons
    assert plan.clusters == 4
    # contacts may be imported as nominativi on purpose
    plan = dry_run(HEADER + ';;Officine BASSI srl;;0039 051 111111;;;;\n', index,
                   skip_contacts=False, overwrite=True)
    assert plan.rows[0].action == 'create'


def test_consent_columns():
    plan = dry_run('Nome;Email;Consenso marketing;Data consenso\n'
                   'A;a@x.it;Sì;03/02/2026\nB;b@x.it;no;\nC;c@x.it;forse;\nD;d@x.it;si;31/02/2026\n')
    a, b, c, d = plan.rows
    assert a.values['consent'] == 'granted' and a.values['consent_date'].day == 3
    assert b.values['consent'] == 'revoked'
    assert c.action == 'error' and c.reasons[0] == ('row_bad_consent', {'value': 'forse'})
    assert d.action == 'error' and d.reasons[0] == ('row_bad_date', {'value': '31/02/2026'})


def test_consent_date_in_the_future_is_an_error():
    """The latest consent line wins: one dated in the future (a typo, a month read as a day)
    would beat every later revocation, the unsubscribe link's included."""
    future = (datetime.date.today() + datetime.timedelta(days=40)).strftime('%d/%m/%Y')
    today = datetime.date.today().strftime('%d/%m/%Y')
    plan = dry_run('Nome;Email;Consenso marketing;Data consenso\n'
                   'A;a@x.it;Sì;%s\nB;b@x.it;Sì;%s\n' % (future, today))
    a, b = plan.rows
    assert a.action == 'error' and a.reasons[0] == ('row_future_date', {'value': future})
    assert a.values['consent_date'] is None
    assert b.action == 'create' and b.values['consent_date'] is not None


def test_progress_is_reported():
    calls = []
    body = ''.join('N%d;n%d@x.it\n' % (i, i) for i in range(12000))
    table = importer.read_file(csv_bytes('Nome;Email\n' + body))
    importer.plan(table, ['name', 'email'], importer.Index(), LOOKUPS,
                  progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 12000), (5000, 12000), (10000, 12000), (12000, 12000)]


def test_100000_rows_in_seconds():
    index = importer.Index()
    for i in range(0, 100000, 10):
        index.add(NOMINATIVO, i + 1, 'Esistente %d' % i, emails=['p%d@example.it' % i],
                  names=['Esistente %d' % i])
    lines = ['Nome;Cognome;Ragione sociale;Email;Telefono;Partita IVA;Città']
    for i in range(100000):
        lines.append('Nome%d;Cognome%d;Azienda %d S.r.l.;P%d@Example.it;02 %07d;%011d;Milano'
                     % (i, i, i // 3, i, i, i))
    data = ('\n'.join(lines) + '\n').encode('utf-8')
    start = time.time()
    table = importer.read_file(data)
    plan = importer.plan(table, importer.guess_mapping(table.headers), index, LOOKUPS)
    elapsed = time.time() - start
    assert plan.counts == {'create': 90000, 'update': 10000, 'skip': 0, 'error': 0}
    assert elapsed < 60, elapsed  # about 6 s on a quiet machine
