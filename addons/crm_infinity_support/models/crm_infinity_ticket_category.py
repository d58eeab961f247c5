from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmInfinityTicketCategory(models.Model):
    """Multilevel classification of tickets (argomento > sotto-argomento ...)."""

    _name = 'crm.infinity.ticket.category'
    _description = 'Ticket category'
    _order = 'complete_name'
    _rec_name = 'complete_name'

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char('Full name', compute='_compute_complete_name', store=True)
    parent_id = fields.Many2one('crm.infinity.ticket.category', string='Parent category',
                                index=True, ondelete='cascade')
    child_ids = fields.One2many('crm.infinity.ticket.category', 'parent_id', string='Subcategories')
    center_id = fields.Many2one('crm.infinity.service.center', string='Service center',
                                index=True, help='Leave empty to share the category among centers.')
    active = fields.Boolean(default=True)

    @api.depends('name', 'parent_id.complete_name')
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = '%s / %s' % (category.parent_id.complete_name, category.name)
            else:
                category.complete_name = category.name

    @api.constrains('parent_id')
    def _check_parent(self):
        if not self._check_recursion():
            raise ValidationError(_('A category cannot be its own ancestor.'))

    @api.multi
    def _with_ancestors(self):
        """These categories and all their ancestors (for rules matching a parent category)."""
        result = self
        parents = self.mapped('parent_id')
        while parents - result:
            result |= parents
            parents = parents.mapped('parent_id')
        return result
