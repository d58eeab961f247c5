from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..engines import importer, similarity

REASON_LABELS = dict(importer.KEY_LABELS)


class CrmInfinityNominativoPromote(models.TransientModel):
    """Promote a nominativo to a deal (SPEC M9): the similarity check shows the contacts and
    companies that may be the same (name, VAT number, e-mail, phone); the user links one or
    creates new ones; the deal is created for them, the consents and a note of the history are
    carried over, and both records get a primanota line. One transaction: all or nothing."""

    _name = 'crm.infinity.nominativo.promote'
    _description = 'Promote a nominativo to a deal'

    nominativo_id = fields.Many2one('crm.infinity.nominativo', string='Nominativo',
                                    required=True, ondelete='cascade')
    is_company = fields.Boolean(related='nominativo_id.is_company', readonly=True)
    company_mode = fields.Selection([('create', 'Create a new company'),
                                     ('link', 'Link an existing company'),
                                     ('none', 'No company')], string='Company',
                                    required=True, default='create')
    company_id = fields.Many2one('res.partner', string='Existing company',
                                 domain=[('is_company', '=', True)])
    contact_mode = fields.Selection([('create', 'Create a new contact'),
                                     ('link', 'Link an existing contact'),
                                     ('none', 'No contact person')], string='Contact person',
                                    required=True, default='create')
    contact_id = fields.Many2one('res.partner', string='Existing contact',
                                 domain=[('is_company', '=', False)])
    user_id = fields.Many2one('res.users', string='Salesperson', required=True,
                              default=lambda self: self.env.uid)
    deal_name = fields.Char('Deal', required=True)
    candidate_ids = fields.One2many('crm.infinity.nominativo.promote.candidate', 'wizard_id',
                                    string='Similar contacts and companies', readonly=True)

    @api.model
    def default_get(self, field_names):
        values = super().default_get(field_names)
        nominativo = self.env['crm.infinity.nominativo'].browse(
            values.get('nominativo_id') or self.env.context.get('default_nominativo_id')
            or (self.env.context.get('active_model') == 'crm.infinity.nominativo'
                and self.env.context.get('active_id')))
        if not nominativo:
            return values
        values['nominativo_id'] = nominativo.id
        values['deal_name'] = nominativo.company_name and not nominativo.is_company and \
            '%s - %s' % (nominativo.company_name, nominativo.name) or nominativo.name
        if nominativo.user_id:
            values['user_id'] = nominativo.user_id.id
        candidates = self._crm_candidates(nominativo)
        values['candidate_ids'] = [(0, 0, c) for c in candidates]
        strong = [c for c in candidates if set(c['kinds'].split(',')) - {'name'} and c['readable']]
        company = nominativo.partner_id.commercial_partner_id if nominativo.partner_id else None
        company = company and company.id or next(
            (c['partner_id'] for c in strong if c['is_company']), None)
        if company:
            values.update(company_mode='link', company_id=company)
        elif not nominativo.is_company and not nominativo.company_name:
            values['company_mode'] = 'none'
        if nominativo.is_company:
            values['contact_mode'] = 'none'
        else:
            person = nominativo.partner_id if nominativo.partner_id and \
                not nominativo.partner_id.is_company else None
            person = person and person.id or next(
                (c['partner_id'] for c in strong if not c['is_company']), None)
            if person:
                values.update(contact_mode='link', contact_id=person)
        return values

    @api.model
    def _crm_candidates(self, nominativo):
        """Contacts and companies sharing a key with ``nominativo``, best first: one SQL
        pre-selection, the comparison by the similarity engine. Found among all contacts
        (sudo): a salesperson is told that a similar one exists, by name only, even when it is
        another salesperson's; he links only those he may read."""
        subject = {'names': [nominativo.name, nominativo.company_name], 'vat': nominativo.vat,
                   'email': nominativo.email,
                   'phones': [nominativo.phone_normalized, nominativo.mobile_normalized]}
        vat = importer.vat_key(nominativo.vat)
        phones = [p for p in subject['phones'] if p]
        patterns = similarity.search_patterns(nominativo.name, nominativo.company_name)
        self.env.cr.execute("""
            SELECT id FROM res_partner
             WHERE active AND (
                   (%(email)s IS NOT NULL AND lower(trim(email)) = %(email)s)
                OR phone_e164 = ANY(%(phones)s) OR mobile_e164 = ANY(%(phones)s)
                OR (%(vat)s IS NOT NULL AND upper(regexp_replace(coalesce(vat, ''),
                        '[^0-9A-Za-z]', '', 'g')) IN (%(vat)s, 'IT' || %(vat)s))
                OR name ILIKE ANY(%(patterns)s))
             ORDER BY id LIMIT 300""", {'email': importer.email_key(nominativo.email),
                                         'phones': phones, 'vat': vat, 'patterns': patterns})
        ids = [row[0] for row in self.env.cr.fetchall()]
        partners = self.env['res.partner'].sudo().browse(ids)
        readable = set(self.env['res.partner'].search([('id', 'in', ids)]).ids)
        found = []
        for partner in partners:
            kinds = similarity.reasons(subject, {
                'names': [partner.name], 'vat': partner.vat, 'email': partner.email,
                'phones': [partner.phone_e164, partner.mobile_e164]})
            if not kinds:
                continue
            found.append({'partner_id': partner.id, 'name': partner.display_name,
                          'is_company': partner.is_company, 'kinds': ','.join(kinds),
                          'score': similarity.score(kinds), 'readable': partner.id in readable,
                          'reasons': ', '.join(self.env['crm.infinity.nominativo.import']._crm_translate(
                              REASON_LABELS[k]) for k in kinds)})
        found.sort(key=lambda c: (-c['score'], c['partner_id']))
        return found[:20]

    @api.multi
    def action_promote(self):
        self.ensure_one()
        lead = self._crm_promote()
        return {'type': 'ir.actions.act_window', 'res_model': 'crm.lead', 'res_id': lead.id,
                'view_mode': 'form', 'target': 'current'}

    def _crm_promote(self):
        """Checks as the user, then the work. A marketing operator qualifies nominativi for
        the salespeople: he promotes any nominativo he may change, for the salesperson he
        chooses, without the sales rights (the contact, company and deal are created with
        sudo() after the checks, he stays the author of the notes and primanota lines); a
        salesperson promotes his own nominativi with his own rights."""
        nominativo = self.nominativo_id
        nominativo.check_access_rights('write')
        nominativo.check_access_rule('write')
        operator = self.env.user.has_group('crm_infinity_base.group_crm_marketing_operator')
        if not operator:
            self.env['crm.lead'].check_access_rights('create')
        for partner in (self.company_id if self.company_mode == 'link' else None,
                        self.contact_id if self.contact_mode == 'link' and not self.is_company
                        else None):
            if partner is not None:
                if not partner:
                    raise UserError(_('Choose the contact or company to link.'))
                partner.check_access_rule('read')
        work = self.sudo() if operator else self
        with self.env.cr.savepoint():
            company = work._crm_company(nominativo)
            contact = work._crm_contact(nominativo, company)
            partner = contact or company
            if not partner:
                raise UserError(_('A deal needs a company or a contact person: create or link '
                                  'one.'))
            lead = work.env['crm.lead'].create(work._crm_lead_values(nominativo, company,
                                                                     contact))
            self._crm_copy_consents(nominativo, partner)
            self._crm_move_history(nominativo, partner)
            nominativo.write({'partner_id': partner.id})
            self._crm_log(nominativo, lead.with_env(self.env), partner.with_env(self.env))
        return lead.with_env(self.env)

    def _crm_company(self, nominativo):
        if self.company_mode == 'link':
            return self.company_id.commercial_partner_id
        if self.company_mode == 'none':
            return self.env['res.partner']
        name = nominativo.name if nominativo.is_company else nominativo.company_name
        if not name:
            raise UserError(_('The nominativo "%s" has no company name: link a company or '
                              'choose no company.') % nominativo.name)
        values = self._crm_address(nominativo)
        values.update({'name': name, 'is_company': True, 'customer': True,
                       'vat': nominativo.vat or False, 'user_id': self.user_id.id,
                       'sector_id': nominativo.sector_id.id, 'market_id': nominativo.market_id.id,
                       'revenue_band_id': nominativo.revenue_band_id.id,
                       'employees_band_id': nominativo.employees_band_id.id,
                       'competitor_tool_ids': [(6, 0, nominativo.competitor_tool_ids.ids)]})
        if nominativo.is_company:
            values.update({'email': nominativo.email, 'phone': nominativo.phone,
                           'mobile': nominativo.mobile, 'fax': nominativo.fax,
                           'website': nominativo.website})
        return self.env['res.partner'].create(values)

    def _crm_contact(self, nominativo, company):
        if nominativo.is_company or self.contact_mode == 'none':
            return self.env['res.partner']
        if self.contact_mode == 'link':
            return self.contact_id
        values = {} if company else self._crm_address(nominativo)
        values.update({'name': nominativo.name, 'parent_id': company.id or False,
                       'type': 'contact', 'function': nominativo.function,
                       'email': nominativo.email, 'phone': nominativo.phone,
                       'mobile': nominativo.mobile, 'customer': True,
                       'user_id': False if company else self.user_id.id})
        return self.env['res.partner'].create(values)

    @staticmethod
    def _crm_address(nominativo):
        return {'street': nominativo.street, 'street2': nominativo.street2, 'zip': nominativo.zip,
                'city': nominativo.city, 'state_id': nominativo.state_id.id,
                'country_id': nominativo.country_id.id}

    def _crm_lead_values(self, nominativo, company, contact):
        values = self._crm_address(nominativo)
        values.update({
            'name': self.deal_name, 'type': 'opportunity',
            'partner_id': (contact or company).id, 'partner_name': company.name or False,
            'contact_name': contact.name or False, 'email_from': nominativo.email,
            'phone': nominativo.phone, 'mobile': nominativo.mobile,
            'function': nominativo.function, 'user_id': self.user_id.id,
            'source_id': nominativo.source_id.id,
            'campaign_id': nominativo.campaign_ids[:1].id,
            'description': nominativo.note, 'crm_nominativo_id': nominativo.id,
            'sector_id': nominativo.sector_id.id, 'market_id': nominativo.market_id.id,
            'revenue_band_id': nominativo.revenue_band_id.id,
            'employees_band_id': nominativo.employees_band_id.id,
            'competitor_tool_ids': [(6, 0, nominativo.competitor_tool_ids.ids)],
            'deal_line_ids': [(0, 0, {'product_id': product.id, 'name': product.display_name})
                              for product in nominativo.product_ids],
        })
        return values

    def _crm_copy_consents(self, nominativo, partner):
        """The nominativo's consent lines, as they were given (date, origin in the proof), become
        the contact's: the latest per purpose and channel stays the latest."""
        Consent = self.env['crm.infinity.consent'].sudo().with_context(crm_consent_keep_date=True)
        for line in nominativo.sudo().consent_ids.sorted(lambda l: (l.date, l.id)):
            proof = _('From the nominativo %(name)s (%(origin)s): %(proof)s') % {
                'name': nominativo.name,
                'origin': dict(line._fields['origin']._description_selection(self.env))[
                    line.origin],
                'proof': line.proof or '-'}
            Consent.create({'partner_id': partner.id, 'nominativo_id': False, 'purpose': line.purpose,
                            'channel': line.channel, 'state': line.state, 'date': line.date,
                            'origin': 'promotion', 'proof': proof,
                            'mailing_id': line.mailing_id.id, 'ip': line.ip,
                            'user_agent': line.user_agent})

    def _crm_move_history(self, nominativo, partner):
        """The calls logged for the nominativo and its questionnaires become the contact's."""
        record = nominativo.sudo()
        record.crm_communication_ids.filtered(lambda c: not c.partner_id).write(
            {'partner_id': partner.id})
        record.crm_survey_input_ids.filtered(lambda i: not i.partner_id).write(
            {'partner_id': partner.id})

    def _crm_log(self, nominativo, lead, partner):
        note = _('Nominativo %(nominativo)s promoted to the deal %(deal)s for %(partner)s by '
                 '%(user)s.') % {'nominativo': nominativo.name, 'deal': lead.sudo().name,
                                 'partner': partner.sudo().display_name,
                                 'user': self.env.user.name}
        history = _('%(consents)s consent lines carried over; history of the nominativo: '
                    '%(messages)s messages.') % {
            'consents': len(nominativo.sudo().consent_ids),
            'messages': len(nominativo.sudo().message_ids)}
        nominativo.message_post(body='%s %s' % (note, history), subtype='mail.mt_note')
        for record in (lead, partner):
            # the salesperson may not write the company he linked: a note by the promoter
            record.sudo().message_post(body='%s %s' % (note, history), subtype='mail.mt_note',
                                       author_id=self.env.user.partner_id.id)
        nominativo._primanota_log([{
            'res_id': nominativo.id, 'res_name': nominativo.display_name,
            'event_code': 'nominativo_promoted', 'channel': 'system', 'note': note,
            'changes': {'lead_ids': [None, [[lead.id, lead.sudo().name]]]}}])
        # the promoter (a marketing operator) may not read the deal he made for a salesperson
        self.env['crm.infinity.primanota'].sudo()._log([{
            'res_model': 'crm.lead', 'res_id': lead.id, 'res_name': lead.sudo().display_name,
            'owner_id': lead.sudo().user_id.id, 'event_code': 'promoted_from_nominativo',
            'channel': 'system', 'note': note,
            'changes': {'crm_nominativo_id': [None, [nominativo.id, nominativo.name]]}}],
            author_id=self.env.uid)


