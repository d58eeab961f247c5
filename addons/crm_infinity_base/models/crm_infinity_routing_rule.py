import json
import logging
from datetime import timedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.safe_eval import safe_eval

from ..engines import routing

_logger = logging.getLogger(__name__)

ASSIGN = [
    ('none', 'Nobody'),
    ('user', 'A user'),
    ('pool', 'A pool of users'),
    ('sales_group', 'A sales group'),
]
STRATEGIES = [
    ('round_robin', 'Round robin'),
    ('least_loaded', 'Least loaded'),
]
SCHEDULE = [
    ('none', 'Nothing'),
    ('activity', 'An activity'),
    ('event', 'An appointment'),
]
THEN = [
    ('stop', 'Stop'),
    ('continue', 'Continue with the next rules'),
]
FIELD_TYPES = routing.SCALAR_TYPES | {'many2many'}


class CrmInfinityRoutingRule(models.Model):
    """An ordered routing rule (regola di smistamento, SPEC S3 and T5): conditions on the
    records of one model and what happens to the records that match.

    The rules of a model are compiled once into plain engine rules (``engines/routing.py``,
    cached until a rule changes) and evaluated in Python on facts read in batch, so routing a
    record costs no query per rule. Domains that need the database are searched once per rule
    and batch.
    """

    _name = 'crm.infinity.routing.rule'
    _description = 'Routing rule'
    _order = 'model_name, sequence, id'

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    model_name = fields.Selection('_selection_model_name', string='Applies to', required=True,
                                  index=True)
    description = fields.Text(translate=True)
    # conditions (all must hold; an empty condition is ignored)
    domain = fields.Char('Condition', default='[]',
                         help='Only records matching this domain match the rule.')
    country_ids = fields.Many2many('res.country', 'crm_infinity_routing_rule_country_rel',
                                   'rule_id', 'country_id', string='Countries')
    state_ids = fields.Many2many('res.country.state', 'crm_infinity_routing_rule_state_rel',
                                 'rule_id', 'state_id', string='Provinces')
    zip_ranges = fields.Char('ZIP codes', help='Codes, ranges and prefixes separated by commas: '
                                               '20100-20199, 00100, 37*')
    product_ids = fields.Many2many('product.product', 'crm_infinity_routing_rule_product_rel',
                                   'rule_id', 'product_id', string='Products')
    product_categ_ids = fields.Many2many('product.category',
                                         'crm_infinity_routing_rule_product_categ_rel',
                                         'rule_id', 'categ_id', string='Product categories',
                                         help='Products of these categories or of their '
                                              'subcategories.')
    value_min = fields.Float('Minimum value', help='0 means no minimum.')
    value_max = fields.Float('Maximum value', help='0 means no maximum.')
    source_ids = fields.Many2many('utm.source', 'crm_infinity_routing_rule_source_rel',
                                  'rule_id', 'source_id', string='Sources')
    campaign_ids = fields.Many2many('utm.campaign', 'crm_infinity_routing_rule_campaign_rel',
                                    'rule_id', 'campaign_id', string='Campaigns')
    partner_ids = fields.Many2many('res.partner', 'crm_infinity_routing_rule_partner_rel',
                                   'rule_id', 'partner_id', string='Customers',
                                   help='The customer or one of its contacts.')
    keywords = fields.Char(help='Words or phrases separated by commas, found as whole words '
                                'whatever the case and accents.')
    # actions
    assign = fields.Selection(ASSIGN, string='Assign to', required=True, default='none')
    user_id = fields.Many2one('res.users', string='User')
    pool_user_ids = fields.Many2many('res.users', 'crm_infinity_routing_rule_pool_rel', 'rule_id',
                                     'user_id', string='Pool',
                                     help='Archived users are skipped.')
    sales_group_id = fields.Many2one('crm.infinity.sales.group', string='Sales group',
                                     ondelete='restrict',
                                     help='Records go in turn (or to the least loaded) to the '
                                          'active members of the group.')
    strategy = fields.Selection(STRATEGIES, default='round_robin', required=True)
    last_user_id = fields.Many2one('res.users', string='Last assigned', readonly=True,
                                   help='Round robin: the next record goes to the member after '
                                        'this one.')
    value_ids = fields.One2many('crm.infinity.routing.rule.value', 'rule_id',
                                string='Set fields', copy=True)
    schedule = fields.Selection(SCHEDULE, required=True, default='none')
    activity_type_id = fields.Many2one('mail.activity.type', string='Activity type')
    summary = fields.Char(translate=True)
    days = fields.Integer('In days', help='Deadline or start, in days from the routing.')
    duration = fields.Float('Duration (hours)', default=1.0)
    follower_partner_ids = fields.Many2many('res.partner',
                                            'crm_infinity_routing_rule_follower_rel', 'rule_id',
                                            'partner_id', string='Add followers')
    causale_id = fields.Many2one('crm.infinity.causale', string='Apply a causale',
                                 ondelete='restrict')
    then = fields.Selection(THEN, string='Then', required=True, default='stop')
    log_count = fields.Integer('Applications', compute='_compute_log_count')

    @api.model
    def _selection_model_name(self):
        mixin = self.env.registry['crm.infinity.routing.mixin']
        routed = [name for name, model in self.env.registry.items()
                  if not model._abstract and not model._transient and issubclass(model, mixin)]
        names = self.env['ir.model']._crm_names(routed)  # in the reader's language
        return sorted(names.items(), key=lambda pair: pair[1])

    @api.multi
    def _compute_log_count(self):
        data = self.env['crm.infinity.routing.log'].read_group(
            [('rule_id', 'in', self.ids)], ['rule_id'], ['rule_id'])
        counts = {d['rule_id'][0]: d['rule_id_count'] for d in data}
        for rule in self:
            rule.log_count = counts.get(rule.id, 0)

    # -- checks ---------------------------------------------------------------------------------

    @api.constrains('domain', 'model_name', 'active')
    def _check_domain(self):
        """Refuse a condition that does not evaluate on its model."""
        for rule in self:
            try:
                domain = rule._domain_list()
                if rule.active and rule.model_name in self.env:
                    self.env[rule.model_name].search_count(domain)
            except Exception as error:
                raise ValidationError(_('The condition of the rule "%s" is not valid: %s')
                                      % (rule.name, error))

    @api.constrains('zip_ranges')
    def _check_zip_ranges(self):
        for rule in self:
            try:
                routing.parse_zip_ranges(rule.zip_ranges)
            except ValueError as error:
                raise ValidationError(
                    _('The ZIP codes of the rule "%s" are not valid: "%s" is neither a code, nor a '
                      'range like 20100-20199, nor a prefix like 37*.') % (rule.name, error))

    @api.constrains('value_min', 'value_max')
    def _check_values(self):
        for rule in self:
            if rule.value_min and rule.value_max and rule.value_min > rule.value_max:
                raise ValidationError(_('The minimum value of the rule "%s" is above its maximum.')
                                      % rule.name)

    @api.constrains('assign', 'user_id', 'pool_user_ids', 'sales_group_id', 'schedule',
                    'activity_type_id')
    def _check_actions(self):
        for rule in self:
            if rule.assign == 'user' and not rule.user_id:
                raise ValidationError(_('Choose the user the rule "%s" assigns.') % rule.name)
            if rule.assign == 'pool' and not rule.pool_user_ids:
                raise ValidationError(_('Choose the users of the pool of the rule "%s".') % rule.name)
            if rule.assign == 'sales_group' and not rule.sales_group_id:
                raise ValidationError(_('Choose the sales group of the rule "%s".') % rule.name)
            if rule.schedule == 'activity' and not rule.activity_type_id:
                raise ValidationError(_('Choose the activity type the rule "%s" schedules.')
                                      % rule.name)

    # -- CRUD: the compiled rules are cached until a rule changes ---------------------------------

    @api.model
    def create(self, vals):
        self._forget_compiled()
        return super().create(vals)

    @api.multi
    def write(self, vals):
        self._forget_compiled()
        return super().write(vals)

    @api.multi
    def unlink(self):
        self._forget_compiled()
        return super().unlink()

    def _forget_compiled(self):
        # and again if the transaction rolls back: it may have compiled the rules it changed
        self.clear_caches()
        self.env.cr.after('rollback', self.clear_caches)

    # -- actions --------------------------------------------------------------------------------

    @api.multi
    def action_view_logs(self):
        self.ensure_one()
        action = self.env.ref('crm_infinity_base.crm_infinity_routing_log_action').read()[0]
        action['domain'] = [('rule_id', '=', self.id)]
        return action

    @api.multi
    def action_test_on_record(self):
        """Open the explain wizard, the record to choose, on this rule's model."""
        self.ensure_one()
        wizard = self.env['crm.infinity.routing.explain'].create({'model_name': self.model_name})
        return wizard._reopen()

    # -- compilation ----------------------------------------------------------------------------

    @api.model
    def _routing_id_fields(self):
        """{rule field: fact}: the conditions "one of these records". Addons add their own
        (e.g. ticket categories -> ``category_ids``) by extending this method."""
        return {
            'country_ids': 'country_id',
            'state_ids': 'state_id',
            'product_ids': 'product_ids',
            'product_categ_ids': 'product_categ_ids',
            'source_ids': 'source_id',
            'campaign_ids': 'campaign_id',
            'partner_ids': 'partner_id',
        }

    @api.multi
    def _domain_list(self):
        domain = safe_eval(self.domain or '[]', {'uid': self.env.uid})
        if not isinstance(domain, (list, tuple)):
            raise ValueError(_('a domain is a list of conditions'))
        return list(domain)

    @api.multi
    def _engine_rule(self, field_types, needed, sql_domains):
        """This rule as a plain engine rule (domain last: it is the slowest)."""
        self.ensure_one()
        conditions = [routing.AnyOf(fact, self[name].ids)
                      for name, fact in self._routing_id_fields().items() if self[name]]
        if self.zip_ranges and routing.parse_zip_ranges(self.zip_ranges):
            conditions.append(routing.ZipIn(self.zip_ranges))
        if self.value_min or self.value_max:
            conditions.append(routing.Between(self.value_min or None, self.value_max or None))
        if routing.parse_keywords(self.keywords):
            conditions.append(routing.Keywords(self.keywords))
        domain = self._domain_list()
        if domain:
            try:
                predicate, used = routing.compile_domain(domain, field_types)
                needed.update(used)
            except routing.Unsupported:
                predicate = None
                sql_domains[self.id] = domain
            conditions.append(routing.DomainMatch(self.id, self.domain, predicate))
        return routing.Rule(self.id, self.name, tuple(conditions), self.then == 'stop')

    @api.model
    @tools.ormcache('model_name', 'self.env.uid')
    def _compiled(self, model_name):
        """(engine rules in order, {rule id: domain searched in SQL}, column fields the Python
        domains read) of the active rules of a model."""
        rules = self.sudo().search([('model_name', '=', model_name)])
        field_types = _field_types(self.env[model_name])
        needed, sql_domains = set(), {}
        compiled = tuple(rule._engine_rule(field_types, needed, sql_domains) for rule in rules)
        return compiled, sql_domains, frozenset(needed)

    # -- routing --------------------------------------------------------------------------------

    @api.model
    def _facts(self, records, rules, sql_domains, needed):
        used = {c.fact for rule in rules for c in rule.conditions if c.fact}
        facts = records.sudo()._routing_facts(used)
        if needed:
            values = _column_values(records, needed)
            for rid, row in values.items():
                facts[rid]['fields'] = row
        searcher = records.sudo().with_context(active_test=False)
        domain_ids = {rule_id: set(searcher.search([('id', 'in', records.ids)] + domain).ids)
                      for rule_id, domain in sql_domains.items()}
        return facts, routing.Context(domain_ids)

    @api.model
    def _route(self, records, trigger, raise_errors=False):
        """Apply the rules of the records' model; return the routing log lines written."""
        Log = self.env['crm.infinity.routing.log']
        if not records:
            return Log
        rules, sql_domains, needed = self._compiled(records._name)
        if not rules:
            return Log
        facts, context = self._facts(records, rules, sql_domains, needed)
        fired = routing.route(rules, facts, context)
        by_rule = {}
        for record_id in records.ids:
            for rule in fired.get(record_id, ()):
                by_rule.setdefault(rule, []).append(record_id)
        entries = []
        for rule in rules:
            if rule not in by_rule:
                continue
            targets = records.browse(by_rule[rule])
            reasons = {rid: [c.explain(facts[rid], context) for c in rule.conditions]
                       or [routing.Reason('always', True, {})] for rid in targets.ids}
            entries += self.browse(rule.id)._apply_rule(targets, reasons, trigger, raise_errors)
        return Log.sudo()._log(entries)

    @api.multi
    def _apply_rule(self, records, reasons, trigger, raise_errors):
        """Apply this rule's actions to ``records`` (all or none) and log them; return the routing
        log entries."""
        self.ensure_one()
        rule = self.sudo()
        base = {'rule_id': self.id, 'trigger': trigger, 'res_model': records._name,
                'author_id': self.env.uid}
        # A record routed as it is created gets its assignee in the same breath: Odoo's chatter
        # does not track that write as a change (it would post a second message per record, a
        # third of the cost of routing); the primanota line and the routing log below say who
        # was assigned, by which rule and why, and the assignee is still subscribed and told.
        targets = records.sudo().with_context(mail_notrack=True) if trigger == 'create' \
            else records.sudo()
        try:
            with self.env.cr.savepoint():
                users, changes = rule._run_actions(targets)
        except (UserError, ValidationError, AccessError) as error:
            if raise_errors:
                raise UserError(_('The routing rule "%s" was not applied: %s') % (rule.name, error.name))
            _logger.warning('routing rule %s not applied to %s: %s', self.id, records, error.name)
            records.invalidate_cache()
            return [dict(base, res_id=record.id, res_name=record.display_name, state='error',
                         error=error.name, explanation=reasons[record.id]) for record in records]
        names = dict(records.sudo().name_get())
        records._primanota_log([{
            'res_id': record.id, 'res_name': names.get(record.id), 'event_code': 'routing',
            'channel': 'system', 'changes': changes.get(record.id, {}), 'note': rule.name,
        } for record in records])
        return [dict(base, res_id=record.id, res_name=names.get(record.id), state='done',
                     user_id=users.get(record.id), explanation=reasons[record.id])
                for record in records]

    @api.multi
    def _run_actions(self, records):
        """-> ({record id: user id assigned}, {record id: primanota changes})."""
        chosen = self._pick_users(records)
        fields_ = records._routing_logged_fields(self)
        before = records._primanota_snapshot(fields_)
        by_user = {}
        for record, user_id in zip(records, chosen):
            by_user.setdefault(user_id, []).append(record.id)
        Users = self.env['res.users']
        for user_id, ids in by_user.items():
            records.browse(ids)._routing_apply(self, Users.browse(user_id or []))
        after = records._primanota_snapshot(fields_[1:])
        names = dict(Users.browse([u for u in set(chosen) if u]).name_get())
        for record, user_id in zip(records, chosen):
            after[record.id][fields_[0]] = [user_id, names[user_id]] if user_id \
                else before[record.id][fields_[0]]
        changes = {rid: {f: [before[rid][f], after[rid][f]] for f in fields_
                         if before[rid][f] != after[rid][f]} for rid in records.ids}
        if self.schedule == 'activity':
            self._schedule_activities(records)
        elif self.schedule == 'event':
            self._schedule_events(records)
        if self.follower_partner_ids:
            if not hasattr(records, 'message_subscribe'):
                raise UserError(_('%s has no followers.') % records._description)
            records.message_subscribe(partner_ids=self.follower_partner_ids.ids)
        if self.causale_id:
            records.apply_causale(self.causale_id.id, {'channel': 'system'})
        return {r: u for r, u in zip(records.ids, chosen) if u}, changes

    @api.multi
    def _pick_users(self, records):
        """The user id (or None) for each record, in order; a round robin moves its pointer."""
        count = len(records)
        if self.assign == 'user':
            return [self.user_id.id if self.user_id.active else None] * count
        if self.assign not in ('pool', 'sales_group'):
            return [None] * count
        members = sorted(self._pool_members().filtered('active').ids)
        if not members:
            return [None] * count
        if self.strategy == 'least_loaded':
            loads = records._routing_load(self.env['res.users'].browse(members))
            chosen, _loads = routing.least_loaded(members, loads, count)
        else:
            chosen = self._take_turns('crm_infinity_routing_rule', 'last_user_id', self.id,
                                      members, count)
            self.invalidate_cache(['last_user_id'], self.ids)
        return chosen or [None] * count

    @api.multi
    def _pool_members(self):
        """The users a pool rule shares its records among (active or not): the pool, or the
        members of the sales group."""
        self.ensure_one()
        if self.assign == 'sales_group':
            return self.sales_group_id.member_ids
        return self.pool_user_ids

    @api.model
    def _take_turns(self, table, column, row_id, members, count):
        """Round robin on the pointer stored in ``table.column`` of row ``row_id``: lock the row,
        move the pointer ``count`` turns on and read where it was, in one statement, so that
        concurrent routings take turns. Returns the members chosen, in order."""
        self.env.cr.execute("""
            UPDATE {table} r
               SET {column} = (%(members)s::int[])[
                   ((SELECT count(*) FROM unnest(%(members)s::int[]) m
                      WHERE m <= COALESCE(old.{column}, 0)) + %(count)s - 1) %% %(size)s + 1]
              FROM (SELECT id, {column} FROM {table} WHERE id = %(id)s FOR UPDATE) old
             WHERE r.id = old.id
         RETURNING old.{column}""".format(table=table, column=column),
            {'members': members, 'count': count, 'size': len(members), 'id': row_id})
        chosen, _pointer = routing.round_robin(members, self.env.cr.fetchone()[0], count)
        return chosen

    def _owner_or_assignee(self, record):
        field = record._routing_field()
        return record[field] if field in record._fields and record[field] else self.env.user

    @api.multi
    def _schedule_activities(self, records):
        if 'activity_ids' not in records._fields:
            raise UserError(_('%s has no activities.') % records._description)
        model = self.env['ir.model']._get(records._name)
        deadline = fields.Date.to_string(
            fields.Date.from_string(fields.Date.context_today(self)) + timedelta(days=self.days))
        Activity = self.env['mail.activity']
        for record in records:
            Activity.create({
                'res_model_id': model.id, 'res_id': record.id,
                'activity_type_id': self.activity_type_id.id,
                'summary': self.summary or self.name, 'date_deadline': deadline,
                'user_id': self._owner_or_assignee(record).id,
            })

    @api.multi
    def _schedule_events(self, records):
        model = self.env['ir.model']._get(records._name)
        start = fields.Datetime.from_string(fields.Datetime.now()) + timedelta(days=self.days)
        duration = self.duration or 1.0
        partner_field = getattr(records, '_crm_partner_field', 'partner_id')
        for record in records:
            user = self._owner_or_assignee(record)
            partners = user.partner_id
            if partner_field in record._fields and record[partner_field]:
                partners |= record[partner_field]
            self.env['calendar.event'].create({
                'name': '%s - %s' % (self.summary or self.name, record.display_name),
                'start': fields.Datetime.to_string(start),
                'stop': fields.Datetime.to_string(start + timedelta(hours=duration)),
                'duration': duration, 'user_id': user.id,
                'partner_ids': [(6, 0, partners.ids)],
                'res_model_id': model.id, 'res_id': record.id,
            })

    @api.multi
    def _field_values(self, records):
        """{field: value} the rule sets on ``records`` (same conversion as causali)."""
        Effect = self.env['crm.infinity.causale.effect']
        values = {}
        for line in self.value_ids:
            field = records._fields.get(line.field_id.name)
            if field is None:
                raise UserError(_('%s has no field "%s".') % (records._description, line.field_id.name))
            values[field.name] = Effect._convert(records, field, line.value)
        return values

    # -- explanations ---------------------------------------------------------------------------

    @api.model
    def _explain(self, record):
        """[{rule, matched, fired, text}] for every active rule of the record's model."""
        rules, sql_domains, needed = self._compiled(record._name)
        facts, context = self._facts(record, rules, sql_domains, needed)
        result = routing.explain(rules, facts[record.id], context)
        texts = self._render([e.reasons for e in result])
        return [{'rule_id': e.rule_id, 'matched': e.matched, 'fired': e.fired, 'explanation': text}
                for e, text in zip(result, texts)]

    @api.model
    def _render(self, reason_lists):
        """Each list of reasons as lines of text in the reader's language ("✓ ..." / "✗ ...")."""
        lang = self.env.context.get('lang') or self.env.user.lang
        Translation = self.env['ir.translation']
        id_fields = self._routing_id_fields()
        comodels = {fact: self._fields[name].comodel_name for name, fact in id_fields.items()}
        labels = {fact: self._fields[name].get_description(self.env)['string']
                  for name, fact in id_fields.items()}
        wanted = {}
        for reasons in reason_lists:
            for reason in reasons:
                params = reason[2]
                if 'fact' in params and params['fact'] in comodels:
                    ids = wanted.setdefault(params['fact'], set())
                    for key in ('value', 'wanted', 'hit'):
                        ids.update(params.get(key) or ())
        names = {}
        for fact, ids in wanted.items():
            records = self.env[comodels[fact]].sudo().with_context(active_test=False).browse(ids).exists()
            names[fact] = dict(records.name_get())

        def translate(message):
            return Translation._get_source(None, ('code',), lang, message) if lang else message

        def name(fact, rid):
            return names.get(fact, {}).get(rid, str(rid))

        texts = []
        for reasons in reason_lists:
            texts.append('\n'.join('%s %s' % ('✓' if reason[1] else '✗', routing.render_reason(
                reason, translate=translate, name=name, label=lambda fact: labels.get(fact, fact)))
                for reason in reasons))
        return texts


