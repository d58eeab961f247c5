"""Printed management reports of the commesse (SPEC C7): one row per company, salesperson,
commessa manager, assignee, commessa or user, with totals, for a period — read with
``read_group`` as the reader, so his record rules decide the rows (a commessa manager prints his
commesse only). The screens are the pivot and graph views of the same report models."""
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# kind -> (report model, group-by, date field, [(measure, label, format)], title)
# labels and titles are translated when printed (see _crm_specs)
KINDS = [
    ('companies', 'Commesse by company'),
    ('salesperson', 'Commesse by salesperson'),
    ('managers', 'Commesse by commessa manager'),
    ('assignees', 'Activities by assignee'),
    ('leads', 'Leads that became commesse'),
    ('cost_user', 'Cost per user'),
    ('cost_commessa', 'Cost per commessa'),
]


def format_number(value, digits=2):
    """Italian number: 1.234,56 (thousands with a dot, decimals with a comma)."""
    text = '{:,.{d}f}'.format(value or 0.0, d=digits)
    return text.replace(',', '\x00').replace('.', ',').replace('\x00', '.')


def format_date(value):
    if not value:
        return ''
    if isinstance(value, str):
        value = fields.Date.from_string(value)
    return value.strftime('%d/%m/%Y')


class CrmInfinityProjectsReportPrint(models.TransientModel):
    _name = 'crm.infinity.projects.report.print'
    _description = 'Print a report of the commesse'

    kind = fields.Selection(KINDS, string='Report', required=True, default='companies')
    date_from = fields.Date('From', required=True,
                            default=lambda self: fields.Date.context_today(self)[:4] + '-01-01')
    date_to = fields.Date('To', required=True, default=fields.Date.context_today)

    @api.multi
    def action_print(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(_('The end of the period is before its start.'))
        # refused now, not when the PDF is rendered, to whoever may not read the report
        report_model = self.env['report.crm_infinity_projects.report_crm_management']
        self.env[report_model._crm_specs()[self.kind][0]].check_access_rights('read')
        report = self.env.ref('crm_infinity_projects.action_report_crm_management')
        return report.report_action(self, data={
            'kind': self.kind, 'date_from': self.date_from, 'date_to': self.date_to},
            config=False)


class ReportCrmManagement(models.AbstractModel):
    _name = 'report.crm_infinity_projects.report_crm_management'
    _description = 'Management report of the commesse'

    @api.model
    def _crm_specs(self):
        money, hours, count = 'money', 'hours', 'count'
        commessa = [('commessa_count', _('Commesse'), count),
                    ('late_count', _('Late'), count),
                    ('hours', _('Hours'), hours),
                    ('quoted_amount', _('Quoted'), money),
                    ('cost', _('Actual cost'), money),
                    ('margin', _('Margin'), money)]
        return {
            'companies': ('crm.infinity.commessa.report', 'partner_id', 'date_start', commessa,
                          _('Company')),
            'salesperson': ('crm.infinity.commessa.report', 'salesperson_id', 'date_start',
                            commessa, _('Salesperson')),
            'managers': ('crm.infinity.commessa.report', 'manager_id', 'date_start', commessa,
                         _('Commessa manager')),
            'assignees': ('crm.infinity.assignee.report', 'user_id', 'planned_end',
                          [('activity_count', _('Activities'), count),
                           ('late_count', _('Late'), count),
                           ('planned_hours', _('Planned hours'), hours),
                           ('hours', _('Hours logged'), hours),
                           ('cost', _('Actual cost'), money)], _('Assignee')),
            'leads': ('crm.infinity.lead.report', 'salesperson_id', 'date',
                      [('commessa_count', _('Commesse'), count),
                       ('expected_revenue', _('Expected revenue'), money),
                       ('quoted_amount', _('Quoted'), money),
                       ('cost', _('Actual cost'), money)], _('Salesperson')),
            'cost_user': ('crm.infinity.cost.report', 'user_id', 'date',
                          [('hours', _('Hours'), hours), ('cost', _('Cost'), money)],
                          _('User')),
            'cost_commessa': ('crm.infinity.cost.report', 'project_id', 'date',
                              [('hours', _('Hours'), hours), ('cost', _('Cost'), money)],
                              _('Commessa')),
        }

    @api.model
    def _crm_rows(self, kind, date_from, date_to):
        """Rows ``{'label', 'values': {measure: number}}`` sorted by label, and the totals."""
        specs = self._crm_specs()
        if kind not in specs:
            raise UserError(_('Unknown report: %s') % kind)
        model, groupby, date_field, measures, _dimension = specs[kind]
        domain = [(date_field, '>=', date_from), (date_field, '<=', date_to)]
        if date_field in ('planned_end',):  # datetime: the whole last day
            domain = [(date_field, '>=', date_from + ' 00:00:00'),
                      (date_field, '<=', date_to + ' 23:59:59')]
        names = [m[0] for m in measures]
        groups = self.env[model].read_group(domain, names + [groupby], [groupby], lazy=False)
        rows = []
        for group in groups:
            value = group[groupby]
            rows.append({'label': value[1] if value else _('(none)'),
                         'values': {n: group.get(n) or 0.0 for n in names}})
        rows.sort(key=lambda r: (r['label'] == _('(none)'), r['label'].lower()))
        totals = {n: sum(r['values'][n] for r in rows) for n in names}
        return rows, totals

    @api.model
    def get_report_values(self, docids, data=None):
        data = data or {}
        kind = data.get('kind') or 'companies'
        date_from = data.get('date_from') or fields.Date.context_today(self)[:4] + '-01-01'
        date_to = data.get('date_to') or fields.Date.context_today(self)
        specs = self._crm_specs()
        if kind not in specs:
            raise UserError(_('Unknown report: %s') % kind)
        _model, _groupby, _date_field, measures, dimension = specs[kind]
        rows, totals = self._crm_rows(kind, date_from, date_to)
        titles = dict(self.env['crm.infinity.projects.report.print']._fields['kind']
                      ._description_selection(self.env))

        def fmt(value, kind_of_value):
            if kind_of_value == 'count':
                return format_number(value, 0)
            if kind_of_value == 'hours':
                return format_number(value, 2)
            return '€ ' + format_number(value, 2)

        return {
            'doc_ids': docids,
            'doc_model': 'crm.infinity.projects.report.print',
            'docs': self.env['crm.infinity.projects.report.print'].browse(docids),
            'company': self.env.user.company_id,
            'report_title': titles.get(kind, kind),
            'report_period': _('Period: %s - %s') % (format_date(date_from),
                                                     format_date(date_to)),
            'printed_on': fields.Datetime.context_timestamp(
                self, datetime.datetime.now()).strftime('%d/%m/%Y %H:%M'),
            'dimension': dimension,
            'measures': measures,
            'rows': rows,
            'totals': totals,
            'fmt': fmt,
            'kind': kind,
        }
