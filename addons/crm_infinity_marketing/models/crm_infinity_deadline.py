from odoo import SUPERUSER_ID, _, api, fields, models


class CrmInfinityDeadlineProvider(models.AbstractModel):
    """Marketing's deadlines (SPEC B8): the end of the campaigns still to be concluded."""

    _inherit = 'crm.infinity.deadline.provider'

    @api.model
    def _crm_deadline_kinds(self):
        return super()._crm_deadline_kinds() + [('campaign_end', _('Campaign end'))]

    @api.model
    def _crm_deadlines(self, date_from, date_to, kinds=None):
        result = super()._crm_deadlines(date_from, date_to, kinds=kinds)
        if not self._crm_wants('campaign_end', kinds):
            return result
        date_from, date_to = self._crm_date_range(date_from, date_to)
        domain = [('crm_date_end', '>=', fields.Date.to_string(date_from)),
                  ('crm_date_end', '<=', fields.Date.to_string(date_to)),
                  ('crm_state', 'not in', ('done', 'cancelled'))]
        user = self.env.user
        if self.env.uid != SUPERUSER_ID and \
                not user.has_group('crm_infinity_base.group_crm_marketing_operator'):
            # every employee reads the campaigns (deals name them): their ends are the
            # deadlines of the marketing people and of whom a campaign names
            domain += ['|', ('crm_user_id', '=', user.id), ('crm_assignee_ids', 'in', user.ids)]
        campaigns = self.env['utm.campaign'].search(domain)
        for campaign in campaigns:
            owners = campaign.crm_user_id.ids
            result.append({
                'kind': 'campaign_end', 'date': fields.Date.from_string(campaign.crm_date_end),
                'name': campaign.name, 'res_model': campaign._name, 'res_id': campaign.id,
                'user_ids': sorted(set(owners + campaign.crm_assignee_ids.ids)),
                'partner_id': campaign.crm_partner_ids[:1].id or False,
                'roles': {'owner': owners, 'assignee': campaign.crm_assignee_ids.ids},
            })
        return result
