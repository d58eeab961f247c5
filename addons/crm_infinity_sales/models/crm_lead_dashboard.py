from odoo import api, fields, models


class CrmLead(models.Model):
    """What the operational dashboard (SPEC S10) reads on a deal: when it was first assigned
    (Odoo's ``date_open`` moves at every reassignment, so it cannot say how long a new deal
    waited)."""

    _inherit = 'crm.lead'

    date_first_assigned = fields.Datetime('First assigned', readonly=True, copy=False,
                                          index=True)

    @api.model
    def create(self, vals):
        """A deal created with a salesperson is assigned at once."""
        if vals.get('user_id') and not vals.get('date_first_assigned'):
            vals = dict(vals, date_first_assigned=fields.Datetime.now())
        return super().create(vals)

    @api.multi
    def write(self, vals):
        """The first salesperson given to a deal dates its assignment."""
        if vals.get('user_id') and 'date_first_assigned' not in vals:
            unassigned = self.filtered(lambda l: not l.date_first_assigned)
            if unassigned:
                res = super(CrmLead, self - unassigned).write(vals) if self - unassigned else True
                return super(CrmLead, unassigned).write(
                    dict(vals, date_first_assigned=fields.Datetime.now())) and res
        return super().write(vals)
