from odoo import _, api, fields, models


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
        campaigns = self.env['utm.campaign'].search([
            ('crm_date_end', '>=', fields.Date.to_string(date_from)),
            ('crm_date_end', '<=', fields.Date.to_string(date_to)),
            ('crm_state', 'not in', ('done', 'cancelled'))])
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
