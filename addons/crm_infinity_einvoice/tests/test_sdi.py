import base64

from odoo.exceptions import UserError

from odoo.addons.crm_infinity_base.tests.servers import SmtpCatcher

from .common import EinvoiceCase


class TestSdi(EinvoiceCase):
    """SPEC E5: sending by PEC and the SdI notifications."""

    def _exported(self, partner=None, tax=None):
        invoice = self._invoice(partner or self.private, [('Canone', 1, 100.0, 0, tax or self.tax22)])
        invoice.fatturapa_export()
        return invoice

    def test_pec_sending_reaches_a_real_smtp_server_with_the_xml(self):
        with SmtpCatcher() as smtp:
            server = self.env['ir.mail_server'].create({'name': 'PEC', 'smtp_host': '127.0.0.1',
                                                        'smtp_port': smtp.port})
            self.company.write({'sdi_mail_server_id': server.id, 'sdi_channel_pec': 'sdi01@pec.fatturapa.it',
                                'sdi_pec_sender': 'fatture@pec.example.com'})
            invoice = self._exported()
            invoice.action_fatturapa_send()
            self.assertEqual(len(smtp.messages), 1)
            message = smtp.messages[0]
            self.assertEqual(message['to'], ['sdi01@pec.fatturapa.it'])
            parts = [p for p in message['message'].walk() if p.get_filename()]
            self.assertEqual([p.get_filename() for p in parts], [invoice.fatturapa_filename])
            self.assertIn(b'FatturaElettronica', parts[0].get_payload(decode=True))
        self.assertEqual(invoice.fatturapa_state, 'sent')

    def test_sending_without_pec_server_is_a_clear_error(self):
        invoice = self._exported()
        self.company.sdi_mail_server_id = False
        with self.assertRaises(UserError) as info:
            invoice.action_fatturapa_send()
        self.assertIn('PEC', info.exception.name)

    def test_each_notification_moves_the_status(self):
        cases = [('IT01234567897_00001_RC_001.xml', 'delivered'),
                 ('IT01234567897_00002_MC_001.xml', 'not_delivered'),
                 ('IT01234567897_11111_NS_001.xml', 'rejected'),
                 ('IT01234567897_00004_NE_EC01.xml', 'accepted'),
                 ('IT01234567897_00005_NE_EC02.xml', 'refused'),
                 ('IT01234567897_00006_DT_001.xml', 'expired'),
                 ('IT01234567897_00007_AT_001.xml', 'impossible')]
        Notification = self.env['crm.infinity.sdi.notification']
        for sample, state in cases:
            invoice = self._exported(self.pa if 'NE' in sample or 'DT' in sample else None,
                                     self.tax_split if 'NE' in sample or 'DT' in sample else None)
            notification = Notification.import_notification(
                self._notification(sample, invoice.fatturapa_filename), sample)
            self.assertEqual(notification.invoice_id, invoice)
            self.assertEqual(invoice.fatturapa_state, state, sample)
            self.assertEqual(invoice.fatturapa_event_ids[0].notification_type, sample.split('_')[2])
        rejected = Notification.search([('notification_type', '=', 'NS')], limit=1).invoice_id
        self.assertIn('00404', rejected.fatturapa_error)
        self.assertIn('00423', rejected.fatturapa_error)

    def test_mc_is_not_an_error_for_a_private_customer(self):
        invoice = self._exported()
        self.env['crm.infinity.sdi.notification'].import_notification(
            self._notification('IT01234567897_00002_MC_001.xml', invoice.fatturapa_filename))
        self.assertEqual(invoice.fatturapa_state, 'not_delivered')
        self.assertFalse(invoice.fatturapa_error)

    def test_malformed_notifications_change_nothing(self):
        invoice = self._exported()
        Notification = self.env['crm.infinity.sdi.notification']
        count = Notification.search_count([])
        for bad in (b'not xml at all', b'<types:Unknown xmlns:types="http://www.fatturapa.gov.it/sdi/messaggi/v1.0"/>',
                    self._notification('IT01234567897_00001_RC_001.xml', invoice.fatturapa_filename)
                    .replace(b'<IdentificativoSdI>', b'<Identificativo>').replace(b'</IdentificativoSdI>', b'</Identificativo>')):
            with self.assertRaises(UserError):
                Notification.import_notification(bad, 'bad.xml')
        self.assertEqual(Notification.search_count([]), count)
        self.assertEqual(invoice.fatturapa_state, 'exported')

    def test_unmatched_notification_is_kept_for_review(self):
        notification = self.env['crm.infinity.sdi.notification'].import_notification(
            self._notification('IT01234567897_00001_RC_001.xml', 'IT99999999999_ZZZZZ.xml'))
        self.assertEqual(notification.state, 'unmatched')

    def test_notification_by_incoming_pec_through_the_mail_gateway(self):
        invoice = self._exported()
        xml = self._notification('IT01234567897_00001_RC_001.xml', invoice.fatturapa_filename)
        raw = (b'From: sdi01@pec.fatturapa.it\r\nTo: fatture@pec.example.com\r\n'
               b'Subject: POSTA CERTIFICATA: Ricevuta di consegna\r\n'
               b'Message-Id: <rc-1@pec.fatturapa.it>\r\nMIME-Version: 1.0\r\n'
               b'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n--XX\r\n'
               b'Content-Type: text/plain\r\n\r\nRicevuta\r\n--XX\r\n'
               b'Content-Type: application/xml; name="IT_RC_001.xml"\r\n'
               b'Content-Disposition: attachment; filename="IT_RC_001.xml"\r\n'
               b'Content-Transfer-Encoding: base64\r\n\r\n' + base64.encodebytes(xml) + b'\r\n--XX--\r\n')
        self.env['mail.thread'].message_process('crm.infinity.sdi.notification', raw)
        self.assertEqual(invoice.fatturapa_state, 'delivered')

    def test_upload_wizard(self):
        invoice = self._exported()
        wizard = self.env['crm.infinity.sdi.notification.import'].create({
            'data': base64.b64encode(self._notification('IT01234567897_00001_RC_001.xml',
                                                        invoice.fatturapa_filename)),
            'filename': 'rc.xml'})
        wizard.action_import()
        self.assertEqual(invoice.fatturapa_state, 'delivered')
