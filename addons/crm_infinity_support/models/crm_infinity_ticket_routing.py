from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_infinity_base.engines import routing
from odoo.addons.crm_infinity_base.models.crm_infinity_routing_mixin import NO_ROUTING

from .crm_infinity_ticket_stage import DONE_STATES


class CrmInfinityTicket(models.Model):
    """Tickets are routed by the routing rules (SPEC T5): by category (and its parents), product,
    priority, customer, service center and keywords in the subject and description; assigned to
    a user, a pool, or an operator group with the group's own strategy."""

    _name = 'crm.infinity.ticket'
    _inherit = ['crm.infinity.ticket', 'crm.infinity.routing.mixin']
    _routing_user_field = 'user_id'
    _routing_text_fields = ['name', 'description']

    @api.model
    def create(self, vals):
        """Route the ticket once it is complete (number, status, followers, events), not in the
        middle of its creation."""
        routed = not self.env.context.get(NO_ROUTING) and not vals.get('user_id')
        ticket = super(CrmInfinityTicket, self.with_context(**{NO_ROUTING: True})).create(vals)
        ticket = ticket.with_context(**{NO_ROUTING: self.env.context.get(NO_ROUTING, False)})
        if routed:
            ticket._routing_run('create')
        return ticket

    @api.multi
    def _routing_facts(self, fact_names=None):
        facts = super()._routing_facts(fact_names)
        for ticket in self:
            category, ancestors = ticket.category_id, []
            while category and category.id not in ancestors:
                ancestors.append(category.id)
                category = category.parent_id
            facts[ticket.id].update(category_ids=ancestors, center_id=ticket.center_id.id)
        return facts

    @api.model
    def _routing_open_domain(self):
        return [('state', 'not in', list(DONE_STATES))]

    @api.model
    def _routing_assignment_values(self, rule, user):
        values = super()._routing_assignment_values(rule, user)
        if rule.assign == 'operator_group':
            values['operator_group_id'] = rule.operator_group_id.id
        return values

    @api.model
    def _routing_logged_fields(self, rule):
        fields_ = super()._routing_logged_fields(rule)
        return fields_ + ['operator_group_id'] if rule.assign == 'operator_group' else fields_


class CrmInfinityRoutingRule(models.Model):
    """Ticket conditions and the operator groups as pools."""

    _inherit = 'crm.infinity.routing.rule'

    assign = fields.Selection(selection_add=[('operator_group', 'An operator group')])
    operator_group_id = fields.Many2one('crm.infinity.operator.group', string='Operator group',
                                        help='Tickets go to the group, and to one of its active '
                                             'members with the group\'s assignment strategy '
                                             '(manual: to the group only).')
    ticket_category_ids = fields.Many2many('crm.infinity.ticket.category',
                                           'crm_infinity_routing_rule_ticket_category_rel',
                                           'rule_id', 'category_id', string='Ticket categories',
                                           help='These categories or their subcategories.')
    center_ids = fields.Many2many('crm.infinity.service.center',
                                  'crm_infinity_routing_rule_center_rel', 'rule_id', 'center_id',
                                  string='Service centers')

    @api.constrains('assign', 'operator_group_id')
    def _check_operator_group(self):
        for rule in self:
            if rule.assign == 'operator_group' and not rule.operator_group_id:
                raise ValidationError(
                    _('Choose the operator group of the rule "%s".') % rule.name)

    @api.model
    def _routing_id_fields(self):
        fields_ = super()._routing_id_fields()
        fields_.update(ticket_category_ids='category_ids', center_ids='center_id')
        return fields_

    @api.multi
    def _pick_users(self, records):
        if self.assign != 'operator_group':
            return super()._pick_users(records)
        group = self.operator_group_id
        count = len(records)
        members = sorted(group.user_ids.filtered('active').ids)
        if not members or group.assignment == 'manual':
            return [None] * count
        if group.assignment == 'least_loaded':
            loads = records._routing_load(self.env['res.users'].browse(members))
            return routing.least_loaded(members, loads, count)[0]
        chosen = self._take_turns('crm_infinity_operator_group', 'last_assigned_user_id',
                                  group.id, members, count)
        group.invalidate_cache(['last_assigned_user_id'], group.ids)
        return chosen
