from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..deals import phases
from .crm_infinity_deal_status import PHASE_SELECTION, STATUS_TYPE_SELECTION


class CrmLead(models.Model):
    """Deals (trattative) of SPEC S1/S2/S5 on Odoo's leads and opportunities: phase, status,
    classifiers; causali, primanota and system events of the core engines."""

    _name = 'crm.lead'
    _inherit = ['crm.lead', 'crm.infinity.causale.mixin', 'crm.infinity.classified.mixin']

    _primanota_tracked_fields = ['deal_phase', 'deal_status_id', 'user_id', 'stage_id', 'priority',
                                 'planned_revenue', 'lost_reason']
    _crm_assignee_field = 'user_id'

    deal_phase = fields.Selection(PHASE_SELECTION, string='Phase', required=True, index=True,
                                  default=phases.LEAD, track_visibility='onchange',
                                  group_expand='_group_expand_deal_phase')
    deal_status_id = fields.Many2one('crm.infinity.deal.status', string='Status', index=True,
                                     ondelete='restrict', track_visibility='onchange',
                                     domain="[('phase', '=', deal_phase)]")
    deal_status_type = fields.Selection(STATUS_TYPE_SELECTION, string='Status type',
                                        related='deal_status_id.status_type', store=True,
                                        readonly=True)
    opening_date = fields.Date('Opening date', index=True, default=fields.Date.context_today)
    deal_company_name = fields.Char('Company/Nominativo', compute='_compute_deal_names')
    deal_person_name = fields.Char('Person', compute='_compute_deal_names')
    competitor_tool_ids = fields.Many2many('crm.infinity.competitor.tool',
                                           'crm_infinity_lead_competitor_tool_rel', 'lead_id',
                                           'tool_id', string='Competitor tools')

    @api.model
    def _group_expand_deal_phase(self, phases_found, domain, order):
        """The kanban's columns in the order of the phases, not alphabetical."""
        return [key for key, _label in PHASE_SELECTION]

    @api.depends('partner_id', 'partner_name', 'contact_name')
    def _compute_deal_names(self):
        # names only, as Odoo shows a many2one's name: a deal's customer may be a company the
        # salesperson cannot open, which must not break his list (issue 13)
        for lead in self:
            partner = lead.partner_id.sudo()
            company = partner.commercial_partner_id if partner else False
            lead.deal_company_name = company.name if company else lead.partner_name
            if partner and not partner.is_company:
                lead.deal_person_name = partner.name
            else:
                lead.deal_person_name = lead.contact_name

    @api.constrains('deal_phase', 'deal_status_id')
    def _check_deal_status_phase(self):
        for lead in self:
            status = lead.deal_status_id
            if status and status.phase != lead.deal_phase:
                raise ValidationError(
                    _('The status "%s" does not belong to the phase of the deal "%s".')
                    % (status.name, lead.name))

    @api.constrains('deal_status_id', 'lost_reason')
    def _check_lost_reason(self):
        for lead in self:
            if phases.needs_lost_reason(lead.deal_status_type, lead.lost_reason.id):
                raise ValidationError(
                    _('The deal "%s" is closed lost: give a lost reason.') % lead.name)

    @api.onchange('deal_phase')
    def _onchange_deal_phase(self):
        if self.deal_status_id.phase != self.deal_phase:
            self.deal_status_id = self.env['crm.infinity.deal.status']._default_for_phase(
                self.deal_phase)

    @api.model
    def _deal_fill_missing_status(self):
        """Give the open leads and opportunities that existed before this addon (Odoo's own, an
        import, the demo of ``crm``) the initial status of their phase, so that the deal lists,
        filters and dashboards have no hole. Called when the addon is installed or updated;
        written below the overrides of ``write``: filling a status is not a status change (no
        event, no primanota line, no chatter message)."""
        Status = self.env['crm.infinity.deal.status']
        for phase in phases.PHASES:
            status = Status._default_for_phase(phase)
            leads = self.sudo().search([('deal_status_id', '=', False),
                                        ('deal_phase', '=', phase), ('probability', '<', 100)])
            if status and leads:
                models.BaseModel.write(leads, {'deal_status_id': status.id})

    @api.model
    def create(self, vals):
        vals = dict(vals)
        phase = vals.get('deal_phase') or self.env.context.get('default_deal_phase') or phases.LEAD
        if not vals.get('deal_status_id') and not self.env.context.get('default_deal_status_id'):
            vals['deal_status_id'] = self.env['crm.infinity.deal.status']._default_for_phase(
                phase).id
        vals.update(self._deal_closing_values(vals.get('deal_status_id')))
        lead = super().create(vals)
        lead._crm_emit('lead_created')
        return lead

    @api.multi
    def write(self, vals):
        vals = dict(vals)
        if vals.get('deal_phase'):
            for lead in self:
                if not phases.can_move(lead.deal_phase, vals['deal_phase']):
                    raise ValidationError(_('The deal "%s" cannot go back to an earlier phase.')
                                          % lead.name)
            if 'deal_status_id' not in vals and any(
                    lead.deal_status_id.phase != vals['deal_phase'] for lead in self):
                vals['deal_status_id'] = self.env['crm.infinity.deal.status']._default_for_phase(
                    vals['deal_phase']).id
        before = None
        if 'deal_status_id' in vals:
            before = {lead.id: lead.deal_status_id for lead in self}
            vals.update(self._deal_closing_values(vals['deal_status_id']))
        res = super().write(vals)
        if before is not None:
            for lead in self:
                old = before[lead.id]
                if lead.deal_status_id != old:
                    lead._crm_emit('lead_status_changed', {
                        'old_status': old.name or '', 'new_status': lead.deal_status_id.name or '',
                        'status_type': lead.deal_status_type or '', 'phase': lead.deal_phase})
        return res

    @api.multi
    def action_set_won(self):
        """Odoo's *Mark won* also gives the deal the won status (a won deal is an Opportunity)."""
        res = super().action_set_won()
        self._set_closing_status(phases.WON)
        return res

    @api.multi
    def action_set_lost(self):
        """Odoo's *Mark lost* also gives the deal the lost status of its phase, so it needs a
        lost reason like any deal closed lost."""
        self._set_closing_status(phases.LOST)
        return super().action_set_lost()

    @api.multi
    def _set_closing_status(self, status_type):
        Status = self.env['crm.infinity.deal.status']
        for lead in self.filtered(lambda l: l.deal_status_type != status_type):
            phase = phases.OPPORTUNITY if status_type == phases.WON else lead.deal_phase
            status = Status.search([('phase', '=', phase), ('status_type', '=', status_type)],
                                   limit=1)
            if status:
                lead.write({'deal_phase': phase, 'deal_status_id': status.id})

    @api.model
    def _deal_closing_values(self, status_id):
        """What closing a deal with ``status_id`` sets on it (probability, closing date)."""
        status = self.env['crm.infinity.deal.status'].browse(status_id or [])
        probability = phases.probability_for(status.status_type)
        if probability is None:
            return {}
        return {'probability': probability, 'date_closed': fields.Datetime.now()}

    @api.multi
    def _crm_calendar_event_values(self):
        """A meeting planned by a causale on a deal is one of the deal's meetings (Odoo's
        ``opportunity_id``: its counter and its "Meetings" button)."""
        values = super()._crm_calendar_event_values()
        values['opportunity_id'] = self.id
        return values
