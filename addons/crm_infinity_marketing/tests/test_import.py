import time

from odoo.exceptions import AccessError, UserError

from .common import NOMINATIVO, MarketingCase

HEADER = 'Nome;Cognome;Ragione sociale;E-mail;Telefono;Partita IVA;Città;Provincia;Fonte;' \
         'Consenso marketing;Data consenso\n'


class TestImport(MarketingCase):

    def _count(self):
        return self.env[NOMINATIVO].with_context(active_test=False).search_count([])

    def _run(self, text, **values):
        wizard = self._import_wizard(text, **values)
        wizard.action_read_file()
        wizard.action_dry_run()
        return wizard

    def test_full_import_with_consents_and_sources(self):
        wizard = self._run(
            HEADER
            + 'Giulia;Brambilla;Brambilla Arredi;giulia@brambilla-imp.example;02 4567890;;Monza;'
              'MB;Fiera Milano Test;sì;12/03/2026\n'
            + ';;Officine Ferraresi S.r.l.;info@offferr-imp.example;0532 765432;IT02345670387;'
              'Ferrara;FE;;no;\n',
            user_id=self.anna.id)
        self.assertEqual(wizard.encoding, 'utf-8')
        self.assertEqual((wizard.count_create, wizard.count_update, wizard.count_skip,
                          wizard.count_error), (2, 0, 0, 0))
        before = self._count()
        wizard.action_import()
        self.assertEqual(wizard.state, 'done')
        self.assertEqual(self._count(), before + 2)
        giulia = self.env[NOMINATIVO].search([('email_normalized', '=',
                                               'giulia@brambilla-imp.example')])
        self.assertEqual(giulia.name, 'Giulia Brambilla')
        self.assertEqual(giulia.company_name, 'Brambilla Arredi')
        self.assertEqual(giulia.phone_normalized, '+39024567890')
        self.assertEqual(giulia.state_id.code, 'MB')
        self.assertEqual(giulia.user_id, self.anna)
        self.assertEqual(giulia.source_id.name, 'Fiera Milano Test')  # created by the import
        self.assertEqual(giulia.consent_ids.mapped('state'), ['granted'])
        self.assertEqual(giulia.consent_ids.origin, 'import')
        self.assertEqual(giulia.consent_ids.date, '2026-03-12 00:00:00')
        self.assertIn('nominativi.csv', giulia.consent_ids.proof)
        company = self.env[NOMINATIVO].search([('vat', '=', 'IT02345670387')])
        self.assertTrue(company.is_company)
        Consent = self.env['crm.infinity.consent']
        self.assertEqual(Consent._crm_consent_map(giulia | company, 'marketing', 'email'),
                         {(NOMINATIVO, giulia.id): True, (NOMINATIVO, company.id): False})
        self.assertEqual(wizard.line_ids.mapped('nominativo_id'), giulia | company)

    def test_bad_encoding_is_refused_in_italian(self):
        data = b'Nome;Email\nAnna;\x00\x01\x02\x81\x8d\xff\n'
        wizard = self._import_wizard(data)
        with self.assertRaisesRegex(UserError, 'encoding is not recognised'):
            wizard.action_read_file()
        wizard = self._import_wizard(data).with_context(lang='it_IT')
        with self.assertRaisesRegex(UserError, 'codifica'):
            wizard.action_read_file()

    def test_windows_file_is_read(self):
        wizard = self._run('Ragione sociale;Città\nCaseificio Forlì Test;Forlì\n',
                           encoding='cp1252')
        self.assertEqual(wizard.encoding, 'cp1252')
        self.assertEqual(wizard.line_ids.name, 'Caseificio Forlì Test')

    def test_missing_required_columns(self):
        wizard = self._import_wizard('E-mail;Telefono\nx@imp.example;02 1234567\n')
        wizard.action_read_file()
        with self.assertRaisesRegex(UserError, 'Required columns are missing'):
            wizard.action_dry_run()

    def test_duplicate_rows_and_existing_records(self):
        partner = self.env['res.partner'].create({
            'name': 'Lattoneria Padana Test S.r.l.', 'is_company': True,
            'vat': 'IT01122330356'})
        existing = self._nominativo(self.bruno, name='Paolo Ghedini',
                                    email='Paolo.Ghedini@imp.example')
        wizard = self._run(
            'Nome;Email;Partita IVA;Telefono\n'
            'Paolo Ghedini;paolo.ghedini@IMP.example;;051 998877\n'
            'Sara Pini;sara@imp.example;;\n'
            'S. Pini;SARA@imp.example;;\n'
            'Lattoneria Padana;;01122330356;\n'
            'Sara Pini;altra@imp.example;;\n')
        lines = wizard.line_ids.sorted('row_number')
        self.assertEqual(lines.mapped('action'), ['update', 'create', 'skip', 'skip', 'create'])
        self.assertEqual(lines[0].nominativo_id, existing)
        self.assertIn('Duplicate of row 3', lines[2].reasons)
        self.assertIn('Already a contact or company', lines[3].reasons)
        self.assertIn('Lattoneria Padana Test', lines[3].matches)
        self.assertIn('Similar name in row 3', lines[4].reasons)
        self.assertTrue(lines[1].cluster and lines[1].cluster == lines[2].cluster
                        == lines[4].cluster)
        self.assertEqual(wizard.problem_line_ids, lines[0] | lines[2] | lines[3])
        wizard.action_import()
        # the update completes the empty phone, keeps the name and e-mail
        self.assertEqual(existing.phone_normalized, '+39051998877')
        self.assertEqual(existing.email, 'Paolo.Ghedini@imp.example')
        self.assertEqual(self.env[NOMINATIVO].search_count([('email_normalized', 'in', (
            'sara@imp.example', 'altra@imp.example'))]), 2)
        self.assertFalse(self.env[NOMINATIVO].search([('vat', '=', '01122330356')]))
        self.assertEqual(partner.crm_nominativo_ids.ids, [])

    def test_overwrite(self):
        existing = self._nominativo(name='Vecchio Nome', email='ow@imp.example', city='Lodi')
        self._run('Nome;Email;Città\nNuovo Nome;OW@imp.example;Crema\n',
                  overwrite=True).action_import()
        self.assertEqual((existing.name, existing.city), ('Nuovo Nome', 'Crema'))

    def test_broken_row_in_the_middle_writes_nothing(self):
        body = ''.join('Persona %d;p%d@broken-imp.example\n' % (i, i) for i in range(50))
        body += 'Rotta;rotta@broken-imp.example;colonna;in;più\n'
        body += ''.join('Persona %d;q%d@broken-imp.example\n' % (i, i) for i in range(50))
        wizard = self._run('Nome;Email\n' + body)
        self.assertEqual((wizard.count_create, wizard.count_error), (100, 1))
        before = self._count()
        with self.assertRaisesRegex(UserError, 'Nothing was imported: row 52 has an error'):
            wizard.action_import()
        self.assertEqual(self._count(), before)
        self.assertFalse(self.env[NOMINATIVO].search([('email', 'like', '@broken-imp.example')]))

    def test_mapping_is_remembered_per_file_shape(self):
        text = 'Denominazione cliente;Recapito\nStudio Bertoli;bertoli@imp.example\n'
        wizard = self._import_wizard(text)
        wizard.action_read_file()
        self.assertEqual(wizard.column_ids.mapped('target'), [False, False])
        self.assertFalse(wizard.mapping_recalled)
        wizard.column_ids[0].target = 'company_name'
        wizard.column_ids[1].target = 'email'
        wizard.action_dry_run()
        again = self._import_wizard('recapito;DENOMINAZIONE CLIENTE\nx@imp.example;Y\n')
        again.action_read_file()
        self.assertTrue(again.mapping_recalled)
        self.assertEqual(again.column_ids.sorted('sequence').mapped('target'),
                         ['email', 'company_name'])

    def test_only_marketing_operators_import(self):
        wizard = self._import_wizard('Nome\nX\n', user=self.anna)
        with self.assertRaises((AccessError, UserError)):
            wizard.action_read_file()

    def test_progress_is_published(self):
        wizard = self._run('Nome;Email\n' + ''.join('P %d;p%d@prog-imp.example\n' % (i, i)
                                                     for i in range(20)))
        wizard.action_import()
        self.assertEqual(wizard.progress, 100)
        # published on a connection of its own: another request (a new transaction) sees it
        with self.registry.cursor() as cr:
            cr.execute('SELECT done, total, phase FROM crm_infinity_import_progress '
                       'WHERE import_id = %s', (wizard.id,))
            self.assertEqual(cr.fetchone(), (20, 20, 'done'))

    def test_10000_rows(self):
        lines = ['Nome;Cognome;Ragione sociale;Email;Telefono;Partita IVA;Città']
        for i in range(10000):
            lines.append('Nome%d;Cognome%d;Azienda %d S.r.l.;n%d@big-imp.example;02 %07d;;Milano'
                         % (i, i, i // 3, i, 3000000 + i))
        start = time.time()
        wizard = self._run('\n'.join(lines) + '\n')
        self.assertEqual(wizard.count_create, 10000)
        wizard.action_import()
        elapsed = time.time() - start
        self.assertEqual(self.env[NOMINATIVO].search_count(
            [('email_normalized', 'like', '@big-imp.example')]), 10000)
        self.assertLess(elapsed, 60)
