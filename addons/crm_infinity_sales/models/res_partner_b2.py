from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class ResPartner(models.Model):
    """B2 for companies: a salesperson sees and edits the companies he is responsible for
    (``user_id``), his subordinates' and their contacts (security/crm_infinity_b2_security.xml).
    What he creates is his: a company (or a person without a company) he creates without a
    responsible gets him as responsible, so that he can still open it.

    He also reads, without editing, the customer of each of his deals and that customer's
    company (``crm_deal_user_ids``): a deal of his may be on a company another salesperson is
    responsible for, and he must be able to work it (see its address, make and send its quote)."""

    _inherit = 'res.partner'

    # Odoo computes a partner's receivable and payable in SQL, past the record rules that close
    # journal items to salespeople: the amounts are for the invoicing users, as total_invoiced is
    # (searching on them too: Odoo 11 checks field groups on read only)
    credit = fields.Monetary(groups='account.group_account_invoice', search='_crm_search_credit')
    debit = fields.Monetary(groups='account.group_account_invoice', search='_crm_search_debit')

    def _crm_check_receivable_access(self):
        if not self.env.user.has_group('account.group_account_invoice'):
            raise AccessError(_('Only invoicing users can search on receivables and payables.'))

    def _crm_search_credit(self, operator, operand):
        self._crm_check_receivable_access()
        return self._asset_difference_search('receivable', operator, operand)

    def _crm_search_debit(self, operator, operand):
        self._crm_check_receivable_access()
        return self._asset_difference_search('payable', operator, operand)

    crm_deal_user_ids = fields.Many2many(
        'res.users', string='Salespeople of its deals', compute='_compute_crm_deal_user_ids',
        search='_search_crm_deal_user_ids',
        help='The salespeople of the deals on this partner or on its contacts: they may read it.')

    @api.multi
    def _compute_crm_deal_user_ids(self):
        Lead = self.env['crm.lead'].sudo().with_context(active_test=False)
        for partner in self:
            deals = Lead.search(['|', ('partner_id', '=', partner.id),
                                 ('partner_id.commercial_partner_id', '=', partner.id)])
            partner.crm_deal_user_ids = deals.mapped('user_id')

    def _search_crm_deal_user_ids(self, operator, value):
        """The customers of the deals of the given users and their companies (a plain SQL query:
        it runs inside the record rule of res.partner, for every partner read)."""
        if operator != 'in':
            raise UserError(_('Unsupported search on the salespeople of the deals.'))
        user_ids = tuple(value) if isinstance(value, (list, tuple)) else (value,)
        if not user_ids:
            return [('id', '=', 0)]
        # the Scheda riepilogo applies several rules built on this one in a page: once
        return list(self.env['crm.infinity.timeline.provider']._crm_timeline_memo(
            ('crm_deal_user_ids', user_ids), lambda: self._crm_deal_partners_domain(user_ids)))

    def _crm_deal_partners_domain(self, user_ids):
        # the distinct customers of each salesperson walked on the (user, customer) index, one
        # step per customer (a salesperson has thousands of deals on a few dozen customers:
        # reading and de-duplicating every deal cost milliseconds on each partner search),
        # then their companies
        self.env.cr.execute("""
            WITH RECURSIVE customers(user_id, partner_id) AS (
                SELECT u.id, (SELECT min(lead.partner_id) FROM crm_lead lead
                               WHERE lead.user_id = u.id)
                  FROM unnest(%s::int[]) u(id)
                UNION ALL
                SELECT c.user_id, (SELECT min(lead.partner_id) FROM crm_lead lead
                                    WHERE lead.user_id = c.user_id
                                      AND lead.partner_id > c.partner_id)
                  FROM customers c WHERE c.partner_id IS NOT NULL
            ), found AS (
                SELECT DISTINCT partner_id FROM customers WHERE partner_id IS NOT NULL
            )
            SELECT partner_id FROM found
            UNION
            SELECT partner.commercial_partner_id FROM res_partner partner
             WHERE partner.id IN (SELECT partner_id FROM found)
               AND partner.commercial_partner_id IS NOT NULL
        """, [list(user_ids)])
        return [('id', 'in', [row[0] for row in self.env.cr.fetchall()])]

    @api.model_cr
    def init(self):
        super().init()
        # the customers of a salesperson's deals (his read rule on partners) walk this index
        self.env.cr.execute('CREATE INDEX IF NOT EXISTS crm_lead_user_partner_idx '
                            'ON crm_lead (user_id, partner_id)')

    @api.model
    def create(self, vals):
        if not vals.get('user_id') and not vals.get('parent_id') \
                and self.env.user._crm_is_restricted_salesperson():
            vals = dict(vals, user_id=self.env.uid)
        return super().create(vals)
