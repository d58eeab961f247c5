from odoo import api, fields, models

from ..deals import phases

PHASE_SELECTION = [
    (phases.LEAD, 'Lead'),
    (phases.POTENTIAL, 'Potential'),
    (phases.OPPORTUNITY, 'Opportunity'),
]

STATUS_TYPE_SELECTION = [
    (phases.INITIAL, 'Initial'),
    (phases.IN_PROGRESS, 'In progress'),
    (phases.SUSPENDED, 'Suspended'),
    (phases.WON, 'Closed won'),
    (phases.LOST, 'Closed lost'),
]


class CrmInfinityDealStatus(models.Model):
    """A status of the deals of one phase (Da contattare, Primo contatto, Offerta emessa...),
    of a status type (initial, in progress, suspended, closed won, closed lost)."""

    _name = 'crm.infinity.deal.status'
    _description = 'Deal status'
    _order = 'phase, sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    phase = fields.Selection(PHASE_SELECTION, required=True, index=True, default=phases.LEAD)
    status_type = fields.Selection(STATUS_TYPE_SELECTION, string='Status type', required=True,
                                   default=phases.IN_PROGRESS, index=True)
    description = fields.Text(translate=True)

    @api.model
    def _default_for_phase(self, phase):
        """The status a deal gets when it enters ``phase`` (see deals.phases.default_status)."""
        statuses = self.search([('phase', '=', phase)])
        status_id = phases.default_status(
            [(s.id, s.phase, s.status_type, s.sequence) for s in statuses], phase)
        return self.browse(status_id) if status_id else self.browse()
