from odoo import fields, models


class CrmInfinityClassifierMixin(models.AbstractModel):
    """Commercial classifiers of the deals (SPEC S2): small configurable lists."""

    _name = 'crm.infinity.classifier.mixin'
    _description = 'Commercial classifier'
    _order = 'sequence, name, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)


class CrmInfinitySector(models.Model):
    _name = 'crm.infinity.sector'
    _inherit = 'crm.infinity.classifier.mixin'
    _description = 'Business sector'


class CrmInfinityMarket(models.Model):
    _name = 'crm.infinity.market'
    _inherit = 'crm.infinity.classifier.mixin'
    _description = 'Market'


class CrmInfinityRevenueBand(models.Model):
    _name = 'crm.infinity.revenue.band'
    _inherit = 'crm.infinity.classifier.mixin'
    _description = 'Revenue band'


class CrmInfinityEmployeesBand(models.Model):
    _name = 'crm.infinity.employees.band'
    _inherit = 'crm.infinity.classifier.mixin'
    _description = 'Employees band'


class CrmInfinityCompetitorTool(models.Model):
    _name = 'crm.infinity.competitor.tool'
    _inherit = 'crm.infinity.classifier.mixin'
    _description = 'Competitor tool'
