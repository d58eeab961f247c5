from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class SaleOrder(models.Model):
    """The commessa of an accepted quote (SPEC C1): the CRM administrator opens it from the
    confirmed quote (or from its deal); the order lines become its planned activities."""

    _inherit = 'sale.order'

    crm_project_ids = fields.One2many('project.project', 'crm_sale_order_id', string='Commesse')
    crm_project_count = fields.Integer('Commesse', compute='_compute_crm_project_count')

    @api.multi
    def _compute_crm_project_count(self):
        rows = self.env['project.project'].read_group(
            [('crm_sale_order_id', 'in', self.ids)], ['crm_sale_order_id'], ['crm_sale_order_id'])
        counts = {row['crm_sale_order_id'][0]: row['crm_sale_order_id_count'] for row in rows}
        for order in self:
            order.crm_project_count = counts.get(order.id, 0)

    @api.multi
    def action_crm_create_commessa(self):
        """Button "Crea commessa" of an accepted quote: the commessa with the quote's lines as
        planned activities (or the commessa it already has), opened in its form."""
        self.ensure_one()
        projects = self._crm_create_commesse()
        return projects._crm_open_action()

    @api.multi
    def action_crm_view_commesse(self):
        self.ensure_one()
        self.env['project.project']._crm_check_reader()
        self.check_access_rule('read')
        return self.crm_project_ids._crm_open_action()

    @api.multi
    def _crm_create_commesse(self):
        """One commessa per accepted quote (the existing one if it has it already), made by a
        CRM administrator: the others may not open commesse."""
        self.env['project.project']._crm_check_admin()
        self.check_access_rights('read')
        self.check_access_rule('read')
        projects = self.env['project.project']
        for order in self.sudo():
            if order.state not in ('sale', 'done'):
                raise UserError(_('The quote %s has not been accepted: a commessa is opened '
                                  'from an accepted quote.') % order.name)
            existing = order.with_context(active_test=False).crm_project_ids
            if existing:
                projects |= existing[:1]
                continue
            projects |= self.env['project.project'].sudo()._crm_create_from_quote(order)
        return projects.sudo(self.env.uid)


class CrmLead(models.Model):
    _inherit = 'crm.lead'

    @api.multi
    def action_crm_create_commessa(self):
        """Button "Crea commessa" of a deal: the commessa of each of its accepted quotes."""
        self.ensure_one()
        self.check_access_rule('read')
        orders = self.env['sale.order'].sudo().search(
            [('opportunity_id', '=', self.id), ('state', 'in', ('sale', 'done'))])
        if not orders:
            raise UserError(_('The deal "%s" has no accepted quote: a commessa is opened from '
                              'an accepted quote.') % self.name)
        return orders.sudo(self.env.uid)._crm_create_commesse()._crm_open_action()
