from odoo import _, api, fields, models


class CrmInfinityDeadlineProvider(models.AbstractModel):
    """The payment due dates of the open customer invoices (SPEC E6 → B8): one deadline per
    unreconciled receivable instalment, responsible: the invoice's salesperson. Invoices are
    read through their record rules (a salesperson sees none, invoicing rights all)."""

    _inherit = 'crm.infinity.deadline.provider'

    @api.model
    def _crm_deadline_kinds(self):
        return super()._crm_deadline_kinds() + [('payment_due', _('Invoice payment due'))]

    @api.model
    def _crm_deadlines(self, date_from, date_to, kinds=None):
        result = super()._crm_deadlines(date_from, date_to, kinds=kinds)
        if not self._crm_wants('payment_due', kinds):
            return result
        date_from, date_to = self._crm_date_range(date_from, date_to)
        Invoice = self.env['account.invoice']
        if not Invoice.check_access_rights('read', raise_exception=False):
            return result
        invoices = Invoice.search([('state', '=', 'open'),
                                   ('type', 'in', ('out_invoice', 'in_invoice'))])
        if not invoices:
            return result
        # the instalments of the invoices the user may read (checked just above)
        lines = self.env['account.move.line'].sudo().search([
            ('move_id', 'in', invoices.mapped('move_id').ids),
            ('account_id.internal_type', 'in', ('receivable', 'payable')),
            ('reconciled', '=', False),
            ('date_maturity', '>=', fields.Date.to_string(date_from)),
            ('date_maturity', '<=', fields.Date.to_string(date_to))])
        invoice_of = {invoice.move_id.id: invoice for invoice in invoices}
        for line in lines:
            invoice = invoice_of[line.move_id.id]
            owner = invoice.user_id.ids
            result.append({
                'kind': 'payment_due',
                'date': fields.Date.from_string(line.date_maturity),
                'name': '%s - %s' % (invoice.number or invoice.display_name,
                                     invoice.partner_id.sudo().display_name),
                'res_model': invoice._name, 'res_id': invoice.id,
                'user_ids': owner, 'partner_id': invoice.partner_id.id,
                'roles': {'owner': owner},
                'note': '%.2f %s' % (abs(line.amount_residual), invoice.currency_id.symbol or ''),
            })
        return result

    @api.model
    def _crm_planned_activity_excluded_ids(self):
        """The activities the e-invoicing payment cron plans on a due date are the same deadline
        as its ``payment_due``: listed once."""
        self.env.cr.execute("""
            SELECT a.id FROM mail_activity a
              JOIN account_invoice i ON a.res_model = 'account.invoice' AND i.id = a.res_id
              JOIN account_move_line l ON l.move_id = i.move_id AND l.date_maturity = a.date_deadline
              JOIN account_account acc ON acc.id = l.account_id
              JOIN account_account_type t ON t.id = acc.user_type_id
             WHERE t.type IN ('receivable', 'payable')""")
        excluded = {r[0] for r in self.env.cr.fetchall()}
        return super()._crm_planned_activity_excluded_ids() | excluded
