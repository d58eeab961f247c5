from odoo import api, fields, models


class CrmInfinityOperatorGroup(models.Model):
    """A group of operators of a service center that tickets are assigned to, by hand or by the
    routing rules (round-robin or least-loaded among its active members)."""

    _name = 'crm.infinity.operator.group'
    _description = 'Operator group'
    _order = 'center_id, name'

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    center_id = fields.Many2one('crm.infinity.service.center', string='Service center',
                                required=True, ondelete='cascade', index=True)
    user_ids = fields.Many2many('res.users', 'crm_infinity_operator_group_user_rel',
                                'group_id', 'user_id', string='Members')
    assignment = fields.Selection([('manual', 'Manual (cockpit "to assign")'),
                                   ('round_robin', 'Round-robin'),
                                   ('least_loaded', 'Least loaded')],
                                  required=True, default='manual')
    last_assigned_user_id = fields.Many2one('res.users', string='Last assigned', readonly=True)
    ticket_open_count = fields.Integer('Open tickets', compute='_compute_ticket_open_count')

    @api.multi
    def _compute_ticket_open_count(self):
        data = self.env['crm.infinity.ticket'].read_group(
            [('operator_group_id', 'in', self.ids), ('state', 'not in', ('solved', 'closed'))],
            ['operator_group_id'], ['operator_group_id'])
        counts = {row['operator_group_id'][0]: row['operator_group_id_count'] for row in data}
        for group in self:
            group.ticket_open_count = counts.get(group.id, 0)
