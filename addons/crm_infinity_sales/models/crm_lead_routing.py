from odoo import api, models

from odoo.addons.crm_infinity_base.models.crm_infinity_routing_mixin import NO_ROUTING, \
    _with_ancestors

from ..deals import phases

ADDRESS_FACTS = ('zip', 'country_id', 'state_id')


class CrmLead(models.Model):
    """Deals are routed by the routing rules of the core (SPEC S3): by products of interest (the
    deal lines) and their categories, zone (country, province, ZIP ranges of the deal's address,
    else of its customer), expected revenue, source, campaign, customer, keywords or any domain;
    assigned to a salesperson, a pool or a sales group, with status, follow-up and followers
    set by the rule. A deal whose salesperson is chosen (nominal assignment) is not routed."""

    _name = 'crm.lead'
    _inherit = ['crm.lead', 'crm.infinity.routing.mixin']
    _routing_user_field = 'user_id'
    _routing_value_field = 'planned_revenue'
    _routing_text_fields = ['name', 'partner_name', 'contact_name', 'description']

    @api.model
    def create(self, vals):
        """Route the deal once it is complete (status, creation line, events), not in the middle
        of its creation; a salesperson given (or a default one from the context, e.g. "my
        pipeline") is a nominal assignment."""
        context = self.env.context
        routed = not context.get(NO_ROUTING) and not vals.get('user_id') and \
            not context.get('default_user_id')
        lead = super(CrmLead, self.with_context(**{NO_ROUTING: True})).create(vals)
        lead = lead.with_context(**{NO_ROUTING: context.get(NO_ROUTING, False)})
        if routed:
            lead._routing_run('create')
        return lead

    @api.multi
    def action_apply_routing(self):
        """Only who may change the deals routes them again."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        return super().action_apply_routing()

    @api.multi
    def _routing_facts(self, fact_names=None):
        """The core facts, the products of interest of the deal lines, and the customer's
        address when the deal has none of its own."""
        facts = super()._routing_facts(fact_names)

        def wanted(*names):
            return fact_names is None or any(name in fact_names for name in names)

        products, address = wanted('product_ids', 'product_categ_ids'), wanted(*ADDRESS_FACTS)
        if not (products or address):
            return facts
        for lead in self:
            record_facts = facts[lead.id]
            if products:
                lines = lead.deal_line_ids.mapped('product_id')
                record_facts['product_ids'] = lines.ids
                record_facts['product_categ_ids'] = _with_ancestors(lines.mapped('categ_id'))
            if address and not (lead.zip or lead.country_id or lead.state_id) and lead.partner_id:
                partner = lead.partner_id
                record_facts.update(zip=partner.zip, country_id=partner.country_id.id,
                                    state_id=partner.state_id.id)
        return facts

    @api.model
    def _routing_open_domain(self):
        """A salesperson's load: his deals not closed yet."""
        return [('deal_status_type', 'not in', [phases.WON, phases.LOST])]
