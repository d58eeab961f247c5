import os

from odoo.addons.crm_infinity_base.tests.common import CrmInfinityCase

DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'fatturapa', 'tests', 'data')


class EinvoiceCase(CrmInfinityCase):
    """An Italian company with fiscal data, customers of every kind, validated invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.ref('base.main_company')
        cls.company.write({
            'fatturapa_fiscal_position_id': env.ref('crm_infinity_einvoice.fiscal_position_rf01').id,
            'rea_office': env.ref('base.state_it_mi').id, 'rea_code': '7654321',
            'rea_liquidation_state': 'LN', 'tax_calculation_rounding_method': 'round_globally',
            'fatturapa_attach_pdf': False})
        cls.company.partner_id.write({'vat': 'IT12345670017', 'country_id': env.ref('base.it').id,
                                      'street': 'Via Roma 1', 'zip': '20121', 'city': 'Milano',
                                      'state_id': env.ref('base.state_it_mi').id})
        Partner = env['res.partner']
        address = {'street': 'Via Dante 3', 'zip': '20123', 'city': 'Milano',
                   'country_id': env.ref('base.it').id, 'state_id': env.ref('base.state_it_mi').id,
                   'is_company': True}
        cls.private = Partner.create(dict(address, name='Alfa Impianti S.r.l.', vat='IT03456780158',
                                          codice_destinatario='ABC1234'))
        cls.private_pec = Partner.create(dict(address, name='Beta Servizi S.r.l.', vat='IT06363391001',
                                              pec_destinatario='beta@pec.example.com'))
        cls.pa = Partner.create(dict(address, name='Comune di Lodi', fiscalcode='84507570152',
                                     is_pa=True, ipa_code='UFABCD'))
        cls.foreign = Partner.create({'name': 'Dupont SARL', 'is_company': True, 'vat': 'FR40303265045',
                                      'street': 'Rue de Rivoli 10', 'zip': '75001', 'city': 'Paris',
                                      'country_id': env.ref('base.fr').id})
        taxes = env['account.invoice']._crm_infinity_demo_taxes(cls.company)
        cls.tax22, cls.tax_split, cls.tax_exempt, cls.tax_eu = (
            taxes['standard'], taxes['split'], taxes['exempt'], taxes['eu_service'])
        cls.account = env['account.account'].search([
            ('company_id', '=', cls.company.id),
            ('user_type_id', '=', env.ref('account.data_account_type_revenue').id)], limit=1)
        cls.journal = env['account.journal'].search([('type', '=', 'sale'),
                                                     ('company_id', '=', cls.company.id)], limit=1)

    @classmethod
    def _invoice(cls, partner, lines, validate=True, **values):
        vals = {'partner_id': partner.id, 'type': 'out_invoice', 'journal_id': cls.journal.id,
                'date_invoice': '2026-11-20',
                'invoice_line_ids': [(0, 0, {'name': name, 'quantity': qty, 'price_unit': price,
                                             'discount': discount, 'account_id': cls.account.id,
                                             'invoice_line_tax_ids': [(6, 0, tax.ids)]})
                                     for name, qty, price, discount, tax in lines]}
        vals.update(values)
        invoice = cls.env['account.invoice'].create(vals)
        invoice.compute_taxes()
        if validate:
            invoice.action_invoice_open()
        return invoice

    @staticmethod
    def _notification(kind_file, filename):
        """An SdI notification of the official schema about our exported file."""
        with open(os.path.join(DATA, kind_file), 'rb') as f:
            xml = f.read()
        import re
        return re.sub(rb'<NomeFile>[^<]*</NomeFile>', b'<NomeFile>' + filename.encode() + b'</NomeFile>', xml)
