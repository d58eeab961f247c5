from odoo import api, fields, models


class FatturapaCodeMixin(models.AbstractModel):
    """A code of the FatturaPA tables (regime fiscale, TP, MP, Natura): code + description,
    shown as "RF01 - Ordinario"."""

    _name = 'fatturapa.code.mixin'
    _description = 'FatturaPA code'
    _order = 'code'

    code = fields.Char(required=True, index=True)
    # the official Italian descriptions of the Agenzia delle Entrate tables (not translated)
    name = fields.Char('Description', required=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [('code_uniq', 'unique(code)', 'The code must be unique.')]

    @api.multi
    def name_get(self):
        return [(record.id, '%s - %s' % (record.code, record.name)) for record in self]

    @api.model
    def name_search(self, name='', args=None, operator='ilike', limit=100):
        args = list(args or [])
        if name:
            args = ['|', ('code', '=ilike', name + '%'), ('name', operator, name)] + args
        return self.search(args, limit=limit).name_get()


class FatturapaFiscalPosition(models.Model):
    """Regime fiscale (RF01...RF19) of the company, as OCA l10n_it_fatturapa names it."""

    _name = 'fatturapa.fiscal_position'
    _inherit = 'fatturapa.code.mixin'
    _description = 'Regime fiscale'


class FatturapaPaymentTerm(models.Model):
    _name = 'fatturapa.payment_term'
    _inherit = 'fatturapa.code.mixin'
    _description = 'FatturaPA payment terms (TP)'


class FatturapaPaymentMethod(models.Model):
    _name = 'fatturapa.payment_method'
    _inherit = 'fatturapa.code.mixin'
    _description = 'FatturaPA payment method (MP)'


class AccountTaxKind(models.Model):
    """Natura of non-taxed operations (N1...N7 with the 2021 sub-codes)."""

    _name = 'account.tax.kind'
    _inherit = 'fatturapa.code.mixin'
    _description = 'Exemption kind (Natura)'
