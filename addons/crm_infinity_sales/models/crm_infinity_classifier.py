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


class CrmInfinityClassifiedMixin(models.AbstractModel):
    """The classifiers a deal and its company carry (SPEC S2, S4): the same fields on both, so a
    conversion or a won deal copies them as they are."""

    _name = 'crm.infinity.classified.mixin'
    _description = 'Record with commercial classifiers'

    sector_id = fields.Many2one('crm.infinity.sector', string='Sector', index=True,
                                ondelete='restrict')
    market_id = fields.Many2one('crm.infinity.market', string='Market', index=True,
                                ondelete='restrict')
    revenue_band_id = fields.Many2one('crm.infinity.revenue.band', string='Revenue band',
                                      index=True, ondelete='restrict')
    employees_band_id = fields.Many2one('crm.infinity.employees.band', string='Employees band',
                                        index=True, ondelete='restrict')
