from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmInfinitySlaTarget(models.Model):
    """One promise of a policy: answer, solve, or reach a status within a number of working
    hours, with a pre-warning when a share of the time is used."""

    _name = 'crm.infinity.sla.target'
    _description = 'SLA target'
    _order = 'policy_id, sequence, id'

    policy_id = fields.Many2one('crm.infinity.sla.policy', string='Policy', required=True,
                                index=True, ondelete='cascade')
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    kind = fields.Selection([('first_response', 'First response'),
                             ('resolution', 'Resolution'),
                             ('stage', 'Status reached')],
                            required=True, default='resolution',
                            help='First response: the first reply of an operator to the customer.\n'
                                 'Resolution: the ticket is solved or closed.\n'
                                 'Status reached: the ticket reaches the status (or a later one).')
    stage_id = fields.Many2one('crm.infinity.ticket.stage', string='Status',
                               ondelete='restrict')
    hours = fields.Float('Working hours', required=True, default=8.0,
                         help='Time allowed, in working hours of the service center.')
    warn_percent = fields.Float('Pre-warning at (%)', default=80.0,
                                help='The pre-warning is sent when this share of the time is used.')

    _sql_constraints = [
        ('hours_positive', 'CHECK(hours > 0)', 'The working hours of an SLA target must be positive.'),
        ('warn_percent_range', 'CHECK(warn_percent > 0 AND warn_percent < 100)',
         'The pre-warning of an SLA target is a percentage between 0 and 100.'),
    ]

    @api.constrains('kind', 'stage_id')
    def _check_stage(self):
        for target in self:
            if target.kind == 'stage' and not target.stage_id:
                raise ValidationError(
                    _('Choose the status the target "%s" must reach.') % target.name)
