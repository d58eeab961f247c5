from odoo import SUPERUSER_ID, api, fields, models

# the profiles whose users start on MyDesk (crm_infinity_desk_action) after login
DESK_PROFILES = (
    'crm_infinity_base.group_crm_salesperson',
    'crm_infinity_base.group_crm_assignee',
    'crm_infinity_base.group_crm_marketing_operator',
    'crm_infinity_base.group_crm_support_operator',
)
DESK_ACTION = 'crm_infinity_base.crm_infinity_desk_action'


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

    @api.model
    def create(self, vals):
        users = super().create(vals)
        if not vals.get('action_id'):
            users._crm_set_desk_home()
        return users

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if any(key == 'groups_id' or key.startswith('in_group_') or key.startswith('sel_groups_')
               for key in vals) and not vals.get('action_id'):
            self._crm_set_desk_home()
        return result

    @api.multi
    def _crm_set_desk_home(self):
        """MyDesk becomes the home page of the users of a CRM profile who have none (a home
        page chosen by the administrator is kept)."""
        action = self.env.ref(DESK_ACTION, raise_if_not_found=False)
        if not action:
            return
        profiles = self.env['res.groups']
        for xmlid in DESK_PROFILES:
            profiles |= self.env.ref(xmlid, raise_if_not_found=False) or profiles
        users = self.sudo().filtered(
            lambda user: not user.action_id and not user.share and user.id != SUPERUSER_ID
            and user.groups_id & profiles)
        if users:
            super(ResUsers, users).write({'action_id': action.id})

    @api.model
    def _crm_set_desk_home_all(self):
        """At install and update: MyDesk for the existing users of the CRM profiles."""
        self.with_context(active_test=False).search([('share', '=', False)])._crm_set_desk_home()
