"""Issue 14: no wrong refusals, no silent changes, no burnt numbers (as an accountant)."""
import base64
import io
import zipfile
from decimal import Decimal
from unittest import mock

from lxml import etree

from odoo.exceptions import UserError, ValidationError

from ..fatturapa import check_arithmetic, validate_xsd
from .common import EinvoiceCase

NS = {'p': 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2'}


class SecondPassCase(EinvoiceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = cls._create_user('einv_accountant', 'account.group_account_invoice')
        cls.sequence = cls.env.ref('crm_infinity_einvoice.sequence_fatturapa_progressive')

    def _export(self, invoice):
        """Export as the accountant; the XML, checked against the XSD and the arithmetic."""
        attachment = invoice.sudo(self.accountant).fatturapa_export()
        xml = base64.b64decode(attachment.datas)
        self.assertEqual(validate_xsd(xml), [])
        self.assertEqual(check_arithmetic(xml), [])
        return etree.fromstring(xml)

    @staticmethod
    def _all(tree, path):
        return [e.text for e in tree.xpath(path, namespaces=NS)]

    def _one(self, tree, path):
        return self._all(tree, path)[0]

    def _receivables(self, invoice):
        return sorted(invoice.move_id.line_ids.filtered(
            lambda l: l.account_id.internal_type == 'receivable'),
            key=lambda l: (l.date_maturity, l.id))

    def _term(self, *percents):
        lines = [(0, 0, {'value': 'percent', 'value_amount': p, 'days': 30 * (i + 1)})
                 for i, p in enumerate(percents)]
        lines.append((0, 0, {'value': 'balance', 'days': 30 * (len(percents) + 1)}))
        return self.env['account.payment.term'].create({'name': 'Rate %d' % len(lines),
                                                        'line_ids': lines})


class TestInstallments(SecondPassCase):

    def test_three_installments_with_per_line_rounding(self):
        """Lines whose tax rounded per line differs from the file's by cents: the installments
        are Odoo's, the file carries Arrotondamento, everything adds up to the cent."""
        self.company.tax_calculation_rounding_method = 'round_per_line'
        lines = [('Manutenzione presidio %d' % i, 1, 0.15, 0, self.tax22) for i in range(5)]
        lines.append(('Sopralluogo', 3, 33.33, 0, self.tax22))
        invoice = self._invoice(self.private, lines, payment_term_id=self._term(33.33, 33.33).id)
        tree = self._export(invoice)
        total = Decimal('%.2f' % invoice.amount_total)
        self.assertEqual(Decimal(self._one(tree, '//ImportoTotaleDocumento')), total)
        self.assertTrue(self._all(tree, '//DatiGeneraliDocumento/Arrotondamento'))
        paid = [Decimal(a) for a in self._all(tree, '//ImportoPagamento')]
        self.assertEqual(len(paid), 3)
        self.assertEqual(sum(paid), total)
        self.assertEqual(paid, [Decimal('%.2f' % l.debit) for l in self._receivables(invoice)])
        self.assertEqual(self._one(tree, '//CondizioniPagamento'), 'TP01')

    def test_split_payment_to_a_public_administration_is_not_a_cent_short(self):
        self.company.tax_calculation_rounding_method = 'round_per_line'
        lines = [('Verifica estintore %d' % i, 1, 0.15, 0, self.tax_split) for i in range(5)]
        lines.append(('Consulenza - ore', 7, 65.35, 0, self.tax_split))
        invoice = self._invoice(self.pa, lines, payment_term_id=self._term(50).id)
        tree = self._export(invoice)
        self.assertEqual(self._one(tree, '//EsigibilitaIVA'), 'S')
        self.assertEqual(Decimal(self._one(tree, '//ImportoTotaleDocumento')),
                         Decimal('%.2f' % invoice.amount_total))
        # what the PA pays: the taxable amount, the VAT goes to the Treasury
        paid = [Decimal(a) for a in self._all(tree, '//ImportoPagamento')]
        self.assertEqual(sum(paid), Decimal('%.2f' % invoice.amount_untaxed))
        self.assertEqual(len(paid), 2)


class TestVatIncluded(SecondPassCase):

    def test_price_vat_included_exports_the_net_price(self):
        tax = self.tax22.copy({'name': 'IVA 22% inclusa', 'price_include': True})
        invoice = self._invoice(self.private, [('Biglietto evento', 3, 100.0, 0, tax),
                                               ('Gadget', 7, 9.99, 10, tax)])
        tree = self._export(invoice)
        self.assertEqual(self._all(tree, '//DettaglioLinee/PrezzoUnitario')[0], '81.96721311')
        self.assertEqual(Decimal(self._one(tree, '//ImponibileImporto')),
                         Decimal('%.2f' % invoice.amount_untaxed))
        self.assertEqual(Decimal(self._one(tree, '//ImportoTotaleDocumento')),
                         Decimal('%.2f' % invoice.amount_total))

    def test_two_taxes_on_a_line_are_named_as_the_cause(self):
        fixed = self.env['account.tax'].create({
            'name': 'Contributo RAEE', 'amount_type': 'fixed', 'amount': 1.5,
            'type_tax_use': 'sale', 'company_id': self.company.id})
        invoice = self._invoice(self.private, [('Estintore', 2, 40.0, 0, self.tax22 | fixed)])
        with self.assertRaises(UserError) as info:
            invoice.sudo(self.accountant).fatturapa_export()
        self.assertIn('Contributo RAEE', info.exception.name)
        self.assertIn('one percentage tax per line', info.exception.name)


class TestProgressives(SecondPassCase):

    def test_failure_in_the_build_burns_no_number(self):
        invoice = self._invoice(self.private, [('Canone', 1, 100.0, 0, self.tax22)])
        before = self.sequence.number_next_actual
        with mock.patch('odoo.addons.crm_infinity_einvoice.fatturapa.builder.check_arithmetic',
                        return_value=['00423 - Riga 1: simulato']):
            with self.assertRaises(UserError):
                invoice.sudo(self.accountant).fatturapa_export()
        self.sequence.invalidate_cache()
        self.assertEqual(self.sequence.number_next_actual, before)
        self.assertFalse(invoice.fatturapa_progressive)

    def test_zip_reports_the_build_problems_of_every_invoice(self):
        first = self._invoice(self.private, [('A', 1, 10.0, 0, self.tax22)])
        second = self._invoice(self.pa, [('B', 2, 20.0, 0, self.tax_split)])
        before = self.sequence.number_next_actual
        with mock.patch('odoo.addons.crm_infinity_einvoice.fatturapa.builder.validate_xsd',
                        return_value=['simulato']):
            with self.assertRaises(UserError) as info:
                (first | second).sudo(self.accountant).fatturapa_export_zip()
        self.assertIn(first.number, info.exception.name)
        self.assertIn(second.number, info.exception.name)
        self.sequence.invalidate_cache()
        self.assertEqual(self.sequence.number_next_actual, before)

    def test_prefixed_wide_sequence_and_progressive_equal_to_the_file_name(self):
        sequence = self.env['ir.sequence'].create({
            'name': 'FE prefissata', 'prefix': 'FE/%(year)s/', 'suffix': '-X', 'padding': 12,
            'number_next': 10})
        self.company.fatturapa_sequence_id = sequence
        invoices = [self._invoice(self.private, [('Canone', 1, 100.0, 0, self.tax22)])
                    for _i in range(2)]
        for invoice, expected in zip(invoices, ('0000A', '0000B')):
            tree = self._export(invoice)
            self.assertEqual(self._one(tree, '//ProgressivoInvio'), expected)
            self.assertEqual(invoice.fatturapa_filename, 'IT12345670017_%s.xml' % expected)
            self.assertEqual(invoice.fatturapa_progressive, expected)

    def test_sequence_restarting_by_date_range_is_refused_where_it_is_set(self):
        sequence = self.env['ir.sequence'].create({'name': 'FE annuale', 'use_date_range': True})
        with self.assertRaises(ValidationError) as info:
            self.company.fatturapa_sequence_id = sequence
        self.assertIn('date range', info.exception.name)
        with self.assertRaises(ValidationError):
            self.sequence.use_date_range = True


class TestContent(SecondPassCase):

    def test_province_of_another_country_is_refused(self):
        partner = self.private.copy({'name': 'Gamma Impianti S.r.l.',
                                     'state_id': self.env.ref('base.state_us_5').id})
        invoice = self._invoice(partner, [('Canone', 1, 100.0, 0, self.tax22)])
        with self.assertRaises(UserError) as info:
            invoice.sudo(self.accountant).fatturapa_export()
        self.assertIn('Provincia del cliente', info.exception.name)
        self.assertIn('Gamma Impianti', info.exception.name)

    def test_foreign_vat_numbers_of_non_eu_countries(self):
        cases = [('base.ch', 'CHE-116.281.710 MWST', 'CH', 'CHE116281710'),
                 ('base.no', 'NO 974 760 673 MVA', 'NO', '974760673'),
                 ('base.uk', 'GB 980 7806 84', 'GB', '980780684'),
                 ('base.us', '12-3456789', 'US', '123456789')]
        for country, vat, id_country, id_code in cases:
            partner = self.env['res.partner'].create({
                'name': 'Cliente %s' % id_country, 'is_company': True, 'street': 'Main 1',
                'zip': '1000', 'city': 'City', 'country_id': self.env.ref(country).id})
            # base_vat may refuse non-EU formats at write: the number is stored as typed
            self.env.cr.execute('UPDATE res_partner SET vat = %s WHERE id = %s', (vat, partner.id))
            partner.invalidate_cache()
            invoice = self._invoice(partner, [('Consulting', 1, 100.0, 0, self.tax_eu)])
            tree = self._export(invoice)
            self.assertEqual(self._one(tree, '//CessionarioCommittente//IdPaese'), id_country, vat)
            self.assertEqual(self._one(tree, '//CessionarioCommittente//IdCodice'), id_code, vat)

    def test_cyrillic_and_greek_text_transliterated_and_listed(self):
        partner = self.foreign.copy({'name': 'ООО Ромашка', 'street': 'ул. Ленина, 1',
                                     'city': 'Москва', 'vat': False,
                                     'country_id': self.env.ref('base.ru').id})
        invoice = self._invoice(partner, [('Σύμβουλος «Αθήνα» – 3 ημέρες', 1, 500.0, 0,
                                           self.tax_eu)])
        tree = self._export(invoice)
        self.assertEqual(self._one(tree, '//CessionarioCommittente//Indirizzo'), 'ul. Lenina, 1')
        self.assertEqual(self._one(tree, '//CessionarioCommittente//Denominazione'), 'OOO Romashka')
        self.assertEqual(self._one(tree, '//DettaglioLinee/Descrizione'),
                         'Symvoylos «Athina» - 3 imeres')
        self.assertIn('«Л»→«L»', invoice.fatturapa_warnings)
        self.assertIn('Indirizzo del cliente', invoice.fatturapa_warnings)
        self.assertIn('Riga 1, descrizione', invoice.fatturapa_warnings)

    def test_long_description_continues_on_descriptive_lines(self):
        words = ' '.join('parola%04d' % i for i in range(230))     # 2,529 characters
        invoice = self._invoice(self.private, [(words, 2, 50.0, 0, self.tax22),
                                               ('Trasferta', 1, 80.0, 0, self.tax22)])
        tree = self._export(invoice)
        descriptions = self._all(tree, '//DettaglioLinee/Descrizione')
        self.assertEqual(len(descriptions), 4)
        self.assertEqual(' '.join(descriptions[:3]), words)
        self.assertEqual(descriptions[3], 'Trasferta')
        self.assertEqual(self._all(tree, '//DettaglioLinee/NumeroLinea'), ['1', '2', '3', '4'])
        self.assertEqual(self._all(tree, '//DettaglioLinee/PrezzoTotale'),
                         ['100.00', '0.00', '0.00', '80.00'])
        self.assertIn('continua su 2 righe descrittive', invoice.fatturapa_warnings)

    def test_zip_of_many_invoices_of_every_kind(self):
        invoices = self.env['account.invoice']
        for partner in (self.private, self.private_pec, self.pa, self.foreign):
            tax = self.tax_split if partner == self.pa else (
                self.tax_eu if partner == self.foreign else self.tax22)
            invoices |= self._invoice(partner, [('Canone', 1, 100.0, 0, tax),
                                                ('Extra', 2, 12.5, 0, tax)])
        invoices = invoices.sudo(self.accountant)
        invoices.fatturapa_export_zip()     # warm-up: progressives and attachments
        invoices.invalidate_cache()
        cr = self.env.cr
        before = cr.sql_log_count
        attachment = invoices.fatturapa_export_zip()
        per_invoice = (cr.sql_log_count - before) / len(invoices)
        self.assertLess(per_invoice, 60, 'queries per invoice of a re-export')
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(attachment.datas)))
        self.assertEqual(len(archive.namelist()), 4)


class TestPricePrecision(SecondPassCase):

    def test_zero_unit_price_is_flagged_while_odoo_keeps_two_decimals(self):
        self.env['decimal.precision'].search([('name', '=', 'Product Price')]).digits = 2
        invoice = self._invoice(self.private, [('Minuteria 0,0012 EUR/pz', 1000, 0.0012, 0,
                                                self.tax22),
                                               ('Canone', 1, 100.0, 0, self.tax22)])
        self._export(invoice)
        self.assertIn('Line 1', invoice.fatturapa_warnings)
        self.assertIn('Product Price', invoice.fatturapa_warnings)
        self.assertNotIn('Line 2', invoice.fatturapa_warnings)