class CrmInfinityRoutingRuleValue(models.Model):
    """A field a routing rule sets (status, team, priority...)."""

    _name = 'crm.infinity.routing.rule.value'
    _description = 'Field set by a routing rule'

    rule_id = fields.Many2one('crm.infinity.routing.rule', required=True, ondelete='cascade',
                              index=True)
    field_id = fields.Many2one('ir.model.fields', string='Field', required=True, ondelete='cascade',
                               domain="[('model', '=', parent.model_name), ('store', '=', True), "
                                      "('ttype', 'in', ['char', 'text', 'selection', 'integer', "
                                      "'float', 'boolean', 'many2one', 'date', 'datetime', "
                                      "'monetary'])]")
    value = fields.Char(help='The selection key, text, number, 1/0 for yes/no, the external ID '
                             'or name of a record, "today" or "today+N" for dates.')


def _field_types(model):
    """{field: type} of the columns a Python-evaluated domain may read."""
    types = {'id': 'id'}
    for name, field in model._fields.items():
        if not field.store or getattr(field, 'translate', False) or field.company_dependent:
            continue
        if field.type == 'many2many' or (field.column_type and field.type in FIELD_TYPES):
            types[name] = field.type
    return types


def _column_values(records, names):
    """{id: {field: value as stored}} read in SQL: NULL stays None (the ORM would read 0.0 or
    False), dates as Odoo strings, many2many as lists of ids."""
    records.recompute()
    model = records.env[records._name]
    ids = tuple(records.ids)
    result = {rid: {'id': rid} for rid in ids}
    columns = [n for n in names if n != 'id' and model._fields[n].type != 'many2many']
    cr = records.env.cr
    if columns:
        cr.execute('SELECT id, %s FROM "%s" WHERE id IN %%s' % (
            ', '.join('"%s"' % c for c in columns), model._table), (ids,))
        for row in cr.fetchall():
            for name, value in zip(columns, row[1:]):
                result[row[0]][name] = _stored(model._fields[name], value)
    for name in names:
        field = model._fields.get(name)
        if field is None or field.type != 'many2many':
            continue
        for rid in ids:
            result[rid][name] = []
        cr.execute('SELECT "%s", "%s" FROM "%s" WHERE "%s" IN %%s' % (
            field.column1, field.column2, field.relation, field.column1), (ids,))
        for rid, other in cr.fetchall():
            result[rid][name].append(other)
    return result


def _stored(field, value):
    if value is None:
        return None
    if field.type == 'date':
        return fields.Date.to_string(value)
    if field.type == 'datetime':
        return fields.Datetime.to_string(value)
    if field.type in ('float', 'monetary'):
        return float(value)
    return value
