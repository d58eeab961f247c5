from odoo import api, fields, models

PROJECT_SCOPES = [
    ('all', 'All commesse and activities'),
    ('manager', 'His commesse and their activities'),
    ('assignee', 'The activities he is on'),
    ('none', 'No commesse'),
]


class ResUsers(models.Model):
    _inherit = 'res.users'

    # read by the B2 record rules of commesse, activities and timesheets
    # (security/crm_infinity_projects_security.xml): which of them the user sees
    crm_project_scope = fields.Selection(PROJECT_SCOPES, string='Commesse visibility',
                                         compute='_compute_crm_project_scope')

    @api.depends('groups_id')
    def _compute_crm_project_scope(self):
        for user in self:
            user.crm_project_scope = user._crm_project_scope()

    @api.multi
    def _crm_project_scope(self):
        """The profile that decides what the user sees of the commesse (SPEC B2): the CRM
        administrator all, the commessa manager his commesse, the assignee his activities, the
        other profiles (salesperson, support, marketing, portal) nothing."""
        self.ensure_one()
        if self._is_superuser() or self.has_group('crm_infinity_base.group_crm_admin'):
            return 'all'
        if self.has_group('crm_infinity_base.group_crm_commessa_manager'):
            return 'manager'
        if self.has_group('crm_infinity_base.group_crm_assignee'):
            return 'assignee'
        return 'none'
