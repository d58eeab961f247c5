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
    def _crm_timeline_sources(self, partner_ids, kinds=None):
        sources = super()._crm_timeline_sources(partner_ids, kinds=kinds)
        if self._crm_timeline_wants('ticket', kinds):
            domain = self._crm_timeline_ticket_domain(partner_ids)
            sources += [
                self._crm_timeline_source('ticket_opened', 'ticket', 'crm.infinity.ticket',
                                          domain, 'create_date'),
                self._crm_timeline_source('ticket_closed', 'ticket', 'crm.infinity.ticket',
                                          domain, 'date_closed'),
            ]
        if self._crm_timeline_wants('sla', kinds) and \
                self._crm_timeline_can_read('crm.infinity.ticket'):
            tickets, params = self._crm_timeline_tickets_sql(partner_ids)
            sources.append(self._crm_timeline_source(
                'sla', 'sla', 'crm.infinity.sla.event', [], 'date',
                where=[('"crm_infinity_sla_event"."ticket_id" IN (%s)' % tickets, params)]))
        return sources

    @api.model
    def _crm_timeline_primanota_records(self, partner_ids):
        records = super()._crm_timeline_primanota_records(partner_ids)
        if self._crm_timeline_can_read('crm.infinity.ticket'):
            records['crm.infinity.ticket'] = self._crm_timeline_tickets_sql(partner_ids)
        return records

    @api.model
    def _crm_timeline_ticket_domain(self, partner_ids):
        return ['|', ('partner_id', 'in', partner_ids),
                ('commercial_partner_id', 'in', partner_ids)]

    @api.model
    def _crm_timeline_tickets_sql(self, partner_ids):
        """Subquery of the tickets of the partners the viewer reads (built once per page)."""
        return self._crm_timeline_shared_ids('crm.infinity.ticket', lambda: self._crm_timeline_ids_sql(
            'crm.infinity.ticket', self._crm_timeline_ticket_domain(partner_ids)))

    @api.model
    def _crm_timeline_watches(self):
        partners = ('SELECT t.partner_id FROM {rows} r JOIN crm_infinity_ticket t '
                    'ON t.id = r.ticket_id UNION ALL SELECT t.commercial_partner_id '
                    'FROM {rows} r JOIN crm_infinity_ticket t ON t.id = r.ticket_id')
        return super()._crm_timeline_watches() + [
            {'table': 'crm_infinity_ticket',
             'keys': ['ticket_opened', 'ticket_closed', 'sla', 'primanota'],
             'columns': ['partner_id', 'commercial_partner_id', 'create_date', 'date_closed'],
             'partners': 'SELECT r.partner_id FROM {rows} r UNION ALL '
                         'SELECT r.commercial_partner_id FROM {rows} r'},
            {'table': 'crm_infinity_sla_event', 'keys': ['sla'], 'columns': ['ticket_id', 'date'],
             'partners': partners},
        ]

    @api.model
    def _crm_timeline_primanota_tables(self):
        return super()._crm_timeline_primanota_tables() + [
            ('crm.infinity.ticket', 'crm_infinity_ticket', 'commercial_partner_id')]

    @api.model
    def _crm_timeline_render(self, key, ids):
        if key in ('ticket_opened', 'ticket_closed'):
            return self._crm_timeline_tickets(ids, key == 'ticket_closed')
        if key == 'sla':
            return self._crm_timeline_sla(ids)
        return super()._crm_timeline_render(key, ids)

    @api.model
    def _crm_timeline_tickets(self, ids, closed):
        title = _('Ticket %s closed: %s') if closed else _('Ticket %s opened: %s')
        rows = self._crm_timeline_read_ids(
            'crm.infinity.ticket', ids, ['number', 'name', 'partner_id', 'commercial_partner_id',
                                         'user_id', 'stage_id_name'])
        return {rid: {
            'kind': 'ticket', 'title': title % (row['number'], row['name']), 'body': '',
            'res_model': 'crm.infinity.ticket', 'res_id': rid,
            'partner_id': row['partner_id'] or row['commercial_partner_id'],
            'user_id': row['user_id'], 'state': row['stage_id_name'],
        } for rid, row in rows.items()}

    @api.model
    def _crm_timeline_sla(self, ids):
        labels = self._crm_timeline_labels('crm.infinity.sla.event', 'kind')
        rows = self._crm_timeline_read_ids(
            'crm.infinity.sla.event', ids, ['kind', 'name', 'note', 'ticket_id', 'user_id'])
        tickets = self._crm_timeline_read_ids(
            'crm.infinity.ticket', list({row['ticket_id'] for row in rows.values()}),
            ['partner_id', 'commercial_partner_id'])
        items = {}
        for rid, row in rows.items():
            ticket = tickets[row['ticket_id']]
            label = labels.get(row['kind'], row['kind'])
            items[rid] = {
                'kind': 'sla',
                'title': '%s: %s' % (label, row['name']) if row['name'] else label,
                'body': row['note'] or '', 'res_model': 'crm.infinity.ticket',
                'res_id': row['ticket_id'],
                'partner_id': ticket['partner_id'] or ticket['commercial_partner_id'],
                'user_id': row['user_id'],
                'parent_model': 'crm.infinity.ticket', 'parent_id': row['ticket_id'],
            }
        return items
