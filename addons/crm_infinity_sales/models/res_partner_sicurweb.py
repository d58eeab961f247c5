from odoo import api, fields, models


class ResPartner(models.Model):
    """Companies carry the commercial classifiers of their leads and deals (SPEC S2, S4) and
    know which Sicurweb leads they were converted from."""

    _name = 'res.partner'
    _inherit = ['res.partner', 'crm.infinity.classified.mixin']

    competitor_tool_ids = fields.Many2many('crm.infinity.competitor.tool',
                                           'crm_infinity_partner_competitor_tool_rel',
                                           'partner_id', 'tool_id', string='Competitor tools')
    crm_converted_lead_ids = fields.One2many('crm.lead', 'crm_converted_partner_id',
                                             string='Converted leads')
    crm_converted_lead_count = fields.Integer('Converted leads',
                                              compute='_compute_crm_converted_lead_count')

    @api.depends('crm_converted_lead_ids')
    def _compute_crm_converted_lead_count(self):
        for partner in self:
            partner.crm_converted_lead_count = len(partner.crm_converted_lead_ids)

    @api.multi
    def _compute_primanota_ids(self):
        """A company's history includes the primanota of the leads it was converted from (the
        lines stay on their lead: they are immutable and chained per record)."""
        super()._compute_primanota_ids()
        leads = self.with_context(active_test=False).mapped('crm_converted_lead_ids')
        if not leads:
            return
        lines = self.env['crm.infinity.primanota'].search(
            [('res_model', '=', 'crm.lead'), ('res_id', 'in', leads.ids)])
        for partner in self:
            lead_ids = set(partner.with_context(active_test=False).crm_converted_lead_ids.ids)
            extra = [line.id for line in lines if line.res_id in lead_ids]
            if extra:
                ids = partner.primanota_ids.ids + extra
                partner.primanota_ids = [(6, 0, ids)]
                partner.primanota_count = len(ids)

    @api.multi
    def action_view_primanota(self):
        action = super().action_view_primanota()
        leads = self.with_context(active_test=False).mapped('crm_converted_lead_ids')
        if leads:
            action['domain'] = ['|', '&', ('res_model', '=', self._name), ('res_id', 'in', self.ids),
                                '&', ('res_model', '=', 'crm.lead'), ('res_id', 'in', leads.ids)]
        return action

    @api.multi
    def action_view_converted_leads(self):
        self.ensure_one()
        action = self.env.ref('crm_infinity_sales.crm_lead_sicurweb_action').read()[0]
        action['domain'] = [('crm_converted_partner_id', '=', self.id)]
        action['context'] = {'active_test': False}
        return action
