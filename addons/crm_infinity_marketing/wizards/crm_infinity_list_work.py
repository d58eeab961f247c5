from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.crm_infinity_base.models.crm_infinity_routing_mixin import NO_ROUTING

# the records a list's work applies to, and what may be done on each
WORK_MODELS = ('crm.infinity.nominativo', 'res.partner', 'crm.lead')
DEAL_SOURCES = ('crm.infinity.nominativo', 'res.partner')


class CrmInfinityListWork(models.TransientModel):
    """Work on a list (SPEC M4): for every record of a list (or of a selection of nominativi,
    contacts or deals) create a deal routed by the routing rules, apply a causale, plan an
    activity or an appointment, or attach a document. A dry run says how many records and
    what would be skipped; the run is all or nothing, as the current user (his access to the
    records is checked; a marketing operator's deals are created by the system and routed, a
    salesperson's as himself, within the create rule of deals; the primanota names who
    asked)."""

    _name = 'crm.infinity.list.work'
    _description = 'Work on a list'

    list_id = fields.Many2one('mail.mass_mailing.list', string='List')
    res_model = fields.Char('Records of')
    res_ids = fields.Char('Selected records')
    operation = fields.Selection([
        ('deal', 'Create deals'),
        ('causale', 'Apply a causale'),
        ('activity', 'Plan an activity'),
        ('appointment', 'Plan an appointment'),
        ('document', 'Attach a document'),
    ], string='What to do', required=True, default='deal')
    campaign_id = fields.Many2one('utm.campaign', string='Campaign')
    deal_name = fields.Char('Deal name', help='Empty: the campaign and the name of the record.')
    product_ids = fields.Many2many('product.product', string='Products of interest')
    skip_existing = fields.Boolean('Skip who has an open deal of the campaign', default=True)
    causale_id = fields.Many2one('crm.infinity.causale', string='Causale')
    note = fields.Text('Note')
    activity_type_id = fields.Many2one('mail.activity.type', string='Activity type')
    summary = fields.Char('Summary')
    date_deadline = fields.Date('Due date', default=fields.Date.context_today)
    user_id = fields.Many2one('res.users', string='Assigned to',
                              default=lambda self: self.env.user)
    start = fields.Datetime('Start')
    duration = fields.Float('Duration (hours)', default=1.0)
    attachment = fields.Binary('Document', attachment=False)
    attachment_name = fields.Char('File name')
    dry_run_text = fields.Text('Dry run', readonly=True)
    record_count = fields.Integer('Records', readonly=True)

    @api.model
    def default_get(self, field_names):
        values = super().default_get(field_names)
        context = self.env.context
        if context.get('active_model') == 'mail.mass_mailing.list' and context.get('active_id'):
            values['list_id'] = context['active_id']
            mlist = self.env['mail.mass_mailing.list'].browse(context['active_id'])
            values['campaign_id'] = mlist.crm_campaign_id.id
            values['product_ids'] = [(6, 0, mlist.crm_campaign_id.crm_product_ids.ids)]
        elif context.get('active_model') in WORK_MODELS and context.get('active_ids'):
            values['res_model'] = context['active_model']
            values['res_ids'] = ','.join(str(i) for i in context['active_ids'])
        return values

    @api.onchange('campaign_id')
    def _onchange_campaign_id(self):
        if self.campaign_id and not self.product_ids:
            self.product_ids = self.campaign_id.crm_product_ids

    # -- the targets ------------------------------------------------------------------------------

    @api.multi
    def _crm_targets(self):
        """{model: records} the work applies to, read as the current user; raises AccessError
        when he may not read one of the selected records."""
        self.ensure_one()
        if self.list_id:
            self.list_id.check_access_rights('read')
            self.list_id.check_access_rule('read')
            groups = self.list_id._crm_record_groups()
            return {model: self.env[model].browse(sorted(ids))
                    for model, ids in groups.items() if model in WORK_MODELS and ids}
        if self.res_model not in WORK_MODELS:
            raise UserError(_('Choose a list, or select nominativi, contacts or deals.'))
        try:
            ids = [int(i) for i in (self.res_ids or '').split(',') if i.strip()]
        except ValueError:
            raise UserError(_('The selected records are not valid.'))
        records = self.env[self.res_model].browse(ids).exists()
        records.check_access_rights('read')
        records.check_access_rule('read')
        return {self.res_model: records} if records else {}

    @api.multi
    def _crm_plan(self):
        """(records to work on per model, skipped lines with the reason) without writing."""
        self.ensure_one()
        self._crm_check_inputs()
        targets = self._crm_targets()
        skipped = []
        if self.operation == 'deal':
            for model in list(targets):
                if model not in DEAL_SOURCES:
                    skipped.append(_('%s deals: deals are not created from deals')
                                   % len(targets.pop(model)))
            if self.skip_existing and self.campaign_id:
                for model, records in list(targets.items()):
                    busy = self._crm_with_open_deal(records)
                    if busy:
                        skipped.append(_('%s already have an open deal of the campaign')
                                       % len(busy))
                        targets[model] = records - busy
        if self.operation in ('activity', 'appointment', 'document'):
            # planning on a record or attaching to it changes it: Odoo asks for write access
            for model, records in targets.items():
                if not (records.check_access_rights('write', raise_exception=False)
                        and _can_write(records)):
                    raise UserError(_('You may not change the %s of the list: nothing to do '
                                      'for them.') % records._description)
        if self.operation == 'causale':
            for model, records in list(targets.items()):
                try:
                    self.causale_id.check_applicable(records)
                except (UserError, ValidationError) as exc:
                    raise UserError(_('The causale cannot be applied to these records: %s')
                                    % exc.name)
        return {m: r for m, r in targets.items() if r}, skipped

    @api.multi
    def _crm_with_open_deal(self, records):
        """Those of ``records`` that already have an open deal of the wizard's campaign."""
        Lead = self.env['crm.lead'].sudo()
        domain = [('campaign_id', '=', self.campaign_id.id),
                  ('deal_status_type', 'not in', ('won', 'lost'))]
        if records._name == 'res.partner':
            leads = Lead.search(domain + [('partner_id', 'in', records.ids)])
            return records & leads.mapped('partner_id')
        leads = Lead.search(domain + [('crm_nominativo_id', 'in', records.ids)])
        return records & leads.mapped('crm_nominativo_id')

    @api.multi
    def _crm_check_inputs(self):
        required = {'deal': [], 'causale': ['causale_id'],
                    'activity': ['activity_type_id', 'date_deadline', 'user_id'],
                    'appointment': ['start', 'user_id'],
                    'document': ['attachment', 'attachment_name']}[self.operation]
        missing = [self._fields[name].get_description(self.env)['string']
                   for name in required if not self[name]]
        if missing:
            raise UserError(_('Fill in: %s.') % ', '.join(missing))

    # -- actions ----------------------------------------------------------------------------------

    @api.multi
    def action_dry_run(self):
        """How many records, what is skipped and why; nothing is written."""
        self.ensure_one()
        targets, skipped = self._crm_plan()
        count = sum(len(records) for records in targets.values())
        labels = dict(self._fields['operation']._description_selection(self.env))
        lines = [_('%s: %s records.') % (labels[self.operation], count)] + \
            [_('Skipped: %s') % line for line in skipped]
        self.write({'dry_run_text': '\n'.join(lines), 'record_count': count})
        return self._reopen()

    @api.multi
    def action_run(self):
        """Do it for every record, or for none (any error undoes all)."""
        self.ensure_one()
        targets, _skipped = self._crm_plan()
        if not targets:
            raise UserError(_('There is no record to work on.'))
        done = self.env['crm.lead']
        try:
            with self.env.cr.savepoint():
                for model, records in targets.items():
                    result = getattr(self, '_crm_do_%s' % self.operation)(records)
                    if result is not None and result._name == 'crm.lead':
                        done |= result
        except (UserError, ValidationError, AccessError) as exc:
            raise UserError(_('Nothing was done: %s') % exc.name)
        if done and self.env['crm.lead'].check_access_rights('read', raise_exception=False):
            action = self.env.ref('crm_infinity_marketing.list_work_deals_action').read()[0]
            action['domain'] = [('id', 'in', done.ids)]
            return action
        if done:  # a marketing operator does not see deals: he is told how many were made
            wizard = self.env['crm.infinity.message.wizard'].create({'message': _(
                '%s deals created and assigned by the routing rules.') % len(done)})
            return {'type': 'ir.actions.act_window', 'res_model': wizard._name,
                    'res_id': wizard.id, 'view_mode': 'form', 'target': 'new',
                    'name': _('Work on the list')}
        return {'type': 'ir.actions.act_window_close'}

    @api.multi
    def _reopen(self):
        return {'type': 'ir.actions.act_window', 'res_model': self._name, 'res_id': self.id,
                'view_mode': 'form', 'target': 'new', 'name': _('Work on the list')}

    # -- the operations ---------------------------------------------------------------------------

    @api.multi
    def _crm_do_deal(self, records):
        """One deal per record, routed by the routing rules when created. A marketing operator
        qualifies records for the sales force without access to deals (he has none): the
        system creates them (sudo) after his access to the records was checked
        (``_crm_targets``). Anyone else (a salesperson) creates them as himself: the create
        rule of deals applies, to the deals as routed too (``_crm_check_routed``). The
        primanota names who asked."""
        operator = self.env.user.has_group('crm_infinity_base.group_crm_marketing_operator')
        if not operator and \
                not self.env['crm.lead'].check_access_rights('create', raise_exception=False):
            raise AccessError(_('Only marketing operators and salespeople create deals from '
                                'a list.'))
        Lead = self.env['crm.lead'].with_context(tracking_disable=True)
        if operator:
            Lead = Lead.sudo()
        lines = [(0, 0, {'product_id': p.id, 'name': p.display_name, 'product_uom': p.uom_id.id,
                         'price_unit': p.lst_price}) for p in self.product_ids]
        created = Lead.browse()
        for record in records:
            values = self._crm_deal_values(record)
            if lines and 'deal_line_ids' in Lead._fields:
                values['deal_line_ids'] = [tuple(line) for line in lines]
            created |= Lead.create(values)
        if not operator:
            self._crm_check_routed(created.with_env(self.env))
        # the log names who asked, not the system that created
        created.with_env(self.env)._primanota_log([{
            'res_id': lead.id, 'res_name': lead.sudo().name, 'event_code': 'write',
            'channel': 'system', 'changes': {}, 'note': _('Created from the list "%s"') % (
                self.list_id.name or _('selection'))} for lead in created])
        return created

    @api.multi
    def _crm_check_routed(self, deals):
        """The routing rules (run as the system) may give a new deal to another salesperson:
        the user must be allowed to create the deal as it is now (the create rule of deals:
        for a salesperson his own and his subordinates'), else nothing is done."""
        domain = self.env['ir.rule']._compute_domain(deals._name, 'create')
        if not domain or not deals:
            return
        allowed = deals.sudo().with_context(active_test=False).search(
            [('id', 'in', deals.ids)] + domain)
        refused = deals.sudo() - allowed
        if refused:
            raise AccessError(_(
                'The routing rules assign %(count)s deals to salespeople you may not give '
                'deals to (%(users)s): ask a marketing operator to work the list, or your '
                'manager.') % {'count': len(refused), 'users': ', '.join(
                    refused.mapped('user_id.name') or [_('nobody')])})

    @api.multi
    def _crm_deal_values(self, record):
        name = self.deal_name or ('%s - %s' % (self.campaign_id.name, record.display_name)
                                  if self.campaign_id else record.display_name)
        values = {'name': name, 'type': 'lead', 'campaign_id': self.campaign_id.id or False}
        if record._name == 'res.partner':
            values.update(partner_id=record.id, email_from=record.email, phone=record.phone)
        else:
            values.update(crm_nominativo_id=record.id, partner_id=record.partner_id.id or False,
                          partner_name=record.company_name or (record.is_company and record.name)
                          or False,
                          contact_name=False if record.is_company else record.name,
                          email_from=record.email, phone=record.phone, mobile=record.mobile,
                          street=record.street, zip=record.zip, city=record.city,
                          state_id=record.state_id.id, country_id=record.country_id.id,
                          source_id=record.source_id.id)
        return values

    @api.multi
    def _crm_do_causale(self, records):
        records.apply_causale(self.causale_id.id, {'note': self.note or False})

    @api.multi
    def _crm_do_activity(self, records):
        records.check_access_rule('write')
        model = self.env['ir.model']._get(records._name)
        Activity = self.env['mail.activity']
        for record in records:
            Activity.create({
                'res_model_id': model.id, 'res_id': record.id,
                'activity_type_id': self.activity_type_id.id,
                'summary': self.summary or self.activity_type_id.summary or False,
                'note': self.note or False, 'date_deadline': self.date_deadline,
                'user_id': self.user_id.id})

    @api.multi
    def _crm_do_appointment(self, records):
        records.check_access_rule('write')
        start = fields.Datetime.from_string(self.start)
        stop = fields.Datetime.to_string(start + timedelta(hours=self.duration or 1.0))
        Event = self.env['calendar.event'].with_context(no_mail_to_attendees=True)
        for record in records:
            partner = record if record._name == 'res.partner' else record.partner_id
            values = {'name': self.summary or record.display_name, 'start': self.start,
                      'stop': stop, 'user_id': self.user_id.id, 'description': self.note,
                      'partner_ids': [(6, 0, (partner | self.user_id.partner_id).ids)]}
            if record._name == 'crm.lead':
                values['opportunity_id'] = record.id
            if 'res_model_id' in Event._fields and 'res_id' in Event._fields:
                values.update(res_model_id=self.env['ir.model']._get(record._name).id,
                              res_id=record.id)
            Event.create(values)

    @api.multi
    def _crm_do_document(self, records):
        records.check_access_rule('write')
        Attachment = self.env['ir.attachment']
        for record in records:
            Attachment.create({'name': self.attachment_name, 'datas_fname': self.attachment_name,
                               'datas': self.attachment, 'res_model': record._name,
                               'res_id': record.id})


def _can_write(records):
    try:
        records.check_access_rule('write')
    except AccessError:
        return False
    return True
