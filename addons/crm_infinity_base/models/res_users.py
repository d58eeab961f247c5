from odoo import fields, models


class ResUsers(models.Model):
    _inherit = 'res.users'

    # Maintained by crm.infinity.sales.group._recompute_visibility(): the subordinates, at any
    # depth, whose records this user may see (himself excluded). Record rules of every addon
    # use: ['|', ('user_id', '=', user.id), ('user_id', 'in', user.crm_visible_user_ids.ids)]
    crm_visible_user_ids = fields.Many2many(
        'res.users', 'crm_infinity_user_visible_rel', 'user_id', 'visible_user_id',
        string='Subordinates (sales force)', readonly=True, copy=False)
    crm_sales_group_ids = fields.Many2many(
        'crm.infinity.sales.group', 'crm_infinity_sales_group_member_rel', 'user_id', 'group_id',
        string='Sales groups')
