from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..engines import costing


class CrmInfinityHourlyRate(models.Model):
    """The hourly cost (and sale price) of a person over a period (SPEC C3).

    Confidential: only CRM administrators read and keep rates (access rights); everybody else
    sees costs as amounts of the lines and commesse they may read, never a person's rate."""

    _name = 'crm.infinity.hourly.rate'
    _description = 'Hourly rate'
    _order = 'user_id, date_from desc'
    _rec_name = 'user_id'

    user_id = fields.Many2one('res.users', string='Person', required=True, index=True,
                              ondelete='cascade')
    date_from = fields.Date('Valid from', required=True, index=True)
    date_to = fields.Date('Valid until', index=True,
                          help='Empty: valid until a newer rate is entered.')
    company_id = fields.Many2one('res.company', required=True,
                                 default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one('res.currency', related='company_id.currency_id', readonly=True)
    cost_rate = fields.Monetary('Hourly cost', required=True,
                                help='What an hour of this person costs the company.')
    sale_rate = fields.Monetary('Hourly sale price',
                                help='The price of an hour on time and material invoices.')
    note = fields.Char()

    _sql_constraints = [
        ('dates_ordered', 'CHECK (date_to IS NULL OR date_to >= date_from)',
         'The end of validity cannot come before its start.'),
        ('cost_positive', 'CHECK (cost_rate >= 0 AND coalesce(sale_rate, 0) >= 0)',
         'Rates cannot be negative.'),
    ]

    @api.constrains('user_id', 'date_from', 'date_to')
    def _check_overlap(self):
        """Two rates of the same person never cover the same day (the cost of a day would be
        ambiguous). Checked against all the person's rates in one query per person."""
        for user in self.mapped('user_id'):
            rates = self.sudo().search([('user_id', '=', user.id)], order='date_from')
            clashes = costing.overlaps([(r.date_from, r.date_to, r.cost_rate) for r in rates])
            if clashes:
                first, second = rates[clashes[0][0]], rates[clashes[0][1]]
                raise ValidationError(_(
                    'The rates of %s overlap: the one valid from %s and the one valid from %s '
                    'cover the same days.') % (user.name, first.date_from, second.date_from))

    @api.model
    def _crm_rates_by_user(self, users):
        """{user_id: [costing.Rate]} of these users, in one query (for the engine)."""
        result = {user_id: [] for user_id in users.ids}
        if not users:
            return result
        self.env.cr.execute("""
            SELECT user_id, date_from, date_to, cost_rate, coalesce(sale_rate, 0)
              FROM crm_infinity_hourly_rate WHERE user_id IN %s ORDER BY date_from""",
                            (tuple(users.ids),))
        for user_id, date_from, date_to, cost, sale in self.env.cr.fetchall():
            result[user_id].append(costing.Rate(date_from, date_to, cost, sale))
        return result

    @api.model
    def _crm_rate_at(self, user, date):
        """The rate of ``user`` on ``date`` as a record (empty when none is valid that day).
        Reads as superuser: callers give costs as amounts, never the rate to its reader."""
        day = fields.Date.to_string(date) if not isinstance(date, str) else date[:10]
        return self.sudo().search([('user_id', '=', user.id), ('date_from', '<=', day),
                                   '|', ('date_to', '=', False), ('date_to', '>=', day)],
                                  limit=1)
