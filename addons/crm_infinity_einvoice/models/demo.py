from odoo import api, fields, models

# (partner xml id, tax kind, lines: (description, quantity, unit price, discount %))
DEMO_INVOICES = [
    ('crm_infinity_base.partner_comune_demo', 'split', [
        ('Consulenza sicurezza impianti scolastici - ore', 24, 65.0, 0),
        ('Redazione DVR plesso di via Pignolo', 1, 1450.0, 10),
    ], 'Determina n. 245/2026 - CIG Z1A2B3C4D5'),
    ('crm_infinity_base.partner_rossi_impianti_demo', 'standard', [
        ('Audit impianti elettrici - ore', 12.5, 72.345678, 0),
        ('Formazione addetti antincendio (corso 8 ore)', 4, 180.0, 5),
        ('Sopralluogo omaggio', 1, 150.0, 100),
    ], None),
    ('crm_infinity_base.partner_studio_verdi_demo', 'standard', [
        ('Canone assistenza gestionale - novembre', 1, 390.0, 0),
    ], None),
    ('crm_infinity_base.partner_mueller_demo', 'eu_service', [
        ('Consulting on CE machinery directive - days', 3, 850.0, 0),
    ], 'Reverse charge - art. 7-ter DPR 633/72'),
    ('crm_infinity_base.partner_bianchi_costruzioni_demo', 'mixed_exempt', [
        ('Corso di formazione sicurezza cantieri (esente art. 10)', 10, 95.0, 0),
        ('Materiale didattico', 10, 12.5, 0),
    ], None),
]


class AccountInvoice(models.Model):
    _inherit = 'account.invoice'

    @api.model
    def _crm_infinity_demo_taxes(self, company):
        Tax = self.env['account.tax']
        def tax(name, amount, **values):
            found = Tax.search([('name', '=', name), ('company_id', '=', company.id)], limit=1)
            if found:
                return found
            vals = {'name': name, 'amount': amount, 'amount_type': 'percent',
                    'type_tax_use': 'sale', 'company_id': company.id}
            vals.update(values)
            return Tax.create(vals)
        kind = lambda code: self.env['account.tax.kind'].search([('code', '=', code)], limit=1).id
        standard = Tax.search([('type_tax_use', '=', 'sale'), ('amount', '=', 22),
                               ('amount_type', '=', 'percent'), ('company_id', '=', company.id),
                               ('price_include', '=', False)], limit=1) or tax('IVA 22%', 22)
        return {
            'standard': standard,
            'split': tax('IVA 22% scissione pagamenti', 22, payability='S',
                         account_id=standard.account_id.id),
            'eu_service': tax('Non soggetta art. 7-ter', 0, kind_id=kind('N2.1'),
                              law_reference='Art. 7-ter DPR 633/72'),
            'exempt': tax('Esente art. 10', 0, kind_id=kind('N4'),
                          law_reference='Art. 10 n. 20 DPR 633/72'),
        }

    @api.model
    def _crm_infinity_create_demo_invoices(self):
        """The six e-invoicing scenarios of the demo, validated and ready to export."""
        company = self.env.ref('base.main_company')
        taxes = self._crm_infinity_demo_taxes(company)
        account = self.env['account.account'].search([
            ('company_id', '=', company.id),
            ('user_type_id', '=', self.env.ref('account.data_account_type_revenue').id)], limit=1)
        journal = self.env['account.journal'].search([('type', '=', 'sale'),
                                                      ('company_id', '=', company.id)], limit=1)
        if not account or not journal:
            return  # no chart of accounts: nothing to invoice
        created = self.browse()
        for partner_ref, tax_kind, lines, causale in DEMO_INVOICES:
            partner = self.env.ref(partner_ref)
            line_vals = []
            for index, (name, qty, price, discount) in enumerate(lines):
                if tax_kind == 'mixed_exempt':
                    line_tax = taxes['exempt'] if index == 0 else taxes['standard']
                else:
                    line_tax = taxes[tax_kind]
                line_vals.append((0, 0, {'name': name, 'quantity': qty, 'price_unit': price,
                                         'discount': discount, 'account_id': account.id,
                                         'invoice_line_tax_ids': [(6, 0, line_tax.ids)]}))
            invoice = self.create({
                'partner_id': partner.id, 'type': 'out_invoice', 'journal_id': journal.id,
                'date_invoice': fields.Date.context_today(self), 'fatturapa_causale': causale,
                'user_id': partner.user_id.id or self.env.uid,
                'payment_term_id': self.env.ref('account.account_payment_term_net').id,
                'invoice_line_ids': line_vals})
            invoice.compute_taxes()
            invoice.action_invoice_open()
            created |= invoice
        # a credit note on Studio Legale Verdi's invoice
        refund = created[2].refund(description='Storno parziale canone')
        refund.invoice_line_ids.write({'price_unit': 90.0})
        refund.compute_taxes()
        refund.action_invoice_open()
        return True
