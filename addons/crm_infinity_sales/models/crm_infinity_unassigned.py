from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError

UNASSIGNED_PARAM = 'crm_infinity_sales.salesperson_sees_unassigned'


class ResConfigSettings(models.TransientModel):
    """B2: whether salespeople see the deals and quotes nobody is assigned to. SPEC B2 says a
    salesperson sees only his own (and his subordinates'): off by default."""

    _inherit = 'res.config.settings'

    crm_salesperson_sees_unassigned = fields.Boolean(
        'Salespeople see unassigned deals and quotes',
        help='When set, every salesperson also sees the deals and quotes with no salesperson '
             '(Odoo\'s default); when not set (SPEC B2) only his own and his subordinates\'.')

    @api.model
    def get_values(self):
        res = super().get_values()
        res['crm_salesperson_sees_unassigned'] = self.env['res.users']._crm_sees_unassigned()
        return res

    @api.multi
    def set_values(self):
        before = self.env['res.users']._crm_sees_unassigned()
        super().set_values()
        self.env['ir.config_parameter'].sudo().set_param(
            UNASSIGNED_PARAM, '1' if self.crm_salesperson_sees_unassigned else '0')
        if before != self.env['res.users']._crm_sees_unassigned():
            # the rules read the setting through the users when they are compiled
            self.env['res.users'].invalidate_cache(['crm_hide_unassigned'])
            self.env['ir.rule'].clear_caches()


class ResUsers(models.Model):
    _inherit = 'res.users'

    crm_hide_unassigned = fields.Boolean(
        'Does not see unassigned deals', compute='_compute_crm_hide_unassigned',
        help='B2: a salesperson (not CRM administrator) does not see the deals and quotes with '
             'no salesperson, unless the setting allows it. Read by the record rules.')

    @api.depends('groups_id')
    def _compute_crm_hide_unassigned(self):
        hide = not self._crm_sees_unassigned()
        for user in self:
            user.crm_hide_unassigned = hide and user._crm_is_restricted_salesperson()

    @api.model
    def _crm_sees_unassigned(self):
        value = self.env['ir.config_parameter'].sudo().get_param(UNASSIGNED_PARAM)
        return value not in (False, '', '0', 'False')


class CrmLead(models.Model):
    _inherit = 'crm.lead'

    @api.model
    def create(self, vals):
        self._check_crm_partner_visible(vals.get('partner_id'))
        return super().create(vals)

    @api.multi
    def write(self, vals):
        if vals.get('partner_id'):
            self._check_crm_partner_visible(vals['partner_id'])
        return super().write(vals)

    @api.model
    def _check_crm_partner_visible(self, partner_id):
        """B2: a salesperson puts deals only on the companies and contacts he sees."""
        if not partner_id or self.env.uid == SUPERUSER_ID \
                or not self.env.user._crm_is_restricted_salesperson():
            return
        if not self.env['res.partner'].search_count([('id', '=', partner_id)]):
            raise AccessError(_('You cannot put a deal on a company or contact you cannot see.'))
