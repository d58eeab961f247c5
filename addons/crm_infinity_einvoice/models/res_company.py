from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Fiscal data of the supplier (SPEC E7), named as in OCA l10n-italy."""

    _inherit = 'res.company'

    fatturapa_fiscal_position_id = fields.Many2one('fatturapa.fiscal_position', 'Tax regime')
    rea_office = fields.Many2one('res.country.state', 'REA office',
                                 domain="[('country_id.code', '=', 'IT')]")
    rea_code = fields.Char('REA number', size=20)
    rea_capital = fields.Float('Share capital')
    rea_member_type = fields.Selection([('SU', 'Sole shareholder'), ('SM', 'Several shareholders')],
                                       'Shareholders')
    rea_liquidation_state = fields.Selection([('LS', 'In liquidation'), ('LN', 'Not in liquidation')],
                                             'Liquidation state', default='LN')
    fatturapa_sequence_id = fields.Many2one('ir.sequence', 'E-invoice progressive',
                                            help='Numbers the XML files sent to SdI; a number is '
                                                 'never given twice.')
    sdi_channel_pec = fields.Char('SdI PEC address', default='sdi01@pec.fatturapa.it',
                                  help='Address SdI assigned for sending invoices by PEC (after '
                                       'the first sending SdI gives a dedicated one).')
    sdi_mail_server_id = fields.Many2one('ir.mail_server', 'PEC outgoing server')
    sdi_pec_sender = fields.Char('Sender PEC')
    fatturapa_attach_pdf = fields.Boolean('Attach the invoice PDF', default=True,
                                          help='Add the printed invoice to the XML (Allegati).')

    @api.constrains('fatturapa_sequence_id')
    def _check_fatturapa_sequence(self):
        for company in self:
            problem = company.fatturapa_sequence_id._fatturapa_sequence_problem()
            if problem:
                raise ValidationError(problem)

