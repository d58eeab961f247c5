from odoo import fields, models


class AccountTax(models.Model):
    _inherit = 'account.tax'

    kind_id = fields.Many2one('account.tax.kind', 'Exemption kind (Natura)')
    law_reference = fields.Char('Law reference', size=100,
                                help='RiferimentoNormativo: the article exempting the operation.')
    payability = fields.Selection([('I', 'Immediate'), ('D', 'Deferred'), ('S', 'Split payment')],
                                  'VAT payability', default='I')
