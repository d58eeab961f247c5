from odoo import fields, models


class ResCompany(models.Model):
    _inherit = 'res.company'

    support_archive_days = fields.Integer(
        'Archive closed tickets after (days)', default=0,
        help='Closed tickets are archived (kept and searchable with the "Archived" filter) this '
             'many days after their closing. 0: never.')
