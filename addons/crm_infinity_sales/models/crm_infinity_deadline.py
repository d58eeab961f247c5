from odoo import _, api, fields, models


class CrmInfinityDeadlineProvider(models.AbstractModel):
    """The deadlines of the sales addon (SPEC B8): the *contatta in futuro* date of the leads
    (``crm_lead_recall_date``, responsible: the lead's owner) and the validity end of the open
    quotes (``sale.order.validity_date``, responsible: the quote's salesperson)."""

    _inherit = 'crm.infinity.deadline.provider'

    @api.model
    def _crm_deadline_kinds(self):
        return super()._crm_deadline_kinds() + [
            ('contact_future', _('Contact in future')),
            ('quote_expiry', _('Quote expiry')),
        ]

    @api.model
    def _crm_deadlines(self, date_from, date_to, kinds=None):
        result = super()._crm_deadlines(date_from, date_to, kinds=kinds)
        date_from, date_to = self._crm_date_range(date_from, date_to)
        bounds = [fields.Date.to_string(date_from), fields.Date.to_string(date_to)]
        readable = lambda model: self.env[model].check_access_rights('read', raise_exception=False)
        if self._crm_wants('contact_future', kinds) and readable('crm.lead'):
            leads = self.env['crm.lead'].search([
                ('crm_lead_status', '=', 'recall'),
                ('crm_lead_recall_date', '>=', bounds[0]),
                ('crm_lead_recall_date', '<=', bounds[1])])
            managers = self._crm_sales_managers(leads.mapped('user_id').ids)
            for lead in leads:
                owner = lead.user_id.ids
                result.append({
                    'kind': 'contact_future',
                    'date': fields.Date.from_string(lead.crm_lead_recall_date),
                    'name': lead.name, 'res_model': lead._name, 'res_id': lead.id,
                    'user_ids': owner, 'partner_id': lead.partner_id.id,
                    'roles': {'owner': owner, 'manager': managers.get(lead.user_id.id, [])},
                    'note': lead.partner_name or lead.contact_name or '',
                })
        if self._crm_wants('quote_expiry', kinds) and readable('sale.order'):
            orders = self.env['sale.order'].search([
                ('state', 'in', ('draft', 'sent')),
                ('validity_date', '>=', bounds[0]), ('validity_date', '<=', bounds[1])])
            managers = self._crm_sales_managers(orders.mapped('user_id').ids)
            for order in orders:
                owner = order.user_id.ids
                result.append({
                    'kind': 'quote_expiry',
                    'date': fields.Date.from_string(order.validity_date),
                    'name': order.name, 'res_model': order._name, 'res_id': order.id,
                    'user_ids': owner, 'partner_id': order.partner_id.id,
                    'roles': {'owner': owner, 'manager': managers.get(order.user_id.id, [])},
                    'note': '%.2f %s' % (order.amount_total, order.currency_id.symbol or ''),
                })
        return result

    @api.model
    def _crm_planned_activity_excluded_ids(self):
        """The recall activity of a lead in *contatta in futuro* is the same deadline as its
        ``contact_future``: listed once."""
        self.env.cr.execute('SELECT crm_lead_recall_activity_id FROM crm_lead '
                            'WHERE crm_lead_recall_activity_id IS NOT NULL')
        excluded = {r[0] for r in self.env.cr.fetchall()}
        return super()._crm_planned_activity_excluded_ids() | excluded
