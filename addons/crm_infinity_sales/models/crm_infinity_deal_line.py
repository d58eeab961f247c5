from odoo import api, fields, models
from odoo.addons import decimal_precision as dp


class CrmInfinityDealLine(models.Model):
    """A product of interest of a deal (SPEC S3, S6): what routing rules read and what the
    management causali turn into the lines of the quotation."""

    _name = 'crm.infinity.deal.line'
    _description = 'Deal product line'
    _order = 'lead_id, sequence, id'

    lead_id = fields.Many2one('crm.lead', string='Deal', required=True, index=True,
                              ondelete='cascade')
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one('product.product', string='Product', required=True, index=True,
                                 ondelete='restrict', domain=[('sale_ok', '=', True)])
    name = fields.Text('Description', required=True)
    product_uom_qty = fields.Float('Quantity', digits=dp.get_precision('Product Unit of Measure'),
                                   required=True, default=1.0)
    product_uom = fields.Many2one('product.uom', string='Unit of measure', ondelete='restrict')
    price_unit = fields.Float('Unit price', digits=dp.get_precision('Product Price'))
    discount = fields.Float('Discount (%)', digits=dp.get_precision('Discount'))
    price_subtotal = fields.Monetary('Subtotal', compute='_compute_price_subtotal', store=True)
    currency_id = fields.Many2one('res.currency', related='lead_id.company_currency',
                                  readonly=True, store=True)
    company_id = fields.Many2one('res.company', related='lead_id.company_id', readonly=True,
                                 store=True)

    @api.depends('product_uom_qty', 'price_unit', 'discount')
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = line.product_uom_qty * line.price_unit * (
                1.0 - (line.discount or 0.0) / 100.0)

    @api.onchange('product_id')
    def _onchange_product_id(self):
        product = self.product_id
        if not product:
            return
        self.name = product.display_name
        if product.description_sale:
            self.name += '\n' + product.description_sale
        self.product_uom = product.uom_id
        self.price_unit = product.lst_price

    @api.model
    def create(self, vals):
        if vals.get('product_id') and (not vals.get('name') or not vals.get('product_uom')):
            product = self.env['product.product'].browse(vals['product_id'])
            vals = dict(vals)
            if not vals.get('name'):
                vals['name'] = product.display_name
            vals.setdefault('product_uom', product.uom_id.id)
            if 'price_unit' not in vals:
                vals['price_unit'] = product.lst_price
        return super().create(vals)
