from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import ValidationError



class SaleOrder(models.Model):
    """Quotes (preventivi, SPEC S8) on Odoo's sale orders, with the B2 rules of a salesperson
    and the acceptance that hands the quote on to invoicing and commesse.

    * A salesperson (not CRM administrator) creates quotes only on his own deals or companies
      and associates only himself (or, as a manager in the sales-force hierarchy, one of his
      subordinates) as the quote's salesperson; record rules show him only those quotes.
    * Accepting a quote is Odoo's confirmation ("Accept"): it writes a primanota line on the
      quote and on its deal, emits the ``quote_accepted`` event for notification rules and
      calls :meth:`_crm_infinity_on_quote_accepted`, the extension point of the addons that
      take an accepted quote further (commessa, invoicing).
    """

    _name = 'sale.order'
    _inherit = ['sale.order', 'crm.infinity.causale.mixin']

    _primanota_tracked_fields = ['partner_id', 'user_id', 'pricelist_id', 'payment_term_id',
                                 'opportunity_id']
    _crm_manager_field = 'crm_commessa_manager_id'

    crm_commessa_manager_id = fields.Many2one(
        'res.users', string='Commessa manager', index=True, copy=False,
        track_visibility='onchange',
        help='The manager of the commessa this quote belongs to: he may read the quote. '
             'Set by the projects addon when the commessa is opened from the quote.')
    crm_accepted_by_id = fields.Many2one('res.users', string='Accepted by', readonly=True,
                                         copy=False)

    # -- constraints ----------------------------------------------------------------------------

    @api.constrains('user_id', 'partner_id', 'opportunity_id')
    def _check_crm_quote_scope(self):
        """B2: what a salesperson may do with a quote, checked as the user who acts."""
        if self.env.uid == SUPERUSER_ID or not self.env.user._crm_is_restricted_salesperson():
            return
        allowed = self.env.user._crm_own_user_ids()
        for order in self.sudo():
            if order.user_id not in allowed:
                raise ValidationError(_('You can associate only yourself as the salesperson of the '
                                    'quote %s.') % order.name)
            deal_owner = order.opportunity_id.user_id
            company_owner = order.partner_id.commercial_partner_id.user_id
            if not ((order.opportunity_id and deal_owner in allowed)
                    or (not order.opportunity_id and company_owner in allowed)):
                raise ValidationError(_('You can create quotes only on your own deals and '
                                    'companies (quote %s).') % order.name)

    # -- CRUD -----------------------------------------------------------------------------------

    @api.model
    def create(self, vals):
        order = super().create(vals)
        order._crm_emit('quote_created', {'amount_total': order.amount_total})
        return order

    # -- actions --------------------------------------------------------------------------------

    @api.multi
    def action_confirm(self):
        """Confirming a quotation is accepting it (button "Accept"): log it, emit the event and
        hand the quote on through the extension point, in the same transaction."""
        quotes = self.filtered(lambda order: order.state in ('draft', 'sent'))
        states = {order.id: order.state for order in quotes}
        res = super().action_confirm()
        quotes._crm_quote_accepted(states)
        return res

    # -- business methods -----------------------------------------------------------------------

    @api.multi
    def _crm_quote_accepted(self, states=None):
        """``states``: {order id: state before the acceptance} (default: sent)."""
        states = states or {}
        self.sudo().write({'crm_accepted_by_id': self.env.uid})
        for order in self:
            note = _('Quote %s accepted') % order.name
            order._primanota_log([{
                'res_id': order.id, 'res_name': order.display_name,
                'event_code': 'quote_accepted', 'channel': 'system', 'note': note,
                'changes': {'state': [states.get(order.id, 'sent'), order.state]},
            }])
            deal = order.opportunity_id
            if deal:
                deal._primanota_log([{'res_id': deal.id, 'res_name': deal.display_name,
                                      'event_code': 'quote_accepted', 'channel': 'system',
                                      'note': note}])
            order._crm_emit('quote_accepted', {'amount_total': order.amount_total,
                                               'deal': deal.name or ''})
        self._crm_infinity_on_quote_accepted()

    @api.multi
    def _crm_infinity_on_quote_accepted(self):
        """Extension point: the quotes in ``self`` have just been accepted (confirmed).

        Runs in the transaction of the acceptance, as the user who accepted: an error undoes the
        acceptance. Addons that depend on ``crm_infinity_sales`` override it and call
        ``super()``: the projects addon opens the commessa (and sets
        ``crm_commessa_manager_id`` so that its manager reads the quote); invoicing needs
        nothing here, since a confirmed order is what Odoo invoices ("Orders to invoice"),
        which the e-invoice addon turns into FatturaPA. Use ``sudo()`` for what the profile of
        the accepting salesperson may not do, after your own checks.
        """
        return True
