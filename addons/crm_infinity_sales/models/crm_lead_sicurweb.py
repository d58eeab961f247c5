from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from ..deals import phases

# Statuses of a Sicurweb lead (SPEC S4): a prospect worked by its salesperson until it is
# acquired as a customer and converted into a company by a CRM administrator.
LEAD_STATUSES = [
    ('new', 'New'),
    ('to_contact', 'To contact'),
    ('contacted', 'Contacted'),
    ('recall', 'Contact in future'),
    ('negotiating', 'In negotiation'),
    ('not_interested', 'Not interested'),
    ('acquired', 'Acquired'),
]
RECALL = 'recall'
ACQUIRED = 'acquired'
SHIPPED_ACQUIRED_DOMAIN = "[('crm_lead_status', '=', 'acquired')]"
ACQUIRED_DOMAIN = "[('crm_lead_status', '=', 'acquired'), ('crm_lead_acquired_notified', '=', False)]"
SICURWEB_TRACKED_FIELDS = ['crm_lead_status', 'crm_lead_recall_date', 'source_id', 'vat']


class CrmLeadSicurweb(models.Model):
    """Sicurweb leads (SPEC S4) on Odoo's ``crm.lead``: a lead is a ``crm.lead`` with a
    ``crm_lead_status``. Status changes are system events (``lead_status_changed``): the base
    rule ``notification_rule_lead_acquired`` e-mails the administrators when one is acquired.
    "Contact in future" needs a date: an activity of the owner on that day. Closing a deal won
    attaches it to its customer (S5)."""

    _inherit = 'crm.lead'

    crm_lead_status = fields.Selection(LEAD_STATUSES, string='Lead status', index=True,
                                       copy=False, track_visibility='onchange',
                                       group_expand='_group_expand_crm_lead_status',
                                       help='Status of a Sicurweb lead; empty on the deals.')
    crm_lead_recall_date = fields.Date('Contact on', index=True, copy=False,
                                       track_visibility='onchange',
                                       help='When to contact again a lead in "Contact in future".')
    crm_lead_recall_activity_id = fields.Many2one('mail.activity', string='Recall activity',
                                                  ondelete='set null', copy=False, readonly=True)
    crm_lead_acquired_notified = fields.Boolean(
        'Acquisition notified', copy=False, readonly=True,
        help='The administrators were told that the lead was acquired (once per acquisition).')
    crm_lead_acquired_date = fields.Datetime('Acquired on', copy=False, readonly=True)
    vat = fields.Char('VAT number', index=True, track_visibility='onchange')
    crm_lead_contact_ids = fields.One2many('crm.infinity.lead.contact', 'lead_id',
                                           string='Other contacts', copy=True)
    crm_converted_partner_id = fields.Many2one('res.partner', string='Converted into',
                                               readonly=True, copy=False, index=True,
                                               ondelete='set null')
    crm_converted_date = fields.Datetime('Converted on', readonly=True, copy=False)

    @property
    def _primanota_tracked_fields(self):
        # extends the deals' list whatever other extensions do (see crm_lead.py)
        return list(super()._primanota_tracked_fields) + SICURWEB_TRACKED_FIELDS

    @api.model
    def _group_expand_crm_lead_status(self, statuses, domain, order):
        """The kanban's columns in the lifecycle of a lead, not in alphabetical order."""
        return [key for key, _label in LEAD_STATUSES]

    @api.constrains('crm_lead_status', 'crm_lead_recall_date')
    def _check_recall_date(self):
        for lead in self:
            if lead.crm_lead_status == RECALL and not lead.crm_lead_recall_date:
                raise ValidationError(
                    _('The lead "%s" is in "Contact in future": give the date of the next '
                      'contact.') % lead.name)

    @api.onchange('crm_lead_status')
    def _onchange_crm_lead_status(self):
        if self.crm_lead_status != RECALL:
            self.crm_lead_recall_date = False

    @api.model
    def create(self, vals):
        status = vals.get('crm_lead_status') or self.env.context.get('default_crm_lead_status')
        if status and 'type' not in vals:
            vals = dict(vals, type='lead')  # a prospect, not an opportunity
        lead = super().create(vals)
        if lead.crm_lead_status:
            lead._crm_lead_status_changed({lead.id: False})
        return lead

    @api.multi
    def write(self, vals):
        vals = dict(vals)
        if 'crm_lead_status' not in vals:
            res = super().write(vals)
            if 'crm_lead_recall_date' in vals or 'user_id' in vals:
                self._crm_lead_sync_recall_activity()
            self._crm_attach_won(vals)
            return res
        if vals['crm_lead_status'] != RECALL and 'crm_lead_recall_date' not in vals:
            vals['crm_lead_recall_date'] = False
        if vals['crm_lead_status'] != ACQUIRED:
            vals['crm_lead_acquired_notified'] = False
        # a deal status changed in the same write is emitted afterwards, when the acquisition
        # is already notified: the administrators get one e-mail
        deal_status = {'deal_status_id': vals.pop('deal_status_id')} \
            if 'deal_status_id' in vals else None
        before = {lead.id: lead.crm_lead_status for lead in self}
        res = super().write(vals)
        self._crm_lead_status_changed(before)
        if deal_status:
            self.write(deal_status)
        self._crm_attach_won(vals)
        return res

    @api.multi
    def _crm_lead_status_changed(self, before):
        """Emit ``lead_status_changed`` for the leads whose status changed, keep the recall
        activity in step and remember that an acquisition was notified."""
        labels = dict(self._fields['crm_lead_status']._description_selection(self.env))
        for lead in self:
            old = before.get(lead.id)
            if old == lead.crm_lead_status:
                continue
            if lead.crm_lead_status == ACQUIRED and not lead.crm_lead_acquired_date:
                lead.sudo().crm_lead_acquired_date = fields.Datetime.now()
            lead._crm_emit('lead_status_changed', {
                'old_lead_status': labels.get(old, ''),
                'new_lead_status': labels.get(lead.crm_lead_status, ''),
                'crm_lead_status': lead.crm_lead_status or ''})
            if lead.crm_lead_status == ACQUIRED and not lead.crm_lead_acquired_notified:
                lead.sudo().crm_lead_acquired_notified = True
        self._crm_lead_sync_recall_activity()

    @api.multi
    def _crm_lead_sync_recall_activity(self):
        """One open activity per lead in "Contact in future", for its owner on the date."""
        activity_type = self.env.ref('mail.mail_activity_data_call', raise_if_not_found=False)
        model = self.env['ir.model'].sudo()._get(self._name)
        for lead in self.sudo():
            activity = lead.crm_lead_recall_activity_id.exists()
            if lead.crm_lead_status != RECALL or not lead.crm_lead_recall_date:
                if activity:
                    activity.unlink()
                continue
            values = {'date_deadline': lead.crm_lead_recall_date,
                      'user_id': (lead.user_id or self.env.user).id}
            if activity:
                activity.write(values)
            else:
                values.update({
                    'res_model_id': model.id, 'res_id': lead.id,
                    'activity_type_id': activity_type.id if activity_type else False,
                    'summary': _('Contact the lead again'),
                    'note': _('The lead was set to "Contact in future".'),
                })
                lead.with_context(crm_infinity_no_track=True).write(
                    {'crm_lead_recall_activity_id': lead.env['mail.activity'].create(values).id})

    @api.model
    def _crm_enable_lead_acquired_rule(self):
        """Switch on the base rule "lead acquired" (SPEC B7) while it is as shipped. It fires on
        the first save in Acquisito: ``crm_lead_acquired_notified`` is set right after the
        notification, so a later change of the deal status of an acquired lead (the same event)
        does not e-mail the administrators again."""
        rule = self.env.ref('crm_infinity_base.notification_rule_lead_acquired',
                            raise_if_not_found=False)
        if rule and rule.domain == SHIPPED_ACQUIRED_DOMAIN:
            rule.write({'active': True, 'domain': ACQUIRED_DOMAIN})

    # -- S5: a deal closed won is attached to its customer -------------------------------------

    @api.multi
    def _crm_attach_won(self, vals):
        if 'deal_status_id' in vals or 'probability' in vals or 'stage_id' in vals:
            self.filtered(lambda l: l.deal_status_type == phases.WON)._crm_attach_to_customer()

    @api.multi
    def _crm_attach_to_customer(self):
        """Odoo only moves a won deal to the won stage. Here the deal also gets its customer:
        the prospect becomes a company (Odoo's lead conversion) if it has none, the company
        becomes a customer of the deal's salesperson, and the deal's open quotes and activities
        go to the customer's card."""
        for lead in self.sudo():
            if not lead.partner_id:
                if not (lead.partner_name or lead.contact_name or lead.email_from):
                    continue
                lead.handle_partner_assignation('create')
            customer = lead.partner_id.commercial_partner_id
            values = {}
            if not customer.customer:
                values['customer'] = True
            if not customer.user_id and lead.user_id:
                values['user_id'] = lead.user_id.id
            if values:
                customer.write(values)
            lead._crm_move_quotes(customer)
            lead._crm_move_activities(customer)

    @api.multi
    def _crm_move_activities(self, partner):
        """The open activities of these leads go to ``partner``'s card."""
        activities = self.env['mail.activity'].sudo().search(
            [('res_model', '=', self._name), ('res_id', 'in', self.ids)])
        if activities:
            activities.write({'res_model_id': self.env['ir.model'].sudo()._get(partner._name).id,
                              'res_id': partner.id})
            self.sudo().write({'crm_lead_recall_activity_id': False})

    @api.multi
    def _crm_move_quotes(self, company):
        """Quotes of these leads not yet addressed to ``company`` (or one of its contacts)."""
        if 'order_ids' not in self._fields:
            return
        orders = self.sudo().mapped('order_ids').filtered(
            lambda o: o.state != 'cancel'
            and o.partner_id.commercial_partner_id != company)
        for order in orders:
            order.write({'partner_id': company.id, 'partner_invoice_id': company.id,
                         'partner_shipping_id': company.id})

    # -- conversion into a company (S4), for the CRM administrators -----------------------------

    @api.multi
    def action_open_convert_wizard(self):
        self.ensure_one()
        self._crm_check_can_convert()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Convert into a company'),
            'res_model': 'crm.infinity.lead.convert.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_lead_id': self.id},
        }

    @api.multi
    def action_view_converted_partner(self):
        self.ensure_one()
        return {'type': 'ir.actions.act_window', 'res_model': 'res.partner',
                'res_id': self.crm_converted_partner_id.id, 'view_mode': 'form'}

    @api.multi
    def _crm_check_can_convert(self):
        if not self.env.user.has_group('crm_infinity_base.group_crm_admin'):
            raise AccessError(_('Only a CRM administrator may convert a lead into a company.'))
        for lead in self:
            if lead.crm_lead_status != ACQUIRED:
                raise UserError(_('The lead "%s" is not acquired: only acquired leads can be '
                                  'converted into a company.') % lead.name)
            if lead.crm_converted_partner_id:
                raise UserError(_('The lead "%s" has already been converted into the company '
                                  '"%s".') % (lead.name, lead.crm_converted_partner_id.name))

    @api.multi
    def _crm_same_prospect_deals(self):
        """The other deals of the same prospect: same VAT, same company name without a customer,
        or a customer that is the lead's own contact."""
        self.ensure_one()
        same = []
        if self.vat:
            same.append([('vat', '=ilike', self.vat.strip())])
        if self.partner_name:
            same.append([('partner_id', '=', False),
                         ('partner_name', '=ilike', self.partner_name.strip())])
        if self.partner_id:
            same.append([('partner_id', 'child_of', self.partner_id.commercial_partner_id.id)])
        if not same:
            return self.browse()
        return self.sudo().with_context(active_test=False).search(expression.AND([
            [('id', '!=', self.id), ('crm_lead_status', '=', False)], expression.OR(same)]))


class CrmInfinityLeadContact(models.Model):
    """Another reference person of a Sicurweb lead ("Altri contatti"): a contact of the company
    once the lead is converted."""

    _name = 'crm.infinity.lead.contact'
    _description = 'Lead contact'
    _order = 'lead_id, sequence, id'

    lead_id = fields.Many2one('crm.lead', string='Lead', required=True, index=True,
                              ondelete='cascade')
    sequence = fields.Integer(default=10)
    name = fields.Char('Name', required=True)
    function = fields.Char('Job position')
    email = fields.Char('E-mail')
    phone = fields.Char('Phone')
    mobile = fields.Char('Mobile')
    note = fields.Text('Notes')
    partner_id = fields.Many2one('res.partner', string='Contact created', readonly=True,
                                 copy=False, ondelete='set null')
