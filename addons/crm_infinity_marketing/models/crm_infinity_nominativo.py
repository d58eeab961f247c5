from odoo import api, fields, models

from odoo.addons.crm_infinity_base.engines.phone import to_e164

LAWFUL_BASES = [
    ('consent', 'Consent'),
    ('contract', 'Contract'),
    ('legal_obligation', 'Legal obligation'),
    ('vital_interest', 'Vital interest'),
    ('public_task', 'Public task'),
    ('legitimate_interest', 'Legitimate interest'),
]


def normalize_email(email):
    """The form e-mail addresses are compared in: stripped, lower-case (None when empty)."""
    return (email or '').strip().lower() or None


class CrmInfinityNominativo(models.Model):
    """A prospect (SPEC M1): a person or a company met at a fair, bought from a list, imported
    from a file, that marketing works before it becomes a customer (promotion, M9)."""

    _name = 'crm.infinity.nominativo'
    _description = 'Nominativo'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'crm.infinity.causale.mixin',
                'crm.infinity.classified.mixin']
    _order = 'name, id'

    _primanota_tracked_fields = ['user_id', 'partner_id', 'lawful_basis']

    name = fields.Char(required=True, index=True, track_visibility='onchange')
    is_company = fields.Boolean('Is a company', default=False)
    company_name = fields.Char('Company name', index=True)
    function = fields.Char('Job position')
    email = fields.Char(track_visibility='onchange')
    email_normalized = fields.Char('Normalised e-mail', compute='_compute_email_normalized',
                                   store=True, index=True)
    phone = fields.Char()
    mobile = fields.Char()
    phone_normalized = fields.Char('Phone (E.164)', compute='_compute_phone_normalized',
                                   store=True, index=True)
    mobile_normalized = fields.Char('Mobile (E.164)', compute='_compute_phone_normalized',
                                    store=True, index=True)
    fax = fields.Char()
    website = fields.Char()
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    state_id = fields.Many2one('res.country.state', string='Province', ondelete='restrict')
    country_id = fields.Many2one('res.country', string='Country', ondelete='restrict',
                                 default=lambda self: self.env.ref('base.it',
                                                                   raise_if_not_found=False))
    vat = fields.Char('VAT number', index=True)
    fiscal_code = fields.Char('Fiscal code', index=True)
    source_id = fields.Many2one('utm.source', string='Source', index=True, ondelete='set null')
    campaign_ids = fields.Many2many('utm.campaign', 'crm_infinity_nominativo_campaign_rel',
                                    'nominativo_id', 'campaign_id', string='Campaigns')
    product_ids = fields.Many2many('product.product', 'crm_infinity_nominativo_product_rel',
                                   'nominativo_id', 'product_id', string='Interests')
    competitor_tool_ids = fields.Many2many('crm.infinity.competitor.tool',
                                           'crm_infinity_nominativo_competitor_tool_rel',
                                           'nominativo_id', 'tool_id', string='Competitor tools')
    user_id = fields.Many2one('res.users', string='Assigned to', index=True,
                              track_visibility='onchange', ondelete='set null')
    partner_id = fields.Many2one('res.partner', string='Contact/company', index=True,
                                 ondelete='set null', track_visibility='onchange',
                                 help='The contact or company this nominativo became when it '
                                      'was promoted.')
    lead_ids = fields.One2many('crm.lead', 'crm_nominativo_id', string='Deals')
    lawful_basis = fields.Selection(LAWFUL_BASES, string='Lawful basis',
                                    track_visibility='onchange',
                                    help='Legal basis of the processing (GDPR art. 6).')
    retention_until = fields.Date('Keep data until',
                                  help='After this date the personal data must be erased or '
                                       'anonymised (GDPR art. 5.1.e).')
    consent_ids = fields.One2many('crm.infinity.consent', 'nominativo_id', string='Consents')
    note = fields.Text('Notes')
    active = fields.Boolean(default=True)

    @api.depends('email')
    def _compute_email_normalized(self):
        for record in self:
            record.email_normalized = normalize_email(record.email)

    @api.depends('phone', 'mobile', 'country_id')
    def _compute_phone_normalized(self):
        for record in self:
            region = (record.country_id.code or 'IT').upper()
            record.phone_normalized = to_e164(record.phone, region)
            record.mobile_normalized = to_e164(record.mobile, region)

    crm_survey_input_ids = fields.One2many('survey.user_input', 'crm_nominativo_id',
                                           string='Questionnaire answers')
    crm_answer_label_ids = fields.Many2many(
        'survey.label', string='Answers given', compute='_compute_crm_answer_label_ids',
        search='_search_crm_answer_label_ids',
        help='The suggested answers this nominativo chose in the questionnaires; filter with '
             "[('crm_answer_label_ids', 'in', [answer ids])].")
    crm_consent_marketing_email = fields.Boolean(
        'Marketing e-mail consent', compute='_compute_crm_consent_marketing_email',
        search='_search_crm_consent_marketing_email',
        help='The latest consent line for marketing communications by e-mail grants it.')
    crm_communication_ids = fields.One2many('crm.infinity.communication', 'crm_nominativo_id',
                                            string='Communications')
    crm_call_line_ids = fields.One2many('crm.infinity.call.list.line', 'nominativo_id',
                                        string='Calls')

    def _compute_crm_answer_label_ids(self):
        Line = self.env['survey.user_input_line']
        lines = Line.search([('crm_nominativo_id', 'in', self.ids),
                             ('value_suggested', '!=', False)])
        by_nominativo = {}
        for line in lines:
            by_nominativo.setdefault(line.crm_nominativo_id.id, set()).add(line.value_suggested.id)
        for record in self:
            record.crm_answer_label_ids = [(6, 0, sorted(by_nominativo.get(record.id, ())))]

    def _search_crm_answer_label_ids(self, operator, value):
        return [('crm_survey_input_ids.user_input_line_ids.value_suggested', operator, value)]

    @api.multi
    def unlink(self):
        """Erasing a nominativo erases its calls, except those that became a contact's when it
        was promoted (they stay with the contact)."""
        self.check_access_rights('unlink')
        self.check_access_rule('unlink')
        self.env['crm.infinity.communication'].sudo().search(
            [('crm_nominativo_id', 'in', self.ids), ('partner_id', '=', False)]).unlink()
        return super().unlink()

    def _compute_crm_consent_marketing_email(self):
        consents = self.env['crm.infinity.consent']._crm_consent_map(self, 'marketing', 'email')
        for record in self:
            record.crm_consent_marketing_email = consents.get((self._name, record.id), False)

    def _search_crm_consent_marketing_email(self, operator, value):
        """One SQL query: the nominativi whose latest marketing/e-mail line grants it."""
        if operator not in ('=', '!=') or not isinstance(value, bool):
            raise ValueError('unsupported search on crm_consent_marketing_email')
        self.env.cr.execute("""
            SELECT nominativo_id FROM (
                SELECT DISTINCT ON (nominativo_id) nominativo_id, state
                  FROM crm_infinity_consent
                 WHERE nominativo_id IS NOT NULL AND purpose = 'marketing' AND channel = 'email'
              ORDER BY nominativo_id, date DESC, id DESC) latest
             WHERE state = 'granted'""")
        ids = [row[0] for row in self.env.cr.fetchall()]
        wanted = (operator == '=') == value
        return [('id', 'in' if wanted else 'not in', ids)]
