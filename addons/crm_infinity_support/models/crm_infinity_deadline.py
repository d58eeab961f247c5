from odoo import _, api, fields, models


class CrmInfinityDeadlineProvider(models.AbstractModel):
    """The SLA deadlines of the open tickets (SPEC B8): one per running clock of
    ``crm.infinity.ticket.sla`` (a paused clock has no deadline), a UTC moment. Concerned: the
    operator of the ticket (assignee) and the manager of its service center; read through the
    SLA record rules (an operator sees those of his tickets)."""

    _inherit = 'crm.infinity.deadline.provider'

    @api.model
    def _crm_deadline_kinds(self):
        return super()._crm_deadline_kinds() + [('sla_deadline', _('SLA deadline'))]

    @api.model
    def _crm_deadlines(self, date_from, date_to, kinds=None):
        result = super()._crm_deadlines(date_from, date_to, kinds=kinds)
        if not self._crm_wants('sla_deadline', kinds):
            return result
        Sla = self.env['crm.infinity.ticket.sla']
        if not (Sla.check_access_rights('read', raise_exception=False) and self.env[
                'crm.infinity.ticket'].check_access_rights('read', raise_exception=False)):
            return result
        start, stop = self._crm_datetime_bounds(date_from, date_to)
        clocks = Sla.search([('status', '=', 'running'), ('deadline', '>=', start),
                             ('deadline', '<', stop)])
        # the clocks of the tickets the user reads (the SLA rows have no rule for every profile)
        self.env.cr.execute('SELECT id, ticket_id FROM crm_infinity_ticket_sla WHERE id = ANY(%s)',
                            (clocks.ids,))
        ticket_of = dict(self.env.cr.fetchall())
        readable = set(self.env['crm.infinity.ticket'].search(
            [('id', 'in', list(set(ticket_of.values())))]).ids)
        for clock in clocks.filtered(lambda c: ticket_of[c.id] in readable):
            ticket = clock.ticket_id
            assignee = ticket.user_id.ids
            manager = ticket.sudo().center_id.manager_id.ids  # the ticket is readable
            result.append({
                'kind': 'sla_deadline',
                'date': fields.Datetime.from_string(clock.deadline),
                'name': '%s - %s' % (ticket.display_name, clock.name),
                'res_model': ticket._name, 'res_id': ticket.id,
                'user_ids': sorted(set(assignee + manager)),
                'partner_id': ticket.commercial_partner_id.id,
                'roles': {'assignee': assignee, 'manager': manager},
                'note': clock.name or '',
            })
        return result
