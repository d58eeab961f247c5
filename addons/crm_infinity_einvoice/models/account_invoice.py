import base64
import datetime
import io
import logging
import zipfile
from decimal import Decimal

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..fatturapa import ExportError, PreflightError, build, filename as fatturapa_filename
from ..fatturapa.preflight import analyse
from .crm_infinity_einvoice_event import STATES

_logger = logging.getLogger(__name__)

# Which record a preflight problem is about, by the first part of its path
PATH_OWNERS = {
    'transmission': 'customer',
    'supplier': 'company',
    'customer': 'customer',
    'document': 'invoice',
    'lines': 'line',
    'payment': 'payment',
    'payability': 'invoice',
    'attachments': 'invoice',
}


def _dec(value):
    """Odoo floats as the exact decimals the builder computes with."""
    return Decimal(str(value or 0))


class AccountInvoice(models.Model):
    """FatturaPA export, sending by PEC and SdI notifications of customer invoices (SPEC E2-E6).

    ``fatturapa_export()`` is the public API used by the UI and by integrations: it returns the
    ``ir.attachment`` of the XML. The hard logic is in the framework-free ``fatturapa`` package;
    this model turns an invoice into its plain data and records the outcome."""

    _inherit = 'account.invoice'

    fatturapa_state = fields.Selection(STATES, 'E-invoice status', copy=False,
                                       track_visibility='onchange', index=True)
    fatturapa_attachment_id = fields.Many2one('ir.attachment', 'E-invoice XML', copy=False,
                                              readonly=True)
    fatturapa_progressive = fields.Char('E-invoice progressive', copy=False, readonly=True)
    fatturapa_filename = fields.Char('E-invoice file name', copy=False, readonly=True)
    fatturapa_sdi_id = fields.Char('SdI identifier', copy=False, readonly=True)
    fatturapa_error = fields.Text('SdI errors', copy=False, readonly=True)
    fatturapa_event_ids = fields.One2many('crm.infinity.einvoice.event', 'invoice_id',
                                          string='E-invoice history', readonly=True)
    fatturapa_doc_type = fields.Selection([
        ('TD01', 'TD01 - Invoice'), ('TD02', 'TD02 - Advance on invoice'),
        ('TD04', 'TD04 - Credit note'), ('TD05', 'TD05 - Debit note'),
        ('TD06', 'TD06 - Fee note'), ('TD24', 'TD24 - Deferred invoice')],
        'E-invoice document type', help='Empty: TD01 for invoices, TD04 for credit notes.')
    fatturapa_causale = fields.Text('Reason (Causale)', help='Printed in the e-invoice; split '
                                    'in pieces of 200 characters.')
    fatturapa_stamp_duty = fields.Float('Stamp duty (bollo virtuale)')

    # -- data for the builder ----------------------------------------------------------------

    def _fatturapa_address(self, partner):
        country = (partner.country_id.code or 'IT').upper()
        return {
            'street': ' '.join(filter(None, [partner.street, partner.street2])) or '',
            'zip': partner.zip or '',
            'city': partner.city or '',
            'province': partner.state_id.code if country == 'IT' and partner.state_id else None,
            'country': country,
        }

    def _fatturapa_vat(self, partner):
        vat = (partner.vat or '').replace(' ', '').upper()
        country = (partner.country_id.code or 'IT').upper()
        if vat[:2].isalpha():
            country, vat = vat[:2], vat[2:]
        return country, vat or None

    def _fatturapa_supplier(self):
        company = self.company_id
        partner = company.partner_id
        country, vat = self._fatturapa_vat(partner)
        rea = None
        if company.rea_code:
            rea = {'office': company.rea_office.code or '', 'number': company.rea_code,
                   'capital': _dec(company.rea_capital) if company.rea_capital else None,
                   'sole_shareholder': company.rea_member_type or None,
                   'liquidation': company.rea_liquidation_state or 'LN'}
        return {
            'country': country, 'vat': vat, 'fiscal_code': partner.fiscalcode or None,
            'name': company.name, 'first_name': None, 'last_name': None,
            'tax_regime': company.fatturapa_fiscal_position_id.code or None,
            'address': self._fatturapa_address(partner), 'rea': rea,
            'phone': None, 'email': None,
        }

    def _fatturapa_customer(self):
        partner = self.partner_id.commercial_partner_id
        country, vat = self._fatturapa_vat(partner)
        person = not partner.is_company and not vat
        names = (partner.name or '').split(' ', 1)
        return {
            'country': country, 'vat': vat, 'fiscal_code': partner.fiscalcode or None,
            'name': None if person else partner.name,
            'first_name': names[0] if person else None,
            'last_name': (names[1] if len(names) > 1 else names[0]) if person else None,
            'address': self._fatturapa_address(partner), 'is_pa': partner.is_pa,
        }

    def _fatturapa_lines(self):
        lines = []
        for line in self.invoice_line_ids.filtered(lambda l: not l.display_type
                                                   if 'display_type' in l._fields else True):
            taxes = line.invoice_line_tax_ids.filtered(lambda t: t.amount_type == 'percent')
            tax = taxes[:1]
            lines.append({
                'code': line.product_id.default_code or None,
                'description': line.name or line.product_id.display_name or '',
                'quantity': _dec(line.quantity), 'unit': line.uom_id.name if line.uom_id else None,
                'unit_price': _dec(line.price_unit), 'discount': _dec(line.discount),
                'vat_rate': _dec(tax.amount) if tax else Decimal('0'),
                'natura': tax.kind_id.code or None if tax else None,
                'legal_reference': tax.law_reference or None if tax else None,
            })
        return lines

    def _fatturapa_payment(self, payability):
        term = self.payment_term_id
        receivables = self.move_id.line_ids.filtered(
            lambda l: l.account_id.internal_type == 'receivable').sorted('date_maturity')
        due_dates = receivables.mapped('date_maturity') or [self.date_due or self.date_invoice]
        installments = [{'due_date': d, 'amount': None} for d in due_dates[:1]]
        if len(receivables) > 1:
            total = sum(abs(l.balance) for l in receivables) or 1.0
            to_pay = self.amount_untaxed if payability == 'S' else self.amount_total
            amounts = [round(abs(l.balance) * to_pay / total, 2) for l in receivables]
            amounts[-1] = round(to_pay - sum(amounts[:-1]), 2)
            installments = [{'due_date': l.date_maturity, 'amount': _dec(a)}
                            for l, a in zip(receivables, amounts)]
        bank = self.partner_bank_id or self.company_id.partner_id.bank_ids[:1]
        return {
            'terms': term.fatturapa_pt_id.code or ('TP01' if len(installments) > 1 else 'TP02'),
            'method': term.fatturapa_pm_id.code or 'MP05',
            'iban': (bank.acc_number or '').replace(' ', '') or None if bank else None,
            'bank': bank.bank_id.name if bank and bank.bank_id else None,
            'installments': installments,
        }

    def _fatturapa_recipient(self, customer):
        partner = self.partner_id.commercial_partner_id
        if customer['is_pa']:
            return partner.ipa_code or partner.codice_destinatario or None, None
        if customer['country'] != 'IT':
            return 'XXXXXXX', None
        if partner.codice_destinatario:
            return partner.codice_destinatario, partner.pec_destinatario or None
        if partner.pec_destinatario:
            return '0000000', partner.pec_destinatario
        return None, None

    @api.multi
    def _fatturapa_data(self, progressive, with_pdf=True):
        """The invoice as the plain data the FatturaPA builder takes."""
        self.ensure_one()
        customer = self._fatturapa_customer()
        supplier = self._fatturapa_supplier()
        code, pec = self._fatturapa_recipient(customer)
        payability = 'S' if any(t.payability == 'S' for t in self.invoice_line_ids.mapped(
            'invoice_line_tax_ids')) else ('D' if any(t.payability == 'D' for t in
                                                     self.invoice_line_ids.mapped('invoice_line_tax_ids')) else 'I')
        doc_type = self.fatturapa_doc_type or ('TD04' if self.type == 'out_refund' else 'TD01')
        related = None
        if self.type == 'out_refund' and self.refund_invoice_id:
            related = [{'number': self.refund_invoice_id.number,
                        'date': self.refund_invoice_id.date_invoice}]
        attachments = []
        if with_pdf and self.company_id.fatturapa_attach_pdf:
            pdf = self.env.ref('account.account_invoices').render_qweb_pdf(self.ids)[0]
            attachments.append({'name': '%s.pdf' % (self.number or 'fattura').replace('/', '_'),
                                'format': 'PDF', 'description': _('Invoice'), 'data': pdf})
        return {
            'transmission': {'sender_country': supplier['country'],
                             'sender_code': supplier['vat'] or supplier['fiscal_code'],
                             'progressive': progressive, 'recipient_code': code,
                             'recipient_pec': pec, 'sender_phone': None, 'sender_email': None},
            'supplier': supplier,
            'customer': customer,
            'document': {'type': doc_type, 'currency': self.currency_id.name,
                         'date': self.date_invoice, 'number': self.number or '',
                         'causale': self.fatturapa_causale or None,
                         'stamp_duty': _dec(self.fatturapa_stamp_duty) if self.fatturapa_stamp_duty else None,
                         'related': related},
            'lines': self._fatturapa_lines(),
            'payability': payability,
            'payment': self._fatturapa_payment(payability),
            'attachments': attachments,
        }

    def _fatturapa_describe(self, problem):
        """An Italian message that names the record and the field to fix."""
        head = problem.path.split('.')[0].split('[')[0]
        owner = PATH_OWNERS.get(head, 'invoice')
        if owner == 'customer':
            where = _('Customer %s') % self.partner_id.commercial_partner_id.display_name
        elif owner == 'company':
            where = _('Company %s') % self.company_id.name
        elif owner == 'line':
            index = int(problem.path.split('[')[1].split(']')[0]) if '[' in problem.path else 0
            lines = self.invoice_line_ids
            where = _('Line %d "%s"') % (index + 1, lines[index].name if index < len(lines) else '')
        elif owner == 'payment':
            where = _('Payment terms %s') % (self.payment_term_id.name or '')
        else:
            where = _('Invoice %s') % (self.number or self.display_name)
        return '%s: %s' % (where, problem.message)

    @api.multi
    def fatturapa_preflight(self):
        """All the problems of these invoices, in Italian, naming record and field."""
        problems = []
        for invoice in self:
            if invoice.type not in ('out_invoice', 'out_refund'):
                problems.append(_('Invoice %s: only customer invoices and credit notes are '
                                  'e-invoiced.') % invoice.display_name)
                continue
            if invoice.state not in ('open', 'paid'):
                problems.append(_('Invoice %s: validate it before exporting.') % invoice.display_name)
                continue
            found, _data = invoice._fatturapa_checked_data(
                invoice.fatturapa_progressive or '00001', with_pdf=False)
            problems += found
        return problems

    @api.multi
    def _fatturapa_checked_data(self, progressive, with_pdf=True):
        """(Italian problems, builder data) of this invoice.

        The file's ImportoTotaleDocumento must be what the customer owes in Odoo. When Odoo
        rounded the tax line by line (the company's default), the two differ by a few cents: the
        document's ``Arrotondamento`` carries the difference, which is its purpose. A larger gap
        is a real inconsistency and is reported."""
        self.ensure_one()
        data = self._fatturapa_data(progressive, with_pdf=with_pdf)
        found, normalised = analyse(data)
        problems = [self._fatturapa_describe(p) for p in found]
        if normalised:
            difference = round(self.amount_total - float(normalised['document']['total']), 2)
            tolerance = max(0.01, 0.005 * len(data['lines']))
            if difference and abs(difference) <= tolerance:
                data['document']['rounding'] = _dec(difference)
            elif difference:
                problems.append(_('Invoice %s: its total %.2f differs from the e-invoice total '
                                  '%.2f.') % (self.number, self.amount_total,
                                              float(normalised['document']['total'])))
        return problems, data

    @api.multi
    def _fatturapa_next_progressive(self):
        company = self.company_id
        sequence = company.fatturapa_sequence_id or self.env.ref(
            'crm_infinity_einvoice.sequence_fatturapa_progressive')
        return sequence.sudo().next_by_id()

    @api.multi
    @api.returns('ir.attachment', lambda attachment: attachment.id)
    def fatturapa_export(self):
        """Export this invoice to FatturaPA XML; return its ``ir.attachment``.

        Re-exporting keeps the file name and progressive: a progressive is never reused."""
        self.ensure_one()
        if not self.env.context.get('fatturapa_checked'):
            problems = self.fatturapa_preflight()
            if problems:
                raise UserError(_('The e-invoice cannot be exported:\n%s') % '\n'.join(
                    '• ' + p for p in problems))
        progressive = self.fatturapa_progressive or self._fatturapa_next_progressive()
        _problems, data = self._fatturapa_checked_data(progressive)
        try:
            xml = build(data)
        except PreflightError as error:
            raise UserError(_('The e-invoice cannot be exported:\n%s') % '\n'.join(
                '• ' + self._fatturapa_describe(p) for p in error.problems))
        except ExportError as error:
            raise UserError(_('The e-invoice XML is not valid:\n%s') % '\n'.join(error.messages))
        name = self.fatturapa_filename or fatturapa_filename(
            data['transmission']['sender_country'], data['transmission']['sender_code'],
            int(progressive) if str(progressive).isdigit() else progressive)
        values = {'name': name, 'datas_fname': name, 'datas': base64.b64encode(xml),
                  'mimetype': 'application/xml', 'res_model': self._name, 'res_id': self.id,
                  'type': 'binary'}
        attachment = self.fatturapa_attachment_id
        if attachment:
            attachment.write(values)
        else:
            attachment = self.env['ir.attachment'].create(values)
        self.write({'fatturapa_attachment_id': attachment.id, 'fatturapa_progressive': progressive,
                    'fatturapa_filename': name, 'fatturapa_state': 'exported',
                    'fatturapa_error': False})
        self._fatturapa_log('exported', attachment=attachment, note=name)
        return attachment

    def _fatturapa_log(self, state, **values):
        self.env['crm.infinity.einvoice.event'].sudo().create(dict(
            invoice_id=self.id, state=state, note=values.get('note'),
            notification_type=values.get('notification_type'), sdi_id=values.get('sdi_id'),
            attachment_id=values.get('attachment') and values['attachment'].id))

    @api.multi
    def action_fatturapa_export(self):
        self.ensure_one()
        attachment = self.fatturapa_export()
        return {'type': 'ir.actions.act_url', 'target': 'self',
                'url': '/web/content/%d?download=true' % attachment.id}

    @api.multi
    @api.returns('ir.attachment', lambda attachment: attachment.id)
    def fatturapa_export_zip(self):
        """Export every invoice (all or none) and return the ``ir.attachment`` of a ZIP."""
        problems = self.fatturapa_preflight()
        if problems:
            raise UserError(_('No e-invoice was exported:\n%s') % '\n'.join('• ' + p for p in problems))
        buf = io.BytesIO()
        # checked above; the e-invoice history replaces a chatter message per invoice
        invoices = self.with_context(fatturapa_checked=True, tracking_disable=True)
        with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as archive:
            for invoice in invoices:
                attachment = invoice.fatturapa_export()
                archive.writestr(attachment.datas_fname, base64.b64decode(attachment.datas))
        name = 'fatture_elettroniche_%s.zip' % fields.Date.context_today(self)
        return self.env['ir.attachment'].create({
            'name': name, 'datas_fname': name, 'datas': base64.b64encode(buf.getvalue()),
            'mimetype': 'application/zip', 'type': 'binary'})

    @api.multi
    def action_fatturapa_export_zip(self):
        attachment = self.fatturapa_export_zip()
        return {'type': 'ir.actions.act_url', 'target': 'self',
                'url': '/web/content/%d?download=true' % attachment.id}

    @api.multi
    def action_fatturapa_send(self):
        """Send the XML to SdI by PEC through the company's outgoing PEC server."""
        for invoice in self:
            company = invoice.company_id
            if not company.sdi_mail_server_id:
                raise UserError(_('Company %s: choose the PEC outgoing server for SdI in the '
                                  'e-invoicing settings.') % company.name)
            attachment = invoice.fatturapa_attachment_id or invoice.fatturapa_export()
            mail = self.env['mail.mail'].sudo().create({
                'subject': attachment.datas_fname,
                'body_html': '<p>%s</p>' % attachment.datas_fname,
                'email_from': company.sdi_pec_sender or company.email,
                'email_to': company.sdi_channel_pec,
                'mail_server_id': company.sdi_mail_server_id.id,
                'attachment_ids': [(4, attachment.id)],
                'model': invoice._name, 'res_id': invoice.id, 'auto_delete': False,
            })
            mail.send(raise_exception=True)
            invoice.write({'fatturapa_state': 'sent'})
            invoice._fatturapa_log('sent', attachment=attachment,
                                   note=_('Sent to %s') % company.sdi_channel_pec)
        return True

    # -- invoices from other documents (SPEC E1) ---------------------------------------------

    @api.model
    def crm_infinity_invoice_create(self, partner, lines, origin=None, user=None, taxes=None):
        """Extension point for the addons that invoice their documents (a commessa's time and
        material, a service contract): a draft customer invoice from plain lines.

        ``lines``: dicts with ``name``, ``quantity``, ``price_unit`` and optionally ``discount``,
        ``product_id``, ``account_id``, ``tax_ids``. Accepted quotes use Odoo's own
        sale-order invoicing, which this addon leaves as it is."""
        if not lines:
            raise UserError(_('There is nothing to invoice.'))
        company = self.env.user.company_id
        journal = self.env['account.journal'].search([('type', '=', 'sale'),
                                                      ('company_id', '=', company.id)], limit=1)
        if not journal:
            raise UserError(_('Company %s has no sales journal.') % company.name)
        default_account = journal.default_credit_account_id
        if taxes is None:  # the company's default sale taxes (Settings > Invoicing)
            default_ids = self.env['ir.default'].get('product.template', 'taxes_id',
                                                     company_id=company.id) or []
            taxes = self.env['account.tax'].browse(default_ids)
        default_taxes = taxes
        invoice_lines = []
        for line in lines:
            product = self.env['product.product'].browse(line.get('product_id') or [])
            account = line.get('account_id') or product.property_account_income_id.id or \
                product.categ_id.property_account_income_categ_id.id or default_account.id
            if not account:
                raise UserError(_('No income account for "%s".') % line['name'])
            tax_ids = line.get('tax_ids', default_taxes.ids if default_taxes else [])
            invoice_lines.append((0, 0, {
                'name': line['name'], 'quantity': line.get('quantity', 1.0),
                'price_unit': line['price_unit'], 'discount': line.get('discount', 0.0),
                'product_id': product.id or False, 'account_id': account,
                'invoice_line_tax_ids': [(6, 0, tax_ids)]}))
        invoice = self.create({
            'partner_id': partner.id, 'type': 'out_invoice', 'journal_id': journal.id,
            'origin': origin, 'user_id': (user or self.env.user).id,
            'invoice_line_ids': invoice_lines})
        invoice.compute_taxes()
        return invoice

    # -- payment deadlines (SPEC E6) --------------------------------------------------------

    @api.multi
    def crm_infinity_deadlines(self):
        """Extension point of the scadenze calendar (SPEC B8): the open due dates of these
        invoices as plain values (date, amount, partner, responsible, label)."""
        deadlines = []
        for invoice in self.filtered(lambda i: i.state == 'open'):
            for line in invoice.move_id.line_ids.filtered(
                    lambda l: l.account_id.internal_type == 'receivable' and not l.reconciled):
                deadlines.append({
                    'date': line.date_maturity, 'amount': line.amount_residual,
                    'partner_id': invoice.partner_id.id, 'user_id': invoice.user_id.id,
                    'res_model': invoice._name, 'res_id': invoice.id,
                    'name': _('Payment due: %s') % invoice.number,
                })
        return deadlines

    @api.model
    def _cron_payment_reminders(self, days=3):
        """Remind the responsible of each invoice of the payments falling due in ``days``."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        limit = fields.Date.to_string(today + datetime.timedelta(days=days))
        lines = self.env['account.move.line'].search([
            ('account_id.internal_type', '=', 'receivable'), ('reconciled', '=', False),
            ('date_maturity', '<=', limit), ('invoice_id.state', '=', 'open'),
            ('invoice_id.type', '=', 'out_invoice')])
        activity_type = self.env.ref('mail.mail_activity_data_todo')
        model = self.env['ir.model']._get(self._name)
        Activity = self.env['mail.activity']
        for line in lines:
            invoice = line.invoice_id
            summary = _('Payment due on %s') % line.date_maturity
            if Activity.search_count([('res_model_id', '=', model.id), ('res_id', '=', invoice.id),
                                      ('summary', '=', summary)]):
                continue  # one reminder per due date, however often the cron runs
            Activity.create({
                'res_model_id': model.id, 'res_id': invoice.id, 'activity_type_id': activity_type.id,
                'summary': summary, 'date_deadline': line.date_maturity,
                'user_id': (invoice.user_id or self.env.user).id,
                'note': _('%s: %.2f %s still to collect from %s.') % (
                    invoice.number, line.amount_residual, invoice.currency_id.symbol,
                    invoice.partner_id.display_name)})
        return True
