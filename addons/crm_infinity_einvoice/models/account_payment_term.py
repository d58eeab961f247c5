from odoo import fields, models


class AccountPaymentTerm(models.Model):
    _inherit = 'account.payment.term'

    fatturapa_pt_id = fields.Many2one('fatturapa.payment_term', 'FatturaPA payment terms')
    fatturapa_pm_id = fields.Many2one('fatturapa.payment_method', 'FatturaPA payment method')
