from odoo import api, fields, models


class CrmInfinityOfferGenerateWizard(models.TransientModel):
    """"Generate offer" on a quote: pick the layout and the format; the document is attached
    to the quote in place of the previous one of that format."""

    _name = 'crm.infinity.offer.generate.wizard'
    _description = 'Generate an offer document'

    order_id = fields.Many2one('sale.order', string='Quote', required=True, ondelete='cascade')
    layout_id = fields.Many2one('crm.infinity.offer.layout', string='Offer layout', required=True,
                                default=lambda self: self._default_layout())
    output_format = fields.Selection([('pdf', 'PDF'), ('docx', 'Word (DOCX)'),
                                      ('odt', 'OpenDocument (ODT)')], string='Format',
                                     required=True, default='pdf')
    regenerate = fields.Boolean('Replaces a previous document', compute='_compute_regenerate')

    @api.model
    def _default_layout(self):
        order = self.env['sale.order'].browse(self.env.context.get('default_order_id'))
        return order.exists().offer_layout_id or \
            self.env['crm.infinity.offer.layout'].search([], limit=1)

    @api.depends('order_id', 'output_format')
    def _compute_regenerate(self):
        mimetypes = {'pdf': 'application/pdf', 'docx': 'wordprocessingml', 'odt': 'opendocument'}
        for wizard in self:
            wizard.regenerate = any(mimetypes.get(wizard.output_format, '-') in (a.mimetype or '')
                                    for a in wizard.order_id.offer_attachment_ids)

    @api.onchange('layout_id')
    def _onchange_layout_id(self):
        if self.layout_id:
            self.output_format = self.layout_id.output_format

    @api.multi
    def action_generate(self):
        self.ensure_one()
        attachment = self.order_id.generate_offer(self.layout_id, self.output_format)
        return {'type': 'ir.actions.act_url', 'target': 'self',
                'url': '/web/content/%d?download=true' % attachment.id}
