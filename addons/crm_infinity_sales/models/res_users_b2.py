from odoo import SUPERUSER_ID, api, fields, models

SALESPERSON = 'crm_infinity_base.group_crm_salesperson'
CRM_ADMIN = 'crm_infinity_base.group_crm_admin'
# profiles that work on every company, whatever else the user is
ALL_COMPANIES = ('crm_infinity_base.group_crm_admin', 'crm_infinity_base.group_crm_support_operator',
                 'crm_infinity_base.group_crm_marketing_operator')


class ResUsers(models.Model):
    _inherit = 'res.users'

    crm_partner_restricted = fields.Boolean(
        'Sees only his companies', compute='_compute_crm_partner_restricted',
        help='B2: a salesperson who is neither CRM administrator nor support or marketing '
             'operator sees only the companies he (or a subordinate) is responsible for. Read by '
             'the record rules of res.partner.')

    @api.depends('groups_id')
    def _compute_crm_partner_restricted(self):
        salesperson = self.env.ref(SALESPERSON)
        exempt = self.env['res.groups']
        for xmlid in ALL_COMPANIES:
            exempt |= self.env.ref(xmlid)
        for user in self:
            groups = user.sudo().groups_id
            user.crm_partner_restricted = (user.id != SUPERUSER_ID and salesperson in groups
                                           and not exempt & groups)

    @api.multi
    def _crm_is_restricted_salesperson(self):
        """True when B2 limits this user to his own companies, leads and quotes: a salesperson
        who is not a CRM administrator."""
        self.ensure_one()
        return (self.id != SUPERUSER_ID and self.has_group(SALESPERSON)
                and not self.has_group(CRM_ADMIN))

    @api.multi
    def _crm_own_user_ids(self):
        """The users whose companies, leads and quotes this user owns in B2 terms: himself and
        his subordinates in the sales-force hierarchy (B3)."""
        self.ensure_one()
        return self | self.sudo().crm_visible_user_ids
