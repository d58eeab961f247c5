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
            records['crm.infinity.ticket'] = self._crm_timeline_ticket_ids(partner_ids)
        return records

    @api.model
    def _crm_timeline_ticket_domain(self, partner_ids):
        return ['|', ('partner_id', 'in', partner_ids),
                ('commercial_partner_id', 'in', partner_ids)]

    @api.model
    def _crm_timeline_ticket_ids(self, partner_ids):
        """Ids of the tickets of the partners the viewer reads (once per page)."""
        return self._crm_timeline_memo('crm.infinity.ticket', lambda: self.env[
            'crm.infinity.ticket'].with_context(active_test=False).search(
                self._crm_timeline_ticket_domain(partner_ids)).ids)

    @api.model
    def _crm_timeline_tickets(self, partner_ids, date_from, date_to, limit):
        fields_ = ['number', 'name', 'partner_id', 'commercial_partner_id', 'user_id',
                   'stage_id', 'create_date', 'date_closed']
        items = []
        for moment, title, extra in (
                ('create_date', _('Ticket %s opened: %s'), []),
                ('date_closed', _('Ticket %s closed: %s'), [('date_closed', '!=', False)])):
            rows = self._crm_timeline_read(
                'crm.infinity.ticket', self._crm_timeline_ticket_domain(partner_ids) + extra +
                self._crm_timeline_date_domain(moment, date_from, date_to), fields_,
                '%s desc, id desc' % moment, limit)
            items += [{
                'kind': 'ticket', 'date': row[moment], 'title': title % (row['number'],
                                                                         row['name']),
                'body': '', 'res_model': 'crm.infinity.ticket', 'res_id': row['id'],
                'partner_id': row['partner_id'] or row['commercial_partner_id'],
                'user_id': row['user_id'], 'state': row['stage_id_name'],
            } for row in rows]
        return items

    @api.model
    def _crm_timeline_sla(self, partner_ids, date_from, date_to, limit):
        ticket_ids = self._crm_timeline_ticket_ids(partner_ids)
        if not ticket_ids:
            return []
        Event = self.env['crm.infinity.sla.event']
        labels = dict(Event._fields['kind']._description_selection(self.env))
        rows = self._crm_timeline_read(
            Event._name, [('ticket_id', 'in', ticket_ids)] + self._crm_timeline_date_domain(
                'date', date_from, date_to),
            ['date', 'kind', 'name', 'note', 'ticket_id', 'user_id'], 'date desc, id desc',
            limit)
        tickets = {t['id']: t for t in self.env['crm.infinity.ticket'].browse(
            list({row['ticket_id'] for row in rows})).read(['partner_id',
                                                            'commercial_partner_id'])}
        items = []
        for row in rows:
            ticket = tickets[row['ticket_id']]
            label = labels.get(row['kind'], row['kind'])
            partner = ticket['partner_id'] or ticket['commercial_partner_id']
            items.append({
                'kind': 'sla', 'date': row['date'],
                'title': '%s: %s' % (label, row['name']) if row['name'] else label,
                'body': row['note'] or '', 'res_model': 'crm.infinity.ticket',
                'res_id': row['ticket_id'], 'partner_id': partner and partner[0],
                'user_id': row['user_id'],
                'parent_model': 'crm.infinity.ticket', 'parent_id': row['ticket_id'],
            })
        return items
