from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = 'res.partner'

    support_company_tickets = fields.Boolean(
        'Sees the tickets of his company',
        help='On the portal this contact sees every ticket of his company, not only his own.')
    ticket_ids = fields.One2many('crm.infinity.ticket', 'commercial_partner_id', string='Tickets')
    ticket_count = fields.Integer('Tickets', compute='_compute_ticket_count')

    @api.multi
    def _compute_ticket_count(self):
        data = self.env['crm.infinity.ticket'].read_group(
            [('commercial_partner_id', 'in', self.mapped('commercial_partner_id').ids)],
            ['commercial_partner_id'], ['commercial_partner_id'])
        counts = {row['commercial_partner_id'][0]: row['commercial_partner_id_count'] for row in data}
        for partner in self:
            partner.ticket_count = counts.get(partner.commercial_partner_id.id, 0)

    @api.multi
    def action_view_tickets(self):
        self.ensure_one()
        action = self.env.ref('crm_infinity_support.crm_infinity_ticket_action').read()[0]
        action['domain'] = [('commercial_partner_id', '=', self.commercial_partner_id.id)]
        action['context'] = {'default_partner_id': self.id}
        return action
