from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CrmInfinityLeadConvertWizard(models.TransientModel):
    """Conversion of an acquired Sicurweb lead into a company (SPEC S4), by a CRM administrator:
    the company (new, or an existing one found by VAT number) gets the lead's data, its contact
    persons, its history (messages, attachments, activities, communications; the primanota lines
    stay with the lead, which points to the company), its quotes and the other deals of the same
    prospect. One transaction: everything or nothing."""

    _name = 'crm.infinity.lead.convert.wizard'
    _description = 'Convert a lead into a company'

    lead_id = fields.Many2one('crm.lead', string='Lead', required=True, ondelete='cascade')
    action = fields.Selection([('create', 'Create a new company'),
                               ('merge', 'Merge into an existing company')],
                              string='Conversion', required=True, default='create')
    partner_id = fields.Many2one('res.partner', string='Existing company',
                                 domain=[('is_company', '=', True)])
    user_id = fields.Many2one('res.users', string='Salesperson responsible')
    deal_ids = fields.Many2many('crm.lead', 'crm_infinity_lead_convert_deal_rel', 'wizard_id',
                                'lead_id', string='Deals to attach')

    @api.model
    def default_get(self, field_names):
        values = super().default_get(field_names)
        lead = self.env['crm.lead'].browse(values.get('lead_id')
                                           or self.env.context.get('default_lead_id'))
        if lead:
            values.setdefault('user_id', lead.user_id.id)
            company = self._find_company(lead)
            if company:
                values.update({'action': 'merge', 'partner_id': company.id})
            values.setdefault('deal_ids', [(6, 0, lead._crm_same_prospect_deals().ids)])
        return values

    @api.model
    def _find_company(self, lead):
        if lead.partner_id:
            return lead.partner_id.commercial_partner_id
        if lead.vat:
            return self.env['res.partner'].search(
                [('vat', '=ilike', lead.vat.strip()), ('is_company', '=', True)], limit=1)
        return self.env['res.partner']

    @api.multi
    def action_convert(self):
        self.ensure_one()
        company = self.convert()
        return {'type': 'ir.actions.act_window', 'res_model': 'res.partner', 'res_id': company.id,
                'view_mode': 'form', 'target': 'current'}

    @api.multi
    def convert(self):
        """Do the conversion; returns the company."""
        self.ensure_one()
        lead = self.lead_id
        lead._crm_check_can_convert()
        company = self._check_company()
        try:
            with self.env.cr.savepoint():
                company = self._convert(lead, company)
        except (UserError, ValidationError):
            self.env['crm.lead'].invalidate_cache()
            raise
        except Exception as error:
            self.env['crm.lead'].invalidate_cache()
            raise UserError(_('The lead "%s" was not converted: %s') % (lead.name, error))
        return company

    def _check_company(self):
        """The company to merge into (or an empty recordset), after the checks on the VAT."""
        lead = self.lead_id
        Partner = self.env['res.partner'].sudo()
        vat = (lead.vat or '').strip()
        if self.action == 'merge':
            if not self.partner_id:
                raise UserError(_('Choose the company to merge the lead "%s" into.') % lead.name)
            company = self.partner_id.commercial_partner_id
            if vat and company.vat and _norm(company.vat) != _norm(vat):
                raise UserError(_('The VAT number %s of the lead "%s" is not the one of the '
                                  'company "%s" (%s).') % (vat, lead.name, company.name,
                                                          company.vat))
        else:
            company = self.env['res.partner']
        if vat and not company.vat:
            other = Partner.search([('vat', '=ilike', vat), ('is_company', '=', True),
                                    ('id', '!=', company.id)], limit=1)
            if other:
                raise UserError(_('The VAT number %s belongs to the company "%s": merge the lead '
                                  'into it instead of creating a new company.')
                                % (vat, other.name))
        return company

    def _convert(self, lead, company):
        values = self._company_values(lead)
        if company:
            # merging: fill what the company does not have, never overwrite its data
            company.write({k: v for k, v in values.items()
                           if v and not company[k] and k != 'name'})
        else:
            company = self.env['res.partner'].create(values)
        contacts = self._attach_contacts(lead, company)
        self._move_history(lead, company)
        deals = self.deal_ids - lead
        for deal in deals.filtered(lambda d: d.partner_id.commercial_partner_id != company):
            deal.write({'partner_id': company.id})
        (lead | deals)._crm_move_quotes(company)
        lead.write({
            'partner_id': (contacts[:1] or company).id,
            'crm_converted_partner_id': company.id,
            'crm_converted_date': fields.Datetime.now(),
        })
        body = _('Lead %s converted into this company by %s.') % (lead.name,
                                                                   self.env.user.name)
        company.message_post(body=body, subtype='mail.mt_note')
        lead.message_post(body=_('Converted into the company %s.') % company.name,
                          subtype='mail.mt_note')
        company._primanota_log([{
            'res_id': company.id, 'res_name': company.display_name, 'event_code': 'lead_converted',
            'channel': 'system', 'note': body,
            'changes': {'crm_converted_lead_ids': [None, [[lead.id, lead.name]]]}}])
        lead._crm_emit('lead_converted', {'partner_id': company.id})
        return company

    def _company_values(self, lead):
        values = {
            'name': lead.partner_name or lead.name,
            'is_company': True,
            'customer': True,
            'street': lead.street, 'street2': lead.street2, 'zip': lead.zip, 'city': lead.city,
            'state_id': lead.state_id.id, 'country_id': lead.country_id.id,
            'vat': (lead.vat or '').strip() or False,
            'phone': lead.phone, 'mobile': lead.mobile, 'email': lead.email_from,
            'website': lead.website, 'comment': lead.description,
            'user_id': (self.user_id or lead.user_id).id,
            'team_id': lead.team_id.id,
            'sector_id': lead.sector_id.id, 'market_id': lead.market_id.id,
            'revenue_band_id': lead.revenue_band_id.id,
            'employees_band_id': lead.employees_band_id.id,
        }
        if lead.competitor_tool_ids:
            values['competitor_tool_ids'] = [(6, 0, lead.competitor_tool_ids.ids)]
        return values

    def _attach_contacts(self, lead, company):
        """The lead's persons become contacts of the company; returns them, main one first."""
        Partner = self.env['res.partner']
        contacts = Partner.browse()
        person = lead.partner_id if lead.partner_id and not lead.partner_id.is_company else None
        if person:
            if person.commercial_partner_id != company:
                person.write({'parent_id': company.id})
            contacts |= person
        elif lead.contact_name:
            contacts |= Partner.create({
                'name': lead.contact_name, 'parent_id': company.id, 'type': 'contact',
                'function': lead.function, 'title': lead.title.id, 'email': lead.email_from,
                'phone': lead.phone, 'mobile': lead.mobile})
        for line in lead.crm_lead_contact_ids:
            partner = Partner.create({
                'name': line.name, 'parent_id': company.id, 'type': 'contact',
                'function': line.function, 'email': line.email, 'phone': line.phone,
                'mobile': line.mobile, 'comment': line.note})
            line.partner_id = partner
            contacts |= partner
        return contacts

    def _move_history(self, lead, company):
        """Messages, attachments, activities and communications of the lead go to the company
        (as Odoo's merge of opportunities moves them)."""
        env = self.env
        env['mail.message'].sudo().search(
            [('model', '=', 'crm.lead'), ('res_id', '=', lead.id)]).write(
            {'model': 'res.partner', 'res_id': company.id})
        env['ir.attachment'].sudo().search(
            [('res_model', '=', 'crm.lead'), ('res_id', '=', lead.id)]).write(
            {'res_model': 'res.partner', 'res_id': company.id})
        lead._crm_move_activities(company)
        communications = env['crm.infinity.communication'].sudo().search(
            [('res_model', '=', 'crm.lead'), ('res_id', '=', lead.id)])
        communications.filtered(lambda c: c.commercial_partner_id != company).write(
            {'partner_id': company.id})
        followers = lead.message_partner_ids | lead.user_id.partner_id
        if followers:
            company.message_subscribe(partner_ids=followers.ids)


def _norm(vat):
    return ''.join(vat.split()).upper()
