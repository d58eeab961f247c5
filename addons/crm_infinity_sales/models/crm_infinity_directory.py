from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError

from .crm_infinity_deal_status import PHASE_SELECTION


class CrmInfinityDirectoryMixin(models.AbstractModel):
    """The optional B2 permission "sees the list of all companies / leads, opens and edits only
    his own" (``crm_infinity_base.group_crm_list_all``).

    The record rules of companies and leads stay as strict as for any salesperson; the lists of
    everything are these read-only SQL views, which hold only the columns of a list. So the
    permission holds over RPC too: reading another salesperson's company or lead, field by
    field, is refused by the rules of ``res.partner`` and ``crm.lead``; the directory never had
    more than its list columns. "Open" opens the real record, which the rules allow only for
    the user's own."""

    _name = 'crm.infinity.directory.mixin'
    _description = 'List of all records (list columns only)'

    is_own = fields.Boolean('Mine', compute='_compute_is_own')

    @api.multi
    def _compute_is_own(self):
        target = self.env[self._target_model]
        visible = set(target.search([('id', 'in', self.ids)]).ids)
        for row in self:
            row.is_own = row.id in visible

    @api.multi
    def action_open(self):
        self.ensure_one()
        record = self.env[self._target_model].browse(self.id)
        try:
            record.check_access_rule('read')
        except AccessError:
            raise AccessError(_('"%s" is not yours: you may see it in the list but not open '
                                'it.') % self.name)
        return {'type': 'ir.actions.act_window', 'res_model': self._target_model,
                'res_id': record.id, 'view_mode': 'form', 'views': [(False, 'form')]}


class CrmInfinityCompanyDirectory(models.Model):
    _name = 'crm.infinity.company.directory'
    _inherit = 'crm.infinity.directory.mixin'
    _description = 'All companies (list)'
    _auto = False
    _order = 'name'
    _target_model = 'res.partner'

    name = fields.Char(readonly=True)
    city = fields.Char(readonly=True)
    country_id = fields.Many2one('res.country', string='Country', readonly=True)
    user_id = fields.Many2one('res.users', string='Salesperson', readonly=True)
    customer = fields.Boolean(readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW %s AS (
                SELECT p.id, p.name, p.city, p.country_id, p.user_id, p.customer
                  FROM res_partner p
                 WHERE p.active AND p.is_company
            )""" % self._table)


class CrmInfinityLeadDirectory(models.Model):
    _name = 'crm.infinity.lead.directory'
    _inherit = 'crm.infinity.directory.mixin'
    _description = 'All leads (list)'
    _auto = False
    _order = 'opening_date desc, id desc'
    _target_model = 'crm.lead'

    name = fields.Char('Deal', readonly=True)
    partner_name = fields.Char('Company/Nominativo', readonly=True)
    user_id = fields.Many2one('res.users', string='Assigned to', readonly=True)
    deal_phase = fields.Selection(PHASE_SELECTION, string='Phase', readonly=True)
    deal_status_id = fields.Many2one('crm.infinity.deal.status', string='Status', readonly=True)
    opening_date = fields.Date('Opening date', readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW %s AS (
                SELECT l.id, l.name, COALESCE(c.name, l.partner_name) AS partner_name,
                       l.user_id, l.deal_phase, l.deal_status_id, l.opening_date
                  FROM crm_lead l
                  LEFT JOIN res_partner p ON p.id = l.partner_id
                  LEFT JOIN res_partner c ON c.id = p.commercial_partner_id
                 WHERE l.active
            )""" % self._table)
