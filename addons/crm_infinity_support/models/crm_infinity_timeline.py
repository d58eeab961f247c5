from odoo import _, api, models


class CrmInfinityTimelineProvider(models.AbstractModel):
    """The items of the help desk on the card: tickets (opened, closed) and the events of their
    SLA clocks (pre-warning, breach, met...), rolled up to the company through the ticket;
    read as the viewer (a salesperson who may not read the tickets sees none of them)."""

    _inherit = 'crm.infinity.timeline.provider'

    @api.model
    def _crm_timeline_kinds(self):
        return super()._crm_timeline_kinds() + [
            ('ticket', _('Tickets')),
            ('sla', _('SLA events')),
        ]

    @api.model
    def _crm_timeline_items(self, partner_ids, date_from=None, date_to=None, kinds=None,
                            limit=None):
        items = super()._crm_timeline_items(partner_ids, date_from=date_from, date_to=date_to,
                                            kinds=kinds, limit=limit)
        if self._crm_timeline_wants('ticket', kinds) and \
                self._crm_timeline_can_read('crm.infinity.ticket'):
            items += self._crm_timeline_tickets(partner_ids, date_from, date_to, limit)
        if self._crm_timeline_wants('sla', kinds) and \
                self._crm_timeline_can_read('crm.infinity.sla.event') and \
                self._crm_timeline_can_read('crm.infinity.ticket'):
            items += self._crm_timeline_sla(partner_ids, date_from, date_to, limit)
        return items

    @api.model
    def _crm_timeline_primanota_records(self, partner_ids):
        records = super()._crm_timeline_primanota_records(partner_ids)
        if self._crm_timeline_can_read('crm.infinity.ticket'):
            records['crm.infinity.ticket'] = self._crm_timeline_ticket_search(partner_ids).ids
        return records

    @api.model
    def _crm_timeline_ticket_search(self, partner_ids, domain=None, **kwargs):
        Ticket = self.env['crm.infinity.ticket'].with_context(active_test=False)
        return Ticket.search(['|', ('partner_id', 'in', partner_ids),
                              ('commercial_partner_id', 'in', partner_ids)] + (domain or []),
                             **kwargs)

    @api.model
    def _crm_timeline_tickets(self, partner_ids, date_from, date_to, limit):
        items = []
        for ticket in self._crm_timeline_ticket_search(
                partner_ids, self._crm_timeline_date_domain('create_date', date_from, date_to),
                order='create_date desc, id desc', limit=limit):
            items.append(self._crm_timeline_ticket_item(
                ticket, ticket.create_date, _('Ticket %s opened: %s')))
        for ticket in self._crm_timeline_ticket_search(
                partner_ids, [('date_closed', '!=', False)] + self._crm_timeline_date_domain(
                    'date_closed', date_from, date_to),
                order='date_closed desc, id desc', limit=limit):
            items.append(self._crm_timeline_ticket_item(
                ticket, ticket.date_closed, _('Ticket %s closed: %s')))
        return items

    @api.model
    def _crm_timeline_ticket_item(self, ticket, moment, title):
        return {
            'kind': 'ticket', 'date': moment, 'title': title % (ticket.number, ticket.name),
            'body': '', 'res_model': ticket._name, 'res_id': ticket.id,
            'partner_id': ticket.partner_id.id or ticket.commercial_partner_id.id,
            'user_id': ticket.user_id.id, 'state': ticket.stage_id.name,
        }

    @api.model
    def _crm_timeline_sla(self, partner_ids, date_from, date_to, limit):
        ticket_ids = self._crm_timeline_ticket_search(partner_ids).ids
        if not ticket_ids:
            return []
        Event = self.env['crm.infinity.sla.event']
        labels = dict(Event._fields['kind']._description_selection(self.env))
        domain = [('ticket_id', 'in', ticket_ids)] + self._crm_timeline_date_domain(
            'date', date_from, date_to)
        items = []
        for event in Event.search(domain, order='date desc, id desc', limit=limit):
            ticket = event.ticket_id
            title = '%s: %s' % (labels.get(event.kind, event.kind), event.name) if event.name \
                else labels.get(event.kind, event.kind)
            items.append({
                'kind': 'sla', 'date': event.date, 'title': title, 'body': event.note or '',
                'res_model': ticket._name, 'res_id': ticket.id,
                'partner_id': ticket.partner_id.id or ticket.commercial_partner_id.id,
                'user_id': event.user_id.id,
                'parent_model': ticket._name, 'parent_id': ticket.id,
            })
        return items
