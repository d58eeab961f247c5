import base64
import io
import subprocess
import tempfile
from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError
from odoo.tools import config

from .common import SalesCase

HEADER = """<div><h1>Offerta {{ quote.name }}</h1>
<p>{{ company.name }} per <strong>{{ customer.name }}</strong>, P.IVA {{ customer.vat }}</p>
<p>Trattativa: {{ deal.name }} - referente {{ contact.name }}</p></div>"""
LINES = """<table><tr><th>Prodotto</th><th>Q.tà</th><th>Importo</th></tr>
<tr><td>{{ line.product }}: {{ line.description }}</td><td>{{ line.quantity }}</td>
<td>{{ line.subtotal }}</td></tr></table>"""
TOTALS = """<p>Totale offerta {{ totals.total }}</p>"""
CLOSING = """<p>Cordiali saluti, {{ salesperson.name }}</p>"""


class OfferCase(SalesCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({'vat': 'IT02345670158', 'street': 'Via Torino 45', 'city': 'Milano',
                            'zip': '20123', 'user_id': cls.anna.id})  # her company (B2)
        cls.contact = cls.env['res.partner'].create({'name': 'Mario Offerte',
                                                     'parent_id': cls.customer.id,
                                                     'email': 'mario.offerte@example.com'})
        cls.deal = cls._deal(cls.anna, name='Rinnovo centrali offerta')
        Product = cls.env['product.product']
        cls.p_unit = Product.create({'name': 'Centrale zeta', 'default_code': 'CZ-1',
                                     'list_price': 1000.0})
        cls.p_work = Product.create({'name': 'Posa in opera', 'type': 'service',
                                     'list_price': 250.0})
        cls.quote = cls.env['sale.order'].create({
            'partner_id': cls.contact.id, 'user_id': cls.anna.id,
            'opportunity_id': cls.deal.id,
            'order_line': [
                (0, 0, {'product_id': cls.p_unit.id, 'name': 'Centrale a otto zone',
                        'product_uom_qty': 2, 'price_unit': 1000.0, 'tax_id': [(6, 0, [])]}),
                (0, 0, {'product_id': cls.p_work.id, 'name': 'Posa e collaudo',
                        'product_uom_qty': 1, 'price_unit': 250.0, 'tax_id': [(6, 0, [])]}),
            ]})
        Template = cls.env['crm.infinity.offer.template']
        cls.t_header = Template.create({'name': 'Intestazione test', 'section': 'header',
                                        'body': HEADER})
        cls.t_lines = Template.create({'name': 'Righe test', 'section': 'lines', 'body': LINES})
        cls.t_totals = Template.create({'name': 'Totali test', 'section': 'totals',
                                        'body': TOTALS})
        cls.t_closing = Template.create({'name': 'Chiusura test', 'section': 'closing',
                                         'body': CLOSING})
        cls.layout = cls.env['crm.infinity.offer.layout'].create({
            'name': 'Offerta test',
            'line_ids': [(0, 0, {'sequence': i, 'template_id': t.id}) for i, t in enumerate(
                [cls.t_header, cls.t_lines, cls.t_totals, cls.t_closing])]})

    def _generate(self, output_format, user=None):
        quote = self.quote.sudo(user) if user else self.quote
        wizard = self.env['crm.infinity.offer.generate.wizard'].sudo(user or self.env.user) \
            .with_context(default_order_id=quote.id).create({
                'order_id': quote.id, 'layout_id': self.layout.id,
                'output_format': output_format})
        action = wizard.action_generate()
        # the dialog stays open on the generated document, to download, then Close
        self.assertEqual((action['res_model'], action['res_id'], action['target']),
                         (wizard._name, wizard.id, 'new'))
        self.assertEqual(wizard.state, 'done')
        attachment = wizard.attachment_id.sudo()
        self.assertEqual(wizard.document_name, attachment.datas_fname)
        return attachment, base64.b64decode(attachment.datas)

    def assertMerged(self, text):
        for expected in ('Offerta %s' % self.quote.name, 'Cliente Trattative S.r.l.',
                         'IT02345670158', 'Rinnovo centrali offerta', 'Mario Offerte',
                         'Centrale zeta: Centrale a otto zone', 'Posa in opera: Posa e collaudo',
                         'T Sales Anna'):
            self.assertIn(expected, text)
        # the total, whatever the separators of the customer's language
        self.assertTrue('2.250,00' in text or '2,250.00' in text, text)


class TestOfferTemplates(OfferCase):

    def test_unknown_field_refused_on_save_naming_field_and_template(self):
        with self.assertRaises(ValidationError) as info:
            self.t_header.write({'body': '<p>{{ customer.pec }}</p>'})
        message = info.exception.name
        self.assertIn('customer.pec', message)
        self.assertIn('Intestazione test', message)
        self.assertNotIn('Traceback', message)

    def test_unknown_field_message_in_italian(self):
        with self.assertRaises(ValidationError) as info:
            self.env['crm.infinity.offer.template'].with_context(lang='it_IT').create({
                'name': 'Modello rotto', 'body': '<p>{{ cliente.nome }}</p>'})
        self.assertIn('campo sconosciuto "cliente.nome"', info.exception.name)
        self.assertIn('Modello rotto', info.exception.name)

    def test_syntax_errors_and_sandbox_escapes_refused(self):
        for body in ('<p>{{ quote.name </p>', '<p>{% for line in lines %}</p>',
                     '<p>{{ company.__class__ }}</p>', '<p>{{ quote.name() }}</p>',
                     '<p>{% import os %}</p>'):
            with self.assertRaises(ValidationError, msg=body):
                self.t_closing.write({'body': body})

    def test_broken_template_at_generation_is_a_clear_error(self):
        # a template broken behind the form's back (e.g. imported with SQL)
        self.env.cr.execute('UPDATE crm_infinity_offer_template SET body = %s WHERE id = %s',
                            ('<p>{{ deal.budget }}</p>', self.t_totals.id))
        self.t_totals.invalidate_cache()
        with self.assertRaises(UserError) as info:
            self._generate('docx')
        self.assertIn('deal.budget', info.exception.name)
        self.assertIn('Totali test', info.exception.name)
        self.assertFalse(self.quote.offer_attachment_ids)


class TestOfferDocuments(OfferCase):

    def test_docx_attached_and_readable(self):
        import docx
        attachment, content = self._generate('docx', user=self.anna)
        self.assertEqual(attachment.res_model, 'sale.order')
        self.assertEqual(attachment.res_id, self.quote.id)
        self.assertEqual(self.quote.offer_attachment_ids, attachment)
        # generated by a salesperson (not an administrator): still a Word document
        self.assertEqual(attachment.mimetype, 'application/vnd.openxmlformats-officedocument.'
                                              'wordprocessingml.document')
        document = docx.Document(io.BytesIO(content))
        text = '\n'.join(p.text for p in document.paragraphs)
        rows = [' | '.join(c.text for c in row.cells) for row in document.tables[0].rows]
        self.assertMerged(text + '\n' + '\n'.join(rows))
        self.assertEqual(len(rows), 3)  # header + one row per quote line

    def test_odt_attached_and_readable(self):
        from odf import table, teletype, text
        from odf.opendocument import load
        attachment, content = self._generate('odt')
        self.assertEqual(attachment.mimetype, 'application/vnd.oasis.opendocument.text')
        document = load(io.BytesIO(content))
        parts = [teletype.extractText(p) for p in document.getElementsByType(text.H)]
        parts += [teletype.extractText(p) for p in document.getElementsByType(text.P)]
        self.assertMerged('\n'.join(parts))
        self.assertEqual(len(document.getElementsByType(table.TableRow)), 3)

    def test_pdf_through_wkhtmltopdf_holds_merged_values_and_lines(self):
        # Odoo renders HTML instead of PDF in tests unless a report directory is set
        self.env['ir.config_parameter'].set_param('report.url', 'http://127.0.0.1:9')
        with tempfile.TemporaryDirectory() as directory, \
                patch.dict(config.options, {'test_report_directory': directory}):
            attachment, content = self._generate('pdf')
        self.assertTrue(content.startswith(b'%PDF'))
        self.assertEqual(attachment.mimetype, 'application/pdf')
        text = subprocess.run(['pdftotext', '-layout', '-', '-'], input=content,
                              stdout=subprocess.PIPE, check=True).stdout.decode()
        self.assertMerged(' '.join(text.split()))
        # the page on every page (stamped: Debian's wkhtmltopdf has no footers)
        self.assertRegex(text, r'(Page|Pagina) 1 (of|di) 1')

    def test_regeneration_replaces_the_document_of_the_same_format(self):
        first, _ = self._generate('docx')
        mimetype = first.mimetype
        odt, _ = self._generate('odt')
        self.t_closing.body = '<p>Distinti saluti, {{ salesperson.name }}</p>'
        second, content = self._generate('docx')
        self.assertFalse(first.exists())
        self.assertEqual(self.quote.offer_attachment_ids, second | odt)
        self.assertEqual(self.env['ir.attachment'].search_count([
            ('res_model', '=', 'sale.order'), ('res_id', '=', self.quote.id),
            ('mimetype', '=', mimetype)]), 1)
        import docx
        text = '\n'.join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
        self.assertIn('Distinti saluti', text)
        self.assertEqual(self.quote.offer_layout_id, self.layout)
        notes = self.quote.message_ids.mapped('body')
        self.assertTrue(any('regenerated' in (n or '') for n in notes))

    def test_merge_context_follows_the_schema(self):
        from ..offers.merge import LIST, SCHEMA
        context = self.quote._offer_merge_context()
        self.assertEqual(set(context), set(SCHEMA))
        for name, spec in SCHEMA.items():
            if isinstance(spec, LIST):
                self.assertTrue(all(set(item) == set(spec) for item in context[name]))
            elif spec is not None:
                self.assertEqual(set(context[name]), set(spec), name)
        self.assertEqual([l['number'] for l in context['lines']], [1, 2])


class TestPortalApproval(OfferCase):

    def setUp(self):
        super().setUp()
        self.quote.write({'state': 'sent'})

    def test_customer_confirms_then_salesperson_approves(self):
        self.assertTrue(self.quote._offer_portal_can_confirm())
        self.quote.sudo().offer_confirm_by_customer(self.contact)
        self.assertTrue(self.quote.offer_customer_confirmed)
        self.assertEqual(self.quote.offer_confirmed_by_id, self.contact)
        self.assertEqual(self.quote.state, 'sent')  # not an order until approved
        activity = self.quote.activity_ids
        self.assertEqual(activity.user_id, self.anna)
        self.assertEqual(activity.activity_type_id,
                         self.env.ref('crm_infinity_sales.mail_activity_offer_to_approve'))
        to_approve = self.env['sale.order'].sudo(self.anna).search(
            [('offer_to_approve', '=', True)])
        self.assertIn(self.quote, to_approve)
        self.assertFalse(self.quote._offer_portal_can_confirm())
        with self.assertRaises(UserError):
            self.quote.sudo().offer_confirm_by_customer(self.contact)
        Event = self.env['crm.infinity.event']
        self.assertTrue(Event.search([('code', '=', 'offer_confirmed'),
                                      ('res_model', '=', 'sale.order'),
                                      ('res_id', '=', self.quote.id)]))
        self.quote.sudo(self.anna).action_offer_approve()
        self.assertEqual(self.quote.state, 'sale')
        self.assertTrue(Event.search([('code', '=', 'offer_approved'),
                                      ('res_id', '=', self.quote.id)]))
        self.assertFalse(self.quote.activity_ids)
        self.assertNotIn(self.quote, self.env['sale.order'].search(
            [('offer_to_approve', '=', True)]))

    def test_approval_needs_the_customer_confirmation(self):
        with self.assertRaises(UserError):
            self.quote.sudo(self.anna).action_offer_approve()
        self.assertEqual(self.quote.state, 'sent')

    def test_draft_quote_cannot_be_confirmed_from_the_portal(self):
        self.quote.write({'state': 'draft'})
        with self.assertRaises(UserError):
            self.quote.sudo().offer_confirm_by_customer(self.contact)
