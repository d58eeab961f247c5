import base64
import io
import zipfile

from lxml import etree

from odoo.exceptions import UserError, ValidationError

from ..fatturapa import check_arithmetic, validate_xsd
from .common import EinvoiceCase

NS = {'p': 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2'}


class TestExport(EinvoiceCase):
    """SPEC E2-E4: every scenario exports an XML that passes the XSD and the SdI arithmetic."""

    def _xml(self, invoice):
        attachment = invoice.fatturapa_export()
        xml = base64.b64decode(attachment.datas)
        self.assertEqual(validate_xsd(xml), [])
        self.assertEqual(check_arithmetic(xml), [])
        return attachment, etree.fromstring(xml)

    def _text(self, tree, path):
        return tree.xpath(path, namespaces=NS)[0].text

    def test_private_customer_with_recipient_code(self):
        invoice = self._invoice(self.private, [
            ('Consulenza - ore', 12.5, 72.345678, 0, self.tax22),
            ('Corso antincendio', 4, 180.0, 5, self.tax22),
            ('Sopralluogo omaggio', 1, 150.0, 100, self.tax22)])
        attachment, tree = self._xml(invoice)
        self.assertEqual(tree.get('versione'), 'FPR12')
        self.assertEqual(self._text(tree, '//CodiceDestinatario'), 'ABC1234')
        self.assertEqual(self._text(tree, '//ImportoTotaleDocumento'), '%.2f' % invoice.amount_total)
        self.assertRegex(attachment.datas_fname, r'^IT12345670017_[0-9A-Z]{5}\.xml$')
        self.assertEqual(invoice.fatturapa_state, 'exported')
        self.assertEqual(invoice.fatturapa_event_ids.mapped('state'), ['exported'])

    def test_private_customer_with_pec_only(self):
        invoice = self._invoice(self.private_pec, [('Canone', 1, 390.0, 0, self.tax22)])
        _att, tree = self._xml(invoice)
        self.assertEqual(self._text(tree, '//CodiceDestinatario'), '0000000')
        self.assertEqual(self._text(tree, '//PECDestinatario'), 'beta@pec.example.com')

    def test_public_administration_with_split_payment(self):
        invoice = self._invoice(self.pa, [('Consulenza - ore', 24, 65.0, 0, self.tax_split)],
                                fatturapa_causale='Determina n. 245/2026 - CIG Z1A2B3C4D5')
        _att, tree = self._xml(invoice)
        self.assertEqual(tree.get('versione'), 'FPA12')
        self.assertEqual(self._text(tree, '//CodiceDestinatario'), 'UFABCD')
        self.assertEqual(self._text(tree, '//EsigibilitaIVA'), 'S')
        self.assertEqual(self._text(tree, '//ImportoTotaleDocumento'), '1903.20')
        self.assertEqual(self._text(tree, '//ImportoPagamento'), '1560.00')

    def test_foreign_customer(self):
        invoice = self._invoice(self.foreign, [('Consulting - days', 3, 850.0, 0, self.tax_eu)])
        _att, tree = self._xml(invoice)
        self.assertEqual(self._text(tree, '//CodiceDestinatario'), 'XXXXXXX')
        self.assertEqual(self._text(tree, '//CessionarioCommittente//IdPaese'), 'FR')
        self.assertEqual(self._text(tree, '//DatiRiepilogo/Natura'), 'N2.1')

    def test_exempt_and_taxed_lines(self):
        invoice = self._invoice(self.private, [('Corso esente', 10, 95.0, 0, self.tax_exempt),
                                               ('Materiale', 10, 12.5, 0, self.tax22)])
        _att, tree = self._xml(invoice)
        summaries = tree.xpath('//DatiRiepilogo', namespaces=NS)
        self.assertEqual(len(summaries), 2)
        exempt = [s for s in summaries if s.find('Natura') is not None][0]
        self.assertEqual(exempt.find('Natura').text, 'N4')
        self.assertIn('Art. 10', exempt.find('RiferimentoNormativo').text)

    def test_credit_note(self):
        invoice = self._invoice(self.private, [('Canone', 1, 390.0, 0, self.tax22)])
        refund = invoice.refund(description='Storno')
        refund.action_invoice_open()
        _att, tree = self._xml(refund)
        self.assertEqual(self._text(tree, '//TipoDocumento'), 'TD04')
        self.assertEqual(self._text(tree, '//DatiFattureCollegate/IdDocumento'), invoice.number)

    def test_printed_invoice_attached_when_configured(self):
        # (Odoo 11 renders reports as HTML in test mode; the black-box test gets the real PDF)
        self.company.fatturapa_attach_pdf = True
        invoice = self._invoice(self.private, [('Canone', 1, 100.0, 0, self.tax22)])
        _att, tree = self._xml(invoice)
        self.assertTrue(self._text(tree, '//Allegati/NomeAttachment').endswith('.pdf'))
        data = base64.b64decode(self._text(tree, '//Allegati/Attachment'))
        self.assertIn(invoice.number.encode(), data)

    def test_reexport_keeps_file_name_and_progressive(self):
        invoice = self._invoice(self.private, [('Canone', 1, 100.0, 0, self.tax22)])
        first = invoice.fatturapa_export()
        name, progressive = first.datas_fname, invoice.fatturapa_progressive
        second = invoice.fatturapa_export()
        self.assertEqual((second, second.datas_fname, invoice.fatturapa_progressive),
                         (first, name, progressive))
        other = self._invoice(self.private, [('Canone', 1, 100.0, 0, self.tax22)])
        self.assertNotEqual(other.fatturapa_export().datas_fname, name)

    def test_zip_of_many_invoices(self):
        invoices = self._invoice(self.private, [('A', 1, 10.0, 0, self.tax22)]) | \
            self._invoice(self.pa, [('B', 2, 20.0, 0, self.tax_split)])
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(invoices.fatturapa_export_zip().datas)))
        self.assertEqual(sorted(archive.namelist()), sorted(invoices.mapped('fatturapa_filename')))
        for name in archive.namelist():
            self.assertEqual(validate_xsd(archive.read(name)), [])

    def test_preflight_lists_every_problem_in_italian_and_writes_nothing(self):
        nobody = self.env['res.partner'].create({'name': 'Gamma Snc', 'is_company': True,
                                                 'country_id': self.env.ref('base.it').id,
                                                 'street': 'Via Po 1', 'zip': '10100', 'city': 'Torino'})
        no_natura = self.tax22.copy({'name': 'Zero senza natura', 'amount': 0})
        invoice = self._invoice(nobody, [('Riga', 1, 10.0, 0, no_natura)])
        ok = self._invoice(self.private, [('Riga', 1, 10.0, 0, self.tax22)])
        sequence_before = self.env.ref('crm_infinity_einvoice.sequence_fatturapa_progressive').number_next_actual
        with self.assertRaises(UserError) as info:
            (ok | invoice).fatturapa_export_zip()
        message = info.exception.name
        self.assertIn('Gamma Snc', message)            # the record to fix
        self.assertIn('natura', message.lower())       # the field to fix
        self.assertIn('Riga', message)
        self.assertIn('destinatario', message.lower())  # codice destinatario / PEC
        self.assertFalse(ok.fatturapa_attachment_id)    # nothing half-written
        self.assertFalse(invoice.fatturapa_attachment_id)
        self.assertEqual(self.env.ref('crm_infinity_einvoice.sequence_fatturapa_progressive').number_next_actual,
                         sequence_before)

    def test_draft_invoice_is_refused(self):
        draft = self._invoice(self.private, [('Riga', 1, 10.0, 0, self.tax22)], validate=False)
        with self.assertRaises(UserError):
            draft.fatturapa_export()

    def test_fiscal_code_and_codes_are_validated(self):
        with self.assertRaises(ValidationError):
            self.private.fiscalcode = 'RSSMRA85T10A562X'
        self.private.fiscalcode = 'RSSMRA85T10A562S'
        with self.assertRaises(ValidationError):
            self.private.codice_destinatario = 'ABC'
        with self.assertRaises(ValidationError):
            self.pa.ipa_code = 'TOOLONG1'

    def test_non_latin_text_is_sanitised(self):
        invoice = self._invoice(self.private, [('Consulenza “Łódź” — 3 giorni … €', 1, 100.0, 0, self.tax22)])
        _att, tree = self._xml(invoice)
        self.assertIn('"Lódz" - 3 giorni ... EUR', self._text(tree, '//DettaglioLinee/Descrizione'))

    def test_deadlines_extension_point_and_reminders(self):
        invoice = self._invoice(self.private, [('Canone', 1, 100.0, 0, self.tax22)],
                                date_invoice='2026-11-20', date_due='2026-11-21',
                                payment_term_id=False, user_id=self.env.uid)
        deadlines = invoice.crm_infinity_deadlines()
        self.assertEqual([(d['date'], d['amount']) for d in deadlines], [('2026-11-21', 122.0)])
        Invoice = self.env['account.invoice'].with_context(tz='Europe/Rome')
        Invoice._cron_payment_reminders(days=36500)
        Invoice._cron_payment_reminders(days=36500)  # once per due date, however often it runs
        activities = self.env['mail.activity'].search([('res_model', '=', 'account.invoice'),
                                                       ('res_id', '=', invoice.id)])
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.date_deadline, '2026-11-21')


