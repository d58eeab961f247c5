from odoo import fields, models


class CrmInfinityKbTag(models.Model):
    """Free labels of knowledge base articles."""

    _name = 'crm.infinity.kb.tag'
    _description = 'Knowledge base tag'
    _order = 'name'

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _sql_constraints = [
        ('name_uniq', 'unique(name)', 'A tag with this name already exists.'),
    ]
