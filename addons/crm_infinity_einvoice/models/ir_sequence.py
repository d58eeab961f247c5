from odoo import _, api, models
from odoo.exceptions import ValidationError


class IrSequence(models.Model):
    """The e-invoice progressive: any prefix, suffix or padding is fine (the file name takes
    the number, in base 36 on 5 characters); numbers restarting by date range are not (the
    same file name would come back)."""

    _inherit = 'ir.sequence'

    def _fatturapa_sequence_problem(self):
        """An Italian message when this sequence cannot number e-invoice files, else None."""
        for sequence in self:
            if sequence.use_date_range:
                return _('The sequence %s cannot number the e-invoice files: its numbers restart '
                         'with each date range, and SdI refuses a file name already used. '
                         'Disable "Use subsequences per date_range".') % sequence.name
        return None

    @api.constrains('use_date_range')
    def _check_fatturapa_sequence(self):
        default = self.env.ref('crm_infinity_einvoice.sequence_fatturapa_progressive',
                               raise_if_not_found=False)
        used = self.env['res.company'].sudo().search([('fatturapa_sequence_id', 'in', self.ids)])
        for sequence in self:
            if sequence == default or sequence in used.mapped('fatturapa_sequence_id'):
                problem = sequence._fatturapa_sequence_problem()
                if problem:
                    raise ValidationError(problem)
