from stdnum.it import codicefiscale, iva

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    """Italian fiscal data of customers (SPEC E7), named as in OCA l10n-italy."""

    _inherit = 'res.partner'

    fiscalcode = fields.Char('Fiscal code', help='Codice fiscale: 16 characters for a '
                             'person, 11 digits for a company.')
    codice_destinatario = fields.Char('Recipient code',
                                      help='SdI code of the channel receiving the e-invoices (7 '
                                           'characters), or the 6-character IPA code of a public '
                                           'administration.')
    pec_destinatario = fields.Char('Recipient PEC', help='Certified e-mail receiving the e-invoices '
                                   'when there is no recipient code.')
    ipa_code = fields.Char('IPA code', help='Code of the office of the public administration '
                           '(Indice delle Pubbliche Amministrazioni).')
    is_pa = fields.Boolean('Public administration')
    electronic_invoice_subjected = fields.Boolean('Receives e-invoices', default=True)

    @api.constrains('fiscalcode')
    def _check_fiscalcode(self):
        for partner in self:
            code = (partner.fiscalcode or '').strip().upper()
            if not code or (partner.country_id and partner.country_id.code != 'IT'):
                continue
            if len(code) == 16 and codicefiscale.is_valid(code):
                continue
            if len(code) == 11 and code.isdigit() and iva.is_valid(code):
                continue
            raise ValidationError(_('The fiscal code "%s" of %s is not valid: a person has 16 '
                                    'characters (e.g. RSSMRA85T10A562S), a company 11 digits.')
                                  % (partner.fiscalcode, partner.display_name))

    @api.constrains('codice_destinatario', 'ipa_code', 'is_pa')
    def _check_codice_destinatario(self):
        for partner in self:
            code = partner.codice_destinatario
            if code and (len(code) != 7 or not code.isalnum()):
                raise ValidationError(_('The recipient code of %s must have 7 letters or digits.')
                                      % partner.display_name)
            if partner.ipa_code and (len(partner.ipa_code) != 6 or not partner.ipa_code.isalnum()):
                raise ValidationError(_('The IPA code of %s must have 6 letters or digits.')
                                      % partner.display_name)

    @api.onchange('fiscalcode', 'codice_destinatario', 'ipa_code')
    def _onchange_upper(self):
        for name in ('fiscalcode', 'codice_destinatario', 'ipa_code'):
            if self[name]:
                self[name] = self[name].strip().upper()
