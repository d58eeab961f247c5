from odoo import _, api, fields, models, tools

from .crm_infinity_causale_mixin import NO_TRACK

NO_ROUTING = 'crm_infinity_no_routing'


class CrmInfinityRoutingMixin(models.AbstractModel):
    """What a model inherits to be routed by the routing rules (SPEC S3, T5).

    Routing is logged in the primanota: the model also inherits ``crm.infinity.causale.mixin``,
    preferably after this mixin (then the creation line comes before the routing line; the mixin
    does not inherit it, so that a model which has it already can add this one by extension).
    Records are routed when created (in the
    transaction that creates them; skipped with the context key ``crm_infinity_no_routing`` or
    when the assignee is given explicitly, which is a nominal assignment), on demand (button and
    server action "Apply routing rules") and explained by ``action_explain_routing``.

    A model adapts the engine with three hooks, all working on batches:

    * ``_routing_facts()`` -> ``{id: facts}``: what the conditions read (see
      ``engines/routing.py``); the default covers partner, address, products, UTM and text;
    * ``_routing_load(users)`` -> ``{user id: open records}`` for least-loaded pools;
    * ``_routing_apply(rule, user)``: assign ``user`` (may be empty) and set the rule's values.
    """

    _name = 'crm.infinity.routing.mixin'
    _description = 'CRM Infinity routing rules'

    # the field routing assigns; default: the assignee, else the owner
    _routing_user_field = None
    # the number compared with the value conditions (amount, expected revenue...)
    _routing_value_field = None
    # the fields whose words the keyword conditions search
    _routing_text_fields = ['name']

    routing_log_count = fields.Integer('Routing', compute='_compute_routing_log_count')

    @api.multi
    def _compute_routing_log_count(self):
        data = self.env['crm.infinity.routing.log'].read_group(
            [('res_model', '=', self._name), ('res_id', 'in', self.ids)], ['res_id'], ['res_id'])
        counts = {d['res_id']: d['res_id_count'] for d in data}
        for record in self:
            record.routing_log_count = counts.get(record.id, 0)

    @api.model
    def create(self, vals):
        """Route the new record, unless it is assigned already (nominal assignment)."""
        record = super().create(vals)
        if not self.env.context.get(NO_ROUTING) and not vals.get(record._routing_field()):
            record._routing_run('create')
        return record

    # -- actions --------------------------------------------------------------------------------

    @api.multi
    def action_apply_routing(self):
        """Route these records now (button on the form, server action on a selection). Only
        who may change the records routes them: the engine then works as superuser."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        logs = self._routing_run('manual', raise_errors=True)
        if not logs:
            wizard = self.env['crm.infinity.message.wizard'].create(
                {'message': _('No routing rule applies to the selected records.')})
            return {'type': 'ir.actions.act_window', 'res_model': wizard._name,
                    'res_id': wizard.id, 'view_mode': 'form', 'target': 'new',
                    'name': _('Routing')}
        action = self.env.ref('crm_infinity_base.crm_infinity_routing_log_action').read()[0]
        action['domain'] = [('id', 'in', logs.ids)]
        return action

    @api.multi
    def action_explain_routing(self):
        self.ensure_one()
        wizard = self.env['crm.infinity.routing.explain'].create({
            'record_ref': '%s,%d' % (self._name, self.id)})
        wizard.action_explain()
        return wizard._reopen()

    @api.multi
    def action_view_routing_log(self):
        action = self.env.ref('crm_infinity_base.crm_infinity_routing_log_action').read()[0]
        action['domain'] = [('res_model', '=', self._name), ('res_id', 'in', self.ids)]
        return action

    # -- hooks ----------------------------------------------------------------------------------

    @api.model
    def _routing_field(self):
        return self._routing_user_field or getattr(self, '_crm_assignee_field', None) or \
            getattr(self, '_crm_owner_field', None) or 'user_id'

    @api.multi
    def _routing_run(self, trigger, raise_errors=False):
        return self.env['crm.infinity.routing.rule']._route(self, trigger, raise_errors)

    @api.multi
    def _routing_facts(self, fact_names=None):
        """{id: facts} for the conditions, read in batch (records prefetch together).

        ``fact_names``: the facts the active rules read (None: all); an override may skip the
        others when they are costly to read, and must always give ``id``.
        """
        def wanted(*names):
            return fact_names is None or any(name in fact_names for name in names)

        fields_ = self._fields
        partner_field = getattr(self, '_crm_partner_field', 'partner_id')
        partner_field = partner_field if partner_field in fields_ else None
        address_facts = wanted('zip', 'country_id', 'state_id')
        product_field = 'product_ids' if 'product_ids' in fields_ else \
            'product_id' if 'product_id' in fields_ else None
        if not wanted('product_ids', 'product_categ_ids'):
            product_field = None
        result = {}
        for record in self:
            facts = {'id': record.id}
            partner = record[partner_field] if partner_field and \
                (address_facts or wanted('partner_id')) else record.env['res.partner']
            if wanted('partner_id'):
                facts['partner_id'] = [p for p in (partner.id, partner.commercial_partner_id.id) if p]
            if address_facts:
                address = record if 'zip' in fields_ else partner
                facts.update(zip=address.zip if address else False,
                             country_id=address.country_id.id if address else False,
                             state_id=address.state_id.id if address else False)
            if wanted('value') and self._routing_value_field:
                facts['value'] = record[self._routing_value_field]
            if wanted('text'):
                facts['text'] = ' '.join(record._routing_text(name)
                                         for name in self._routing_text_fields)
            if product_field:
                products = record[product_field]
                facts['product_ids'] = products.ids
                facts['product_categ_ids'] = _with_ancestors(products.mapped('categ_id'))
            for name in ('source_id', 'campaign_id', 'medium_id', 'priority'):
                if name in fields_ and wanted(name):
                    value = record[name]
                    facts[name] = value.id if isinstance(value, models.BaseModel) else value
            result[record.id] = facts
        return result

    def _routing_text(self, name):
        field = self._fields.get(name)
        value = self[name] if field else False
        if not value:
            return ''
        if field.type == 'html':
            return tools.html2plaintext(value)
        return value if isinstance(value, str) else ''

    @api.model
    def _routing_open_domain(self):
        """The records that count in a user's load (least-loaded pools): override to leave out
        closed ones."""
        return []

    @api.model
    def _routing_load(self, users):
        """{user id: open records assigned to him}, in one read_group."""
        field = self._routing_field()
        data = self.sudo().read_group([(field, 'in', users.ids)] + self._routing_open_domain(),
                                      [field], [field])
        return {d[field][0]: d['%s_count' % field] for d in data if d[field]}

    @api.multi
    def _routing_apply(self, rule, user):
        """Give these records to ``user`` (if any) and set the rule's field values."""
        values = rule._field_values(self)
        values.update(self._routing_assignment_values(rule, user))
        if values:
            self.with_context(**{NO_TRACK: True}).write(values)

    @api.model
    def _routing_assignment_values(self, rule, user):
        """The values that assign a record to ``user`` by ``rule`` (a model may add its team)."""
        return {self._routing_field(): user.id} if user else {}

    @api.model
    def _routing_logged_fields(self, rule):
        """The fields whose change the primanota line of a routing shows: the assigned user
        first, then those the rule sets."""
        return [self._routing_field()] + [v.field_id.name for v in rule.value_ids]


def _with_ancestors(categories):
    ids = []
    for category in categories:
        while category and category.id not in ids:
            ids.append(category.id)
            category = category.parent_id
    return ids
