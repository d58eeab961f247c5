from odoo import _, api, fields, models


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
    state = fields.Selection([('choose', 'Choose'), ('done', 'Generated')], default='choose')
    attachment_id = fields.Many2one('ir.attachment', string='Offer document', readonly=True)
    document = fields.Binary(related='attachment_id.datas', string='Document', readonly=True)
    document_name = fields.Char(related='attachment_id.datas_fname', string='Document name',
                                readonly=True)

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
        # the dialog shows the document to download and a Close button: a redirection to the
        # download never finished for the web client, which left the dialog frozen (issue 13)
        self.write({'attachment_id': attachment.id, 'state': 'done'})
        return {'type': 'ir.actions.act_window', 'name': _('Generate offer'),
                'res_model': self._name, 'res_id': self.id, 'view_mode': 'form',
                'views': [(False, 'form')], 'target': 'new'}
