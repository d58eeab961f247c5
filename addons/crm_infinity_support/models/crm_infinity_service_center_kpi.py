from odoo import _, api, fields, models

# what each KPI figure of the dashboard opens: the report measure and how to group it
KPI_VIEWS = {
    'backlog': {'measure': 'backlog', 'row': 'user_id', 'col': 'priority',
                'domain': [('backlog', '=', 1)]},
    'first_response': {'measure': 'first_response_hours', 'row': 'user_id', 'col': 'date_open:month',
                       'domain': [('date_first_response', '!=', False)]},
    'resolution': {'measure': 'resolution_hours', 'row': 'user_id', 'col': 'date_open:month',
                   'domain': [('date_closed', '!=', False)]},
    'reopen': {'measure': 'reopen_rate', 'row': 'category_id', 'col': 'date_open:month', 'domain': []},
    'satisfaction': {'measure': 'satisfaction', 'row': 'user_id', 'col': 'date_open:month',
                     'domain': [('rating', '>', 0)]},
    'load_user': {'measure': 'backlog', 'row': 'user_id', 'col': 'state',
                  'domain': [('backlog', '=', 1)], 'graph': True},
    'load_group': {'measure': 'backlog', 'row': 'operator_group_id', 'col': 'state',
                   'domain': [('backlog', '=', 1)], 'graph': True},
    'load_customer': {'measure': 'nbr', 'row': 'commercial_partner_id', 'col': 'state',
                      'domain': [], 'graph': True},
}


class CrmInfinityServiceCenter(models.Model):
    """The KPI gadgets of the support dashboard (SPEC T11), one card per service center."""

    _inherit = 'crm.infinity.service.center'

    kpi_ticket_count = fields.Integer('Tickets', compute='_compute_kpis')
    kpi_backlog = fields.Integer('Backlog', compute='_compute_kpis')
    kpi_first_response_hours = fields.Float('Average first response (working hours)',
                                            compute='_compute_kpis', digits=(16, 1))
    kpi_resolution_hours = fields.Float('Average resolution (working hours)',
                                        compute='_compute_kpis', digits=(16, 1))
    kpi_reopen_rate = fields.Float('Reopen rate (%)', compute='_compute_kpis', digits=(16, 1))
    kpi_satisfaction = fields.Float('Satisfied customers (%)', compute='_compute_kpis',
                                    digits=(16, 1))

    @api.multi
    def _compute_kpis(self):
        """One read_group per figure over the KPI report (each average over the tickets it
        concerns: answered, closed, rated), within the user's record rules."""
        Report = self.env['crm.infinity.ticket.report']
        base = [('center_id', 'in', self.ids)]

        def grouped(domain, measures):
            rows = Report.read_group(base + domain, ['center_id'] + measures, ['center_id'])
            return {row['center_id'][0]: row for row in rows}

        totals = grouped([], ['nbr', 'backlog', 'reopen_rate'])
        answered = grouped([('date_first_response', '!=', False)], ['first_response_hours'])
        closed = grouped([('date_closed', '!=', False)], ['resolution_hours'])
        rated = grouped([('rating', '>', 0)], ['satisfaction'])
        for center in self:
            total = totals.get(center.id, {})
            center.kpi_ticket_count = total.get('nbr') or 0
            center.kpi_backlog = total.get('backlog') or 0
            center.kpi_reopen_rate = total.get('reopen_rate') or 0.0
            center.kpi_first_response_hours = answered.get(center.id, {}).get(
                'first_response_hours') or 0.0
            center.kpi_resolution_hours = closed.get(center.id, {}).get('resolution_hours') or 0.0
            center.kpi_satisfaction = rated.get(center.id, {}).get('satisfaction') or 0.0

    @api.multi
    def action_open_kpi(self):
        """Open the KPI report behind one figure of the dashboard (context key ``kpi``)."""
        kpi = KPI_VIEWS.get(self.env.context.get('kpi'), KPI_VIEWS['backlog'])
        action = self.env.ref('crm_infinity_support.crm_infinity_ticket_report_action').read()[0]
        action['domain'] = [('center_id', 'in', self.ids)] + kpi['domain']
        if kpi.get('graph'):
            action['views'] = [(False, 'graph'), (False, 'pivot'), (False, 'tree')]
        action['context'] = {
            'pivot_measures': [kpi['measure']],
            'pivot_row_groupby': [kpi['row']],
            'pivot_column_groupby': [kpi['col']],
            'graph_measure': kpi['measure'],
            'graph_groupbys': [kpi['row']],
        }
        if len(self) == 1:
            action['display_name'] = action['name'] = _('KPIs: %s') % self.name
        return action
