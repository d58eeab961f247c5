import base64
import datetime
import hashlib
import io
import logging
import zipfile
from decimal import Decimal

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from odoo.addons.base.ir.ir_sequence import _select_nextval, _update_nogap

from ..fatturapa import ExportError, PreflightError, Problem, build, filename as fatturapa_filename
from ..fatturapa.identifiers import split_vat
from ..fatturapa.preflight import analyse, encode_progressive
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


# The progressive written while a file is built and validated, replaced by the real one only
# when the file is good (a progressive is never burnt on a file that is not written)
PLACEHOLDER = 'PROGRESSIV'
PLACEHOLDER_ELEMENT = b'<ProgressivoInvio>PROGRESSIV</ProgressivoInvio>'
PROGRESSIVE_ELEMENT = b'<ProgressivoInvio>%s</ProgressivoInvio>'
EXPORT_CHUNK = 500


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

    fatturapa_warnings = fields.Text('E-invoice warnings', copy=False, readonly=True,
                                     help='What the last export changed in the text of the '
                                          'invoice to fit the e-invoice (transliterated '
                                          'characters, descriptions continued on further lines).')

    # -- data for the builder: read in batches -----------------------------------------------
    #
    # One ``read`` per model for the whole set of invoices (not one ORM walk per invoice): the
    # export of 1,000 invoices spends its time building and validating the files, not in SQL.

    @staticmethod
    def _fatturapa_by_id(records, field_names):
        """``{id: values}`` of ``records`` in one read. Many-to-one values are ``(id, None)``:
        their display names are not computed (a name_get per model and record set, which
        costs more than the read itself); the names needed are read apart."""
        if not records:
            return {}
        many2one = [f for f in field_names if records._fields[f].type == 'many2one']
        rows = records.read(field_names, load='_classic_write')
        for row in rows:
            for name in many2one:
                if row[name]:
                    row[name] = (row[name], None)
        return {row['id']: row for row in rows}

    def _fatturapa_search_read(self, model, domain, field_names, order):
        records = self.env[model].search(domain, order=order)
        rows = self._fatturapa_by_id(records, field_names)
        return [rows[record_id] for record_id in records.ids]

    def _fatturapa_names(self, model, ids):
        return {row['id']: row['name'] for row in self.env[model].browse(ids).read(['name'])} \
            if ids else {}

    @api.multi
    def _fatturapa_batch(self, progressives, with_pdf=True):
        """``{invoice id: builder data}`` of these invoices, reading every related model once.

        ``progressives`` maps an invoice id to the progressive to write (``None``: a
        placeholder, replaced once the file is built)."""
        env = self.env
        invoices = self._fatturapa_by_id(self, [
            'partner_id', 'commercial_partner_id', 'company_id', 'currency_id', 'date_invoice',
            'date_due', 'number', 'type', 'fatturapa_causale', 'fatturapa_stamp_duty',
            'fatturapa_doc_type', 'refund_invoice_id', 'payment_term_id', 'partner_bank_id',
            'move_id', 'amount_total', 'amount_untaxed'])
        lines = self._fatturapa_search_read(
            'account.invoice.line', [('invoice_id', 'in', self.ids)],
            ['invoice_id', 'name', 'quantity', 'price_unit', 'discount', 'price_subtotal',
             'product_id', 'uom_id', 'invoice_line_tax_ids'], order='invoice_id, sequence, id')
        uoms = self._fatturapa_names('product.uom', {l['uom_id'][0] for l in lines if l['uom_id']})
        currencies = self._fatturapa_names('res.currency', {
            i['currency_id'][0] for i in invoices.values() if i['currency_id']})
        lines_of = {}
        for line in lines:
            lines_of.setdefault(line['invoice_id'][0], []).append(line)
        tax_ids = {t for line in lines for t in line['invoice_line_tax_ids']}
        taxes = self._fatturapa_by_id(env['account.tax'].browse(tax_ids), [
            'name', 'amount', 'amount_type', 'price_include', 'kind_id', 'law_reference',
            'payability'])
        kinds = self._fatturapa_by_id(env['account.tax.kind'].browse(
            {t['kind_id'][0] for t in taxes.values() if t['kind_id']}), ['code'])
        products = self._fatturapa_by_id(env['product.product'].browse(
            {l['product_id'][0] for l in lines if l['product_id']}), ['default_code', 'name'])
        invoice_taxes = self._fatturapa_search_read(
            'account.invoice.tax', [('invoice_id', 'in', self.ids)],
            ['invoice_id', 'tax_id', 'amount_total'], order='id')
        receivables = self._fatturapa_search_read(
            'account.move.line',
            [('move_id', 'in', [i['move_id'][0] for i in invoices.values() if i['move_id']]),
             ('account_id.internal_type', '=', 'receivable')],
            ['move_id', 'date_maturity', 'balance'], order='date_maturity, id')
        receivables_of = {}
        for line in receivables:
            receivables_of.setdefault(line['move_id'][0], []).append(line)
        companies = {c.id: c for c in self.mapped('company_id')}
        company_data = {cid: self._fatturapa_company(company) for cid, company in companies.items()}
        partners = self._fatturapa_partners(
            {i['commercial_partner_id'][0] for i in invoices.values() if i['commercial_partner_id']})
        terms = self._fatturapa_by_id(env['account.payment.term'].browse(
            {i['payment_term_id'][0] for i in invoices.values() if i['payment_term_id']}),
            ['fatturapa_pt_id', 'fatturapa_pm_id'])
        pt_codes = self._fatturapa_by_id(env['fatturapa.payment_term'].browse(
            {t['fatturapa_pt_id'][0] for t in terms.values() if t['fatturapa_pt_id']}), ['code'])
        pm_codes = self._fatturapa_by_id(env['fatturapa.payment_method'].browse(
            {t['fatturapa_pm_id'][0] for t in terms.values() if t['fatturapa_pm_id']}), ['code'])
        banks = self._fatturapa_by_id(env['res.partner.bank'].browse(
            {i['partner_bank_id'][0] for i in invoices.values() if i['partner_bank_id']}),
            ['acc_number', 'bank_id'])
        bank_names = self._fatturapa_names('res.bank', {
            b['bank_id'][0] for b in list(banks.values()) + [c['bank'] for c in company_data.values()
                                                             if c['bank']] if b['bank_id']})
        refunded = self._fatturapa_by_id(env['account.invoice'].browse(
            {i['refund_invoice_id'][0] for i in invoices.values() if i['refund_invoice_id']}),
            ['number', 'date_invoice'])
        result = {}
        for invoice in self:
            values = invoices[invoice.id]
            company = company_data[values['company_id'][0]]
            supplier = company['supplier']
            partner = partners.get(values['commercial_partner_id'] and
                                   values['commercial_partner_id'][0]) or {}
            customer = partner.get('customer') or {}
            own_lines = lines_of.get(invoice.id, [])
            line_taxes = [[taxes[t] for t in line['invoice_line_tax_ids']] for line in own_lines]
            used = [t for group in line_taxes for t in group]
            payability = 'S' if any(t['payability'] == 'S' for t in used) else (
                'D' if any(t['payability'] == 'D' for t in used) else 'I')
            split_vat = sum(t['amount_total'] for t in invoice_taxes
                            if t['invoice_id'][0] == invoice.id and t['tax_id']
                            and taxes.get(t['tax_id'][0], {}).get('payability') == 'S')
            code, pec = self._fatturapa_recipient_of(customer, partner)
            doc_type = values['fatturapa_doc_type'] or (
                'TD04' if values['type'] == 'out_refund' else 'TD01')
            related = None
            if values['type'] == 'out_refund' and values['refund_invoice_id']:
                origin = refunded[values['refund_invoice_id'][0]]
                related = [{'number': origin['number'], 'date': origin['date_invoice']}]
            attachments = []
            if with_pdf and companies[values['company_id'][0]].fatturapa_attach_pdf:
                pdf = env.ref('account.account_invoices').render_qweb_pdf(invoice.ids)[0]
                attachments.append({'name': '%s.pdf' % (values['number'] or 'fattura').replace('/', '_'),
                                    'format': 'PDF', 'description': _('Invoice'), 'data': pdf})
            bank = banks.get(values['partner_bank_id'] and values['partner_bank_id'][0]) \
                or company['bank']
            term = terms.get(values['payment_term_id'] and values['payment_term_id'][0]) or {}
            move_lines = receivables_of.get(values['move_id'] and values['move_id'][0], [])
            if len(move_lines) > 1:
                installments = [{'due_date': l['date_maturity'], 'weight': _dec(abs(l['balance']))}
                                for l in move_lines]
            else:
                installments = [{'due_date': (move_lines and move_lines[0]['date_maturity'])
                                 or values['date_due'] or values['date_invoice'], 'amount': None}]
            pt = term.get('fatturapa_pt_id') and pt_codes[term['fatturapa_pt_id'][0]]['code']
            pm = term.get('fatturapa_pm_id') and pm_codes[term['fatturapa_pm_id'][0]]['code']
            result[invoice.id] = {
                'transmission': {'sender_country': supplier['country'],
                                 'sender_code': supplier['vat'] or supplier['fiscal_code'],
                                 'progressive': progressives.get(invoice.id) or PLACEHOLDER,
                                 'recipient_code': code, 'recipient_pec': pec,
                                 'sender_phone': None, 'sender_email': None},
                'supplier': supplier,
                'customer': customer,
                'document': {
                    'type': doc_type,
                    'currency': values['currency_id'] and currencies[values['currency_id'][0]],
                    'date': values['date_invoice'], 'number': values['number'] or '',
                    'causale': values['fatturapa_causale'] or None,
                    'stamp_duty': _dec(values['fatturapa_stamp_duty'])
                    if values['fatturapa_stamp_duty'] else None,
                    'related': related,
                    'expected_total': _dec(values['amount_total']),
                    'expected_untaxed': _dec(values['amount_untaxed']),
                    'expected_due': _dec(values['amount_total']) - _dec(split_vat),
                },
                'lines': [self._fatturapa_line(line, group, products, kinds, uoms)
                          for line, group in zip(own_lines, line_taxes)],
                'payability': payability,
                'payment': {
                    'terms': pt or ('TP01' if len(installments) > 1 else 'TP02'),
                    'method': pm or 'MP05',
                    'iban': (bank['acc_number'] or '').replace(' ', '') or None if bank else None,
                    'bank': bank_names[bank['bank_id'][0]] if bank and bank['bank_id'] else None,
                    'installments': installments,
                },
                'attachments': attachments,
            }
        return result

    @staticmethod
    def _fatturapa_line(line, taxes, products, kinds, uoms):
        percent = [t for t in taxes if t['amount_type'] == 'percent']
        tax = percent[0] if percent else None
        product = products.get(line['product_id'] and line['product_id'][0]) or {}
        return {
            'code': product.get('default_code') or None,
            'description': line['name'] or product.get('name') or '',
            'quantity': _dec(line['quantity']),
            'unit': uoms[line['uom_id'][0]] if line['uom_id'] else None,
            'unit_price': _dec(line['price_unit']), 'discount': _dec(line['discount']),
            'price_include': bool(tax and tax['price_include']),
            'subtotal': _dec(line['price_subtotal']),
            'vat_rate': _dec(tax['amount']) if tax else Decimal('0'),
            'natura': (kinds[tax['kind_id'][0]]['code'] if tax and tax['kind_id'] else None),
            'legal_reference': (tax['law_reference'] or None) if tax else None,
            # more taxes than one percent tax on a line: the file cannot say it (checked apart)
            'odoo_taxes': [t['name'] for t in taxes] if len(taxes) != len(percent[:1]) else None,
        }

    def _fatturapa_address_of(self, partner, countries, states):
        country = countries.get(partner['country_id'] and partner['country_id'][0]) or 'IT'
        state = states.get(partner['state_id'] and partner['state_id'][0])
        return {
            'street': ' '.join(filter(None, [partner['street'], partner['street2']])) or '',
            'zip': partner['zip'] or '', 'city': partner['city'] or '',
            # the province of an Italian address; a state of another country is flagged
            'province': state['code'] if state and country == 'IT' else None,
            'province_country': state['country'] if state else None,
            'country': country,
        }

    _PARTNER_FIELDS = ['name', 'is_company', 'vat', 'fiscalcode', 'street', 'street2', 'zip', 'city',
                       'state_id', 'country_id', 'is_pa', 'ipa_code', 'codice_destinatario',
                       'pec_destinatario']

    def _fatturapa_geo(self, rows):
        """Country codes and states (code, country code) of the partners ``rows``."""
        countries = self._fatturapa_by_id(self.env['res.country'].browse(
            {r['country_id'][0] for r in rows if r['country_id']}), ['code'])
        states = self._fatturapa_by_id(self.env['res.country.state'].browse(
            {r['state_id'][0] for r in rows if r['state_id']}), ['code', 'country_id'])
        state_countries = self._fatturapa_by_id(self.env['res.country'].browse(
            {s['country_id'][0] for s in states.values() if s['country_id']}), ['code'])
        return ({cid: (c['code'] or '').upper() for cid, c in countries.items()},
                {sid: {'code': s['code'], 'country': s['country_id'] and (
                    state_countries[s['country_id'][0]]['code'] or '').upper()}
                 for sid, s in states.items()})

    def _fatturapa_partners(self, partner_ids):
        """``{partner id: {'customer': builder data, 'row': read values}}``."""
        rows = list(self._fatturapa_by_id(self.env['res.partner'].browse(partner_ids),
                                          self._PARTNER_FIELDS).values())
        countries, states = self._fatturapa_geo(rows)
        result = {}
        for partner in rows:
            own_country = countries.get(partner['country_id'] and partner['country_id'][0]) or 'IT'
            country, vat = split_vat(partner['vat'], own_country) if partner['vat'] else (own_country, None)
            person = not partner['is_company'] and not vat
            names = (partner['name'] or '').split(' ', 1)
            result[partner['id']] = {'row': partner, 'customer': {
                'country': country, 'vat': vat, 'fiscal_code': partner['fiscalcode'] or None,
                'name': None if person else partner['name'],
                'first_name': names[0] if person else None,
                'last_name': (names[1] if len(names) > 1 else names[0]) if person else None,
                'address': self._fatturapa_address_of(partner, countries, states),
                'is_pa': partner['is_pa'],
            }}
        return result

    def _fatturapa_company(self, company):
        """The supplier data of ``company`` and its default bank account."""
        partner = self._fatturapa_by_id(company.partner_id, self._PARTNER_FIELDS + ['bank_ids'])[
            company.partner_id.id]
        countries, states = self._fatturapa_geo([partner])
        own_country = countries.get(partner['country_id'] and partner['country_id'][0]) or 'IT'
        country, vat = split_vat(partner['vat'], own_country) if partner['vat'] else (own_country, None)
        rea = None
        if company.rea_code:
            rea = {'office': company.rea_office.code or '', 'number': company.rea_code,
                   'capital': _dec(company.rea_capital) if company.rea_capital else None,
                   'sole_shareholder': company.rea_member_type or None,
                   'liquidation': company.rea_liquidation_state or 'LN'}
        bank = self._fatturapa_by_id(self.env['res.partner.bank'].browse(partner['bank_ids'][:1]),
                                     ['acc_number', 'bank_id'])
        return {'supplier': {
            'country': country, 'vat': vat, 'fiscal_code': partner['fiscalcode'] or None,
            'name': company.name, 'first_name': None, 'last_name': None,
            'tax_regime': company.fatturapa_fiscal_position_id.code or None,
            'address': self._fatturapa_address_of(partner, countries, states), 'rea': rea,
            'phone': None, 'email': None,
        }, 'bank': list(bank.values())[0] if bank else None}

    @staticmethod
    def _fatturapa_recipient_of(customer, partner):
        row = partner.get('row') or {}
        if not customer:
            return None, None
        if customer['is_pa']:
            return row['ipa_code'] or row['codice_destinatario'] or None, None
        if customer['country'] != 'IT':
            return 'XXXXXXX', None
        if row['codice_destinatario']:
            return row['codice_destinatario'], row['pec_destinatario'] or None
        if row['pec_destinatario']:
            return '0000000', row['pec_destinatario']
        return None, None

    @api.multi
    def _fatturapa_data(self, progressive, with_pdf=True):
        """The invoice as the plain data the FatturaPA builder takes."""
        self.ensure_one()
        return self._fatturapa_batch({self.id: progressive}, with_pdf=with_pdf)[self.id]

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

    def _fatturapa_state_problem(self):
        if self.type not in ('out_invoice', 'out_refund'):
            return _('Invoice %s: only customer invoices and credit notes are '
                     'e-invoiced.') % self.display_name
        if self.state not in ('open', 'paid'):
            return _('Invoice %s: validate it before exporting.') % self.display_name
        return None

    def _fatturapa_data_problems(self, data):
        """Problems of the Odoo data that the file cannot carry (before the package's own)."""
        problems = []
        for index, line in enumerate(data['lines']):
            names = line.pop('odoo_taxes', None)
            if names:
                problems.append(self._fatturapa_describe(Problem(
                    'lines[%d].vat_rate' % index,
                    _('the e-invoice allows one percentage tax per line (found: %s).')
                    % ', '.join(names))))
        return problems

    def _fatturapa_price_warnings(self, data, digits):
        """A unit price of zero on a line with a quantity, while Odoo keeps fewer decimals
        than FatturaPA's 8: it may be a price like 0.0012 that Odoo rounded when it was typed."""
        if digits >= 8:
            return []
        return [self._fatturapa_describe(Problem(
            'lines[%d].unit_price' % index,
            _('unit price 0.00: if it had more than %d decimals Odoo rounded it when it was '
              'typed (decimal accuracy "Product Price"; the e-invoice allows up to 8).') % digits))
            for index, line in enumerate(data['lines'])
            if not line['unit_price'] and line['quantity'] and line['discount'] != 100]

    @api.multi
    def fatturapa_preflight(self):
        """All the problems of these invoices, in Italian, naming record and field."""
        problems = []
        valid = self.browse()
        for invoice in self:
            problem = invoice._fatturapa_state_problem()
            if problem:
                problems.append(problem)
            else:
                valid |= invoice
        datas = valid._fatturapa_batch({}, with_pdf=False)
        for invoice in valid:
            data = datas[invoice.id]
            problems += invoice._fatturapa_data_problems(data)
            problems += [invoice._fatturapa_describe(p) for p in analyse(data)[0]]
        return problems

    @api.multi
    def _fatturapa_checked_data(self, progressive, with_pdf=True):
        """(Italian problems, builder data) of this invoice."""
        self.ensure_one()
        data = self._fatturapa_data(progressive, with_pdf=with_pdf)
        problems = self._fatturapa_data_problems(data)
        problems += [self._fatturapa_describe(p) for p in analyse(data)[0]]
        return problems, data

    def _fatturapa_sequence(self):
        return self.company_id.fatturapa_sequence_id or self.env.ref(
            'crm_infinity_einvoice.sequence_fatturapa_progressive')

    @api.multi
    def _fatturapa_next_progressive(self):
        """The next progressive of the file name (5 letters or digits): the sequence's next
        number, whatever its prefix, suffix or padding, in base 36."""
        sequence = self._fatturapa_sequence().sudo()
        problem = sequence._fatturapa_sequence_problem()
        if problem:
            raise UserError(problem)
        if sequence.implementation == 'standard':
            number = _select_nextval(self.env.cr, 'ir_sequence_%03d' % sequence.id)[0]
        else:
            number = _update_nogap(sequence, sequence.number_increment)
        try:
            return encode_progressive(number)
        except ValueError:
            raise UserError(_('The e-invoice progressive %s of sequence %s exceeds the 60,466,175 '
                              'file names SdI allows (5 letters or digits).')
                            % (number, sequence.name))

    @staticmethod
    def _fatturapa_stored_progressive(row):
        """The progressive of an exported file: the one of its file name (never a new one)."""
        if row['fatturapa_filename'] and '_' in row['fatturapa_filename']:
            return row['fatturapa_filename'].rsplit('_', 1)[1].split('.')[0]
        return row['fatturapa_progressive'] or None

    _EXPORT_FIELDS = ['type', 'state', 'number', 'fatturapa_filename',
                      'fatturapa_progressive', 'fatturapa_attachment_id', 'fatturapa_state',
                      'fatturapa_error', 'fatturapa_warnings']

    @api.multi
    def _fatturapa_build_all(self):
        """``{invoice id: (xml, data, warnings, row)}`` of these invoices, or a ``UserError``
        with the problems of all of them. Builds every file (XSD and arithmetic included)
        before a single progressive is taken: a number is only given to a file that is written."""
        # the export writes on the invoices (state, file): refused up front to who cannot
        self.check_access_rights('write')
        self.check_access_rule('write')
        problems, built = [], {}
        # by chunks, the ORM cache emptied after each: the memory of an export of ten thousand
        # invoices stays that of a chunk (plus the XML files, a few kB each)
        for start in range(0, len(self), EXPORT_CHUNK):
            self[start:start + EXPORT_CHUNK]._fatturapa_build_chunk(problems, built)
            self.invalidate_cache()
        if problems:
            raise UserError(_('The e-invoice cannot be exported:\n%s') % '\n'.join(
                '• ' + p for p in problems))
        return built

    @api.multi
    def _fatturapa_build_chunk(self, problems, built):
        rows = self._fatturapa_by_id(self, self._EXPORT_FIELDS)
        for invoice in self:
            row = rows[invoice.id]
            if row['type'] not in ('out_invoice', 'out_refund'):
                problems.append(_('Invoice %s: only customer invoices and credit notes are '
                                  'e-invoiced.') % (row['number'] or invoice.display_name))
            elif row['state'] not in ('open', 'paid'):
                problems.append(_('Invoice %s: validate it before exporting.')
                                % (row['number'] or invoice.display_name))
        if problems:
            return
        datas = self._fatturapa_batch({i: self._fatturapa_stored_progressive(row)
                                       for i, row in rows.items()})
        digits = self.env['decimal.precision'].precision_get('Product Price')
        for invoice in self:
            data = datas[invoice.id]
            found = invoice._fatturapa_data_problems(data)
            warnings = []
            try:
                xml = build(data, warnings=warnings)
            except PreflightError as error:
                found += [invoice._fatturapa_describe(p) for p in error.problems]
            except ExportError as error:
                found += [_('Invoice %s: the e-invoice XML is not valid: %s')
                          % (rows[invoice.id]['number'], m) for m in error.messages]
            if found:
                problems += found
            elif not problems:
                warnings = [invoice._fatturapa_describe(w) for w in warnings]
                warnings += invoice._fatturapa_price_warnings(data, digits)
                transmission = data['transmission']
                built[invoice.id] = (xml, {'transmission': {
                    key: transmission[key] for key in ('progressive', 'sender_country',
                                                       'sender_code')}},
                    warnings, rows[invoice.id])

    @api.multi
    def _fatturapa_write_files(self, built):
        """Number the new files and store them; ``{invoice id: (attachment, xml)}``.

        Access to the invoices was checked (write) when they were built: the attachments are
        written as superuser. A file identical to the stored one is not rewritten, and the
        invoices whose new values are the same are written together."""
        Attachment = self.env['ir.attachment'].sudo()
        attachments = self._fatturapa_by_id(Attachment.browse(
            [row['fatturapa_attachment_id'][0] for _x, _d, _w, row in built.values()
             if row['fatturapa_attachment_id']]), ['checksum'])
        result, writes, events = {}, {}, []
        for invoice in self:
            xml, data, warnings, row = built[invoice.id]
            progressive = data['transmission']['progressive']
            if progressive == PLACEHOLDER:
                progressive = invoice._fatturapa_next_progressive()
                xml = xml.replace(PLACEHOLDER_ELEMENT, PROGRESSIVE_ELEMENT % progressive.encode(), 1)
            name = row['fatturapa_filename'] or fatturapa_filename(
                data['transmission']['sender_country'], data['transmission']['sender_code'],
                progressive)
            values = {'name': name, 'datas_fname': name, 'datas': base64.b64encode(xml),
                      'mimetype': 'application/xml', 'res_model': self._name, 'res_id': invoice.id,
                      'type': 'binary'}
            attachment_id = row['fatturapa_attachment_id'] and row['fatturapa_attachment_id'][0]
            if attachment_id in attachments:
                attachment = Attachment.browse(attachment_id)
                if attachments[attachment_id]['checksum'] != hashlib.sha1(xml).hexdigest():
                    attachment.write(values)
            else:
                attachment = Attachment.create(values)
            if len(events) % EXPORT_CHUNK == EXPORT_CHUNK - 1:
                Attachment.invalidate_cache()
            new = {'fatturapa_attachment_id': attachment.id, 'fatturapa_progressive': progressive,
                   'fatturapa_filename': name, 'fatturapa_state': 'exported',
                   'fatturapa_error': False, 'fatturapa_warnings': '\n'.join(warnings) or False}
            changed = tuple(sorted(
                (key, value) for key, value in new.items()
                if (row[key][0] if isinstance(row[key], tuple) else row[key]) != value))
            if changed:
                writes.setdefault(changed, []).append(invoice.id)
            events.append({'invoice_id': invoice.id, 'state': 'exported', 'note': name,
                           'attachment_id': attachment.id})
            result[invoice.id] = (self.env['ir.attachment'].browse(attachment.id), xml, name)
        for values, ids in writes.items():
            for start in range(0, len(ids), EXPORT_CHUNK):
                self.browse(ids[start:start + EXPORT_CHUNK]).write(dict(values))
                self.invalidate_cache()
        self.env['crm.infinity.einvoice.event'].sudo()._log_many(events)
        return result

    @api.multi
    @api.returns('ir.attachment', lambda attachment: attachment.id)
    def fatturapa_export(self):
        """Export this invoice to FatturaPA XML; return its ``ir.attachment``.

        Re-exporting keeps the file name and progressive: a progressive is never reused, and
        one is taken only when the file has been built and validated."""
        self.ensure_one()
        written = self._fatturapa_write_files(self._fatturapa_build_all())
        return written[self.id][0]

    def _fatturapa_log(self, state, **values):
        self.env['crm.infinity.einvoice.event'].sudo().create(dict(
            invoice_id=self.id, state=state, note=values.get('note'),
            notification_type=values.get('notification_type'), sdi_id=values.get('sdi_id'),
            attachment_id=values.get('attachment') and values['attachment'].id))

    @api.multi
    def action_fatturapa_export(self):
        self.ensure_one()
        attachment = self.fatturapa_export()
        # the shared download action: Odoo's act_url left the form frozen after the download
        return {'type': 'ir.actions.client', 'tag': 'crm_infinity_download',
                'params': {'url': '/web/content/%d?download=true' % attachment.id}}

    @api.multi
    @api.returns('ir.attachment', lambda attachment: attachment.id)
    def fatturapa_export_zip(self):
        """Export every invoice (all or none) and return the ``ir.attachment`` of a ZIP.

        Every file is built and validated first and the problems of all the invoices are
        reported together; progressives are taken only when all the files are good."""
        # the e-invoice history replaces a chatter message per invoice
        invoices = self.with_context(tracking_disable=True)
        written = invoices._fatturapa_write_files(invoices._fatturapa_build_all())
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as archive:
            for invoice in invoices:
                _attachment, xml, name = written[invoice.id]
                archive.writestr(name, xml)
        name = 'fatture_elettroniche_%s.zip' % fields.Date.context_today(self)
        return self.env['ir.attachment'].create({
            'name': name, 'datas_fname': name, 'datas': base64.b64encode(buf.getvalue()),
            'mimetype': 'application/zip', 'type': 'binary'})

    @api.multi
    def action_fatturapa_export_zip(self):
        attachment = self.fatturapa_export_zip()
        # the shared download action: Odoo's act_url left the form frozen after the download
        return {'type': 'ir.actions.client', 'tag': 'crm_infinity_download',
                'params': {'url': '/web/content/%d?download=true' % attachment.id}}

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

    # -- credit notes: Odoo's "created from" note in Italian ---------------------------------

    @api.multi
    @api.returns('self')
    def refund(self, date_invoice=None, date=None, description=None, journal_id=None):
        """Odoo's credit note, whose note names its invoice in the user's language: Odoo writes
        "This %s has been created from: ..." with an untranslated English kind ("Questa
        customer invoices credit note è stata creata da: ...")."""
        refunds = super(AccountInvoice, self.with_context(crm_refund_note=True)).refund(
            date_invoice=date_invoice, date=date, description=description, journal_id=journal_id)
        return refunds.with_env(self.env)

    @api.multi
    @api.returns('self', lambda value: value.id)
    def message_post(self, body='', *args, **kwargs):
        if self.env.context.get('crm_refund_note') and len(self) == 1 and body:
            origin = self.refund_invoice_id
            if origin and 'data-oe-model=account.invoice data-oe-id=%d>' % origin.id in body:
                # Odoo's own sentence and kind, translated when account is installed (the
                # demo's credit note is made before this addon's translations are loaded)
                body = _('This %s has been created from: <a href=# data-oe-model=account.invoice '
                         'data-oe-id=%d>%s</a>') % (_('Credit Note').lower(), origin.id,
                                                    html_escape(origin.number or origin.display_name))
        return super().message_post(body, *args, **kwargs)

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