class TestInvoiceFromOtherDocuments(EinvoiceCase):
    """SPEC E1: the extension point other addons (commesse) invoice through."""

    def test_invoice_from_plain_lines_exports(self):
        invoice = self.env['account.invoice'].crm_infinity_invoice_create(
            self.private, [{'name': 'Commessa 2026/14 - ore di consulenza', 'quantity': 7.5,
                            'price_unit': 60.0, 'account_id': self.account.id,
                            'tax_ids': self.tax22.ids}], origin='COMM/2026/14')
        self.assertEqual((invoice.state, invoice.origin, invoice.amount_total), ('draft', 'COMM/2026/14', 549.0))
        invoice.action_invoice_open()
        self.assertEqual(validate_xsd(base64.b64decode(invoice.fatturapa_export().datas)), [])

    def test_nothing_to_invoice_is_a_clear_error(self):
        with self.assertRaises(UserError):
            self.env['account.invoice'].crm_infinity_invoice_create(self.private, [])


class TestRoundingPerLine(EinvoiceCase):
    """Odoo's default per-line tax rounding: the file carries the difference as Arrotondamento."""

    def test_per_line_rounding_gives_a_document_arrotondamento(self):
        self.company.tax_calculation_rounding_method = 'round_per_line'
        lines = [('Riga %d' % i, 1, 0.15, 0, self.tax22) for i in range(5)]  # 0.033 tax each
        invoice = self._invoice(self.private, lines)
        self.assertAlmostEqual(invoice.amount_tax, 0.15)   # 5 x 0.03, rounded per line
        xml = base64.b64decode(invoice.fatturapa_export().datas)
        tree = etree.fromstring(xml)
        self.assertEqual(self._text(tree, '//DatiRiepilogo/Imposta'), '0.17')   # 0.75 x 22%
        self.assertEqual(self._text(tree, '//DatiGeneraliDocumento/Arrotondamento'), '-0.02')
        self.assertEqual(self._text(tree, '//ImportoTotaleDocumento'), '%.2f' % invoice.amount_total)
        self.assertEqual(validate_xsd(xml), [])
        self.assertEqual(check_arithmetic(xml), [])

    def _text(self, tree, path):
        return tree.xpath(path, namespaces=NS)[0].text
