"""The costing part of the demo's story: dated rates that change mid-period, time logged on the
activities of the demo commesse, extra costs, one commessa over budget and one invoiced by time
and material (see ``crm_infinity_base.demo_builder``)."""
import datetime

from odoo import api, fields, models

from odoo.addons.crm_infinity_base.models.crm_infinity_demo import PEOPLE

# people -> (hourly cost, sale price) before and after the mid-period change
DEMO_RATES = {
    'marco': ((55.0, 95.0), (60.0, 100.0)),
    'giulia': ((42.0, 75.0), (45.0, 80.0)),
    'luca': ((38.0, 70.0), (40.0, 70.0)),
    'sara': ((35.0, 65.0), (38.0, 70.0)),
    'elena': ((48.0, 85.0), (52.0, 90.0)),
    'davide': ((30.0, 55.0), (32.0, 60.0)),
    'francesca': ((33.0, 60.0), (36.0, 65.0)),
}
EXTRA_COSTS = ['Trasferta presso il cliente', 'Stampa e rilegatura dei fascicoli',
               'Noleggio strumentazione di misura']


class CrmInfinityDemo(models.AbstractModel):
    _inherit = 'crm.infinity.demo'

    @api.model
    def _demo_commesse(self):
        """The demo commesse (XML ids of this addon), oldest first."""
        data = self.env['ir.model.data'].search([('module', '=', 'crm_infinity_projects'),
                                                 ('model', '=', 'project.project')])
        return self.env['project.project'].browse(data.mapped('res_id')).exists().sorted('id')

    @api.model
    def _demo_build_commessa_costs(self):
        """Runs after ``_demo_build_commesse`` (nothing to do without demo commesse)."""
        commesse = self._demo_commesse()
        today = fields.Date.from_string(fields.Date.context_today(self))
        change = today - datetime.timedelta(days=30)
        Rate = self.env['crm.infinity.hourly.rate']
        for key, (before, after) in sorted(DEMO_RATES.items()):
            user = self._demo_user(key) if key in PEOPLE else None
            if not user or Rate.search_count([('user_id', '=', user.id)]):
                continue
            Rate.create({'user_id': user.id, 'date_from': str(today.replace(month=1, day=1)
                                                              - datetime.timedelta(days=365)),
                         'date_to': str(change - datetime.timedelta(days=1)),
                         'cost_rate': before[0], 'sale_rate': before[1]})
            Rate.create({'user_id': user.id, 'date_from': str(change), 'cost_rate': after[0],
                         'sale_rate': after[1], 'note': 'Adeguamento contrattuale'})
        if not commesse:
            return True
        Line = self.env['account.analytic.line'].with_context(tracking_disable=True)
        with self._demo_quiet():
            for index, commessa in enumerate(commesse):
                if Line.search_count([('project_id', '=', commessa.id)]):
                    continue  # built already
                tasks = self.env['project.task'].search([('project_id', '=', commessa.id),
                                                         ('user_id', '!=', False)])
                for number, task in enumerate(tasks):
                    # two to four hours every third working day of the last two months
                    for back in range(60, 0, -1):
                        day = today - datetime.timedelta(days=back)
                        if day.weekday() >= 5 or (back + number) % 3:
                            continue
                        Line.create({'name': 'Attività: %s' % task.name, 'date': str(day),
                                     'unit_amount': 2 + (back + index) % 3,
                                     'project_id': commessa.id, 'task_id': task.id,
                                     'user_id': task.user_id.id})
                self.env['crm.infinity.extra.cost'].create({
                    'name': EXTRA_COSTS[index % len(EXTRA_COSTS)], 'project_id': commessa.id,
                    'task_id': tasks[:1].id, 'amount': 150.0 + 90 * index,
                    'date': str(today - datetime.timedelta(days=10 + index))})
            # the first commessa goes over its budget; the second is invoiced by time
            first = commesse[0]
            if first.crm_actual_cost:
                first.crm_budget_amount = max(round(first.crm_actual_cost * 0.9), 1.0)
            if len(commesse) > 1 and commesse[1].partner_id:
                try:
                    with self.env.cr.savepoint():
                        commesse[1]._crm_invoice_time()
                except Exception:  # a demo without a chart of accounts: no invoice
                    pass
        return True
