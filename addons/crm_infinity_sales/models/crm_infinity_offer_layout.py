from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CrmInfinityOfferLayout(models.Model):
    """An offer made of several templates, one after the other (SPEC S7)."""

    _name = 'crm.infinity.offer.layout'
    _description = 'Offer layout'
    _order = 'sequence, name'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    line_ids = fields.One2many('crm.infinity.offer.layout.line', 'layout_id', string='Templates',
                               copy=True)
    output_format = fields.Selection([('pdf', 'PDF'), ('docx', 'Word (DOCX)'),
                                      ('odt', 'OpenDocument (ODT)')], string='Default format',
                                     required=True, default='pdf')
    company_id = fields.Many2one('res.company', string='Company',
                                 default=lambda self: self.env.user.company_id)

    @api.multi
    def _render_html(self, context):
        """The merged templates, in order, each in a block named after its section."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda l: l.template_id.active)
        if not lines:
            raise UserError(_('The offer layout "%s" has no templates.') % self.name)
        parts = []
        for line in lines.sorted(lambda l: (l.sequence, l.id)):
            template = line.template_id
            parts.append('<div class="o_offer_section o_offer_section_%s">%s</div>'
                         % (template.section, template._render(context)))
        return '\n'.join(parts)


class CrmInfinityOfferLayoutLine(models.Model):
    _name = 'crm.infinity.offer.layout.line'
    _description = 'Template of an offer layout'
    _order = 'sequence, id'

    layout_id = fields.Many2one('crm.infinity.offer.layout', required=True, ondelete='cascade',
                                index=True)
    sequence = fields.Integer(default=10)
    template_id = fields.Many2one('crm.infinity.offer.template', string='Template',
                                  required=True, ondelete='restrict')
    section = fields.Selection(related='template_id.section', readonly=True)