class CrmInfinityNominativoPromoteCandidate(models.TransientModel):
    """A contact or company that may be the nominativo, and why."""

    _name = 'crm.infinity.nominativo.promote.candidate'
    _description = 'Similar contact or company'
    _order = 'score desc, id'

    wizard_id = fields.Many2one('crm.infinity.nominativo.promote', required=True,
                                ondelete='cascade')
    partner_id = fields.Many2one('res.partner', string='Contact or company', readonly=True)
    name = fields.Char(readonly=True)
    is_company = fields.Boolean('Company', readonly=True)
    kinds = fields.Char(readonly=True)
    reasons = fields.Char('Same', readonly=True)
    score = fields.Integer(readonly=True)
    readable = fields.Boolean('You may open it', readonly=True)

    @api.multi
    def action_use(self):
        """Link the promotion to this contact or company."""
        self.ensure_one()
        if not self.readable:
            raise UserError(_('"%s" belongs to another salesperson: ask a CRM administrator.')
                            % self.name)
        if self.is_company:
            self.wizard_id.write({'company_mode': 'link', 'company_id': self.partner_id.id})
        else:
            self.wizard_id.write({'contact_mode': 'link', 'contact_id': self.partner_id.id})
            if self.partner_id.parent_id and self.wizard_id.company_mode != 'link':
                self.wizard_id.write({'company_mode': 'link',
                                      'company_id': self.partner_id.commercial_partner_id.id})
        return {'type': 'ir.actions.act_window', 'res_model': self.wizard_id._name,
                'res_id': self.wizard_id.id, 'view_mode': 'form', 'target': 'new',
                'name': _('Promote to a deal')}
