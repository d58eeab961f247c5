"""The e-invoicing part of the demo's story: the customers' fiscal data and a year of invoices,
paid, open and overdue (see ``crm_infinity_base.demo_builder``)."""
import hashlib

from odoo import api, fields, models


def _code(key, length):
    """A stable code of ``length`` letters and digits for a demo customer."""
    digest = hashlib.sha256(key.encode()).hexdigest().upper()
    return digest[:length]


class CrmInfinityDemo(models.AbstractModel):
    _inherit = 'crm.infinity.demo'

    @api.model
    def _demo_build_fiscal_data(self):
        """What FatturaPA needs of the customers the story added: fiscal code, and the recipient
        code (companies), the PEC (professionals) or the IPA code (public administrations)."""
        for customer in self._demo_story().customers:
            if customer.xmlid:
                continue  # the demo XML has theirs
            partner = self._demo_customer(customer.key)
            values = {'fiscalcode': customer.fiscalcode or (customer.vat or '')[2:] or False}
            if customer.kind == 'pa':
                values.update(is_pa=True, ipa_code=_code(customer.key, 6))
            elif customer.kind == 'professional':
                values.update(codice_destinatario='0000000',
                              pec_destinatario='%s@pec.example.it' % customer.key)
            else:
                values.update(codice_destinatario=_code(customer.key, 7))
            partner.write(values)
        return True

    @api.model
    def _demo_build_invoices(self):
        """The invoices of the story, validated on their date; the paid ones paid by bank
        transfer on the day of the story."""
        Invoice = self.env['account.invoice'].with_context(tracking_disable=True,
                                                           mail_create_nolog=True)
        company = self.env.ref('base.main_company')
        taxes = Invoice._crm_infinity_demo_taxes(company)
        account = self.env['account.account'].search([
            ('company_id', '=', company.id),
            ('user_type_id', '=', self.env.ref('account.data_account_type_revenue').id)], limit=1)
        journal = self.env['account.journal'].search([('type', '=', 'sale'),
                                                      ('company_id', '=', company.id)], limit=1)
        bank = self.env['account.journal'].search([('type', '=', 'bank'),
                                                   ('company_id', '=', company.id)], limit=1)
        if not (account and journal and bank):
            return True  # no chart of accounts: nothing to invoice
        customers = {c.key: c for c in self._demo_story().customers}
        with self._demo_quiet():
            for plan in sorted(self._demo_story().invoices, key=lambda i: i.date):
                customer = customers[plan.customer]
                partner = self._demo_customer(plan.customer)
                tax = taxes[{'pa': 'split', 'foreign': 'eu_service'}.get(customer.kind,
                                                                         'standard')]
                invoice = Invoice.create({
                    'partner_id': partner.id, 'type': 'out_invoice', 'journal_id': journal.id,
                    'date_invoice': fields.Date.to_string(plan.date),
                    'date_due': fields.Date.to_string(plan.due),
                    'user_id': self._demo_user(customer.owner).id,
                    'fatturapa_causale': 'Reverse charge - art. 7-ter DPR 633/72'
                    if customer.kind == 'foreign' else False,
                    'invoice_line_ids': [(0, 0, {
                        'name': name, 'quantity': qty, 'price_unit': price,
                        'account_id': account.id, 'invoice_line_tax_ids': [(6, 0, tax.ids)]})
                        for name, qty, price in plan.lines],
                })
                invoice.action_invoice_open()
                if plan.state == 'paid':
                    invoice.pay_and_reconcile(bank, date=fields.Date.to_string(plan.paid_on))
                self._demo_backdate(invoice, {'create_date': self._demo_utc(plan.date)})
        return True
