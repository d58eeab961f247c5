import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date, formatLang

from ..offers import document

FORMATS = {
    'pdf': ('pdf', 'application/pdf'),
    'docx': ('docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    'odt': ('odt', 'application/vnd.oasis.opendocument.text'),
}
# fields of the partner holding the Italian fiscal code, depending on the installed addons
FISCAL_CODE_FIELDS = ('fiscalcode', 'l10n_it_codice_fiscale')


class SaleOrder(models.Model):
    """Offer documents of a quote (SPEC S7) and their confirmation on the portal (S12): the
    customer confirms, the salesperson approves (confirms the order)."""

    _inherit = 'sale.order'

    offer_layout_id = fields.Many2one('crm.infinity.offer.layout', string='Offer layout',
                                      copy=False, ondelete='set null')
    offer_attachment_ids = fields.Many2many('ir.attachment', 'sale_order_offer_attachment_rel',
                                            'order_id', 'attachment_id',
                                            string='Offer documents', copy=False)
    offer_date = fields.Datetime('Offer generated on', copy=False, readonly=True)
    offer_customer_confirmed = fields.Boolean('Confirmed by the customer', copy=False,
                                              readonly=True, index=True,
                                              track_visibility='onchange')
    offer_confirmation_date = fields.Datetime('Confirmed by the customer on', copy=False,
                                              readonly=True)
    offer_confirmed_by_id = fields.Many2one('res.partner', string='Confirmed by', copy=False,
                                            readonly=True)
    offer_to_approve = fields.Boolean('To approve', compute='_compute_offer_to_approve',
                                      search='_search_offer_to_approve')

    @api.depends('offer_customer_confirmed', 'state')
    def _compute_offer_to_approve(self):
        for order in self:
            order.offer_to_approve = order.offer_customer_confirmed and \
                order.state in ('draft', 'sent')

    def _search_offer_to_approve(self, operator, value):
        if (operator == '=') == bool(value):
            return ['&', ('offer_customer_confirmed', '=', True),
                    ('state', 'in', ('draft', 'sent'))]
        return ['|', ('offer_customer_confirmed', '=', False),
                ('state', 'not in', ('draft', 'sent'))]

    # -- offer documents (S7) ---------------------------------------------------------------

    @api.multi
    def action_open_offer_wizard(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Generate offer'),
            'res_model': 'crm.infinity.offer.generate.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_order_id': self.id},
        }

    @api.multi
    def generate_offer(self, layout, output_format='pdf'):
        """Merge the layout with this quote, render it and attach it to the quote, replacing the
        previous offer document of the same format. Return the new ir.attachment."""
        self.ensure_one()
        if output_format not in FORMATS:
            raise UserError(_('Unknown offer format "%s".') % output_format)
        self.check_access_rights('write')
        self.check_access_rule('write')
        html = self._offer_html(layout)
        if output_format == 'pdf':
            report = self.env.ref('crm_infinity_sales.offer_report_action')
            content = report.render_qweb_pdf(self.ids, data={'layout_id': layout.id})[0]
        else:
            blocks = document.html_to_blocks(html)
            writer = document.to_docx if output_format == 'docx' else document.to_odt
            content = writer(blocks, title=self._offer_title())
        extension, mimetype = FORMATS[output_format]
        filename = '%s.%s' % (self._offer_title().replace('/', '-'), extension)
        previous = self.offer_attachment_ids.filtered(lambda a: a.mimetype == mimetype)
        attachment = self.env['ir.attachment'].create({
            'name': filename, 'datas_fname': filename, 'type': 'binary',
            'datas': base64.b64encode(content), 'mimetype': mimetype,
            'res_model': self._name, 'res_id': self.id,
            'description': _('Offer generated with the layout "%s"') % layout.name,
        })
        if attachment.mimetype != mimetype:
            # Odoo stores as text/plain what a non-administrator uploads with "xml" in its type
            # (against HTML served inline): the DOCX is a download, keep its type (issue 13)
            attachment.sudo().write({'mimetype': mimetype})
        self.write({'offer_layout_id': layout.id, 'offer_date': fields.Datetime.now(),
                    'offer_attachment_ids': [(3, a.id) for a in previous] + [(4, attachment.id)]})
        previous.unlink()
        if previous:
            note = _('Offer %s regenerated with the layout "%s": the previous version was '
                     'replaced.') % (filename, layout.name)
        else:
            note = _('Offer %s generated with the layout "%s".') % (filename, layout.name)
        self._offer_log(note)
        return attachment

    @api.multi
    def _offer_pdf_attachment(self):
        """The current PDF offer document of the quote (what the portal shows)."""
        self.ensure_one()
        return self.offer_attachment_ids.filtered(lambda a: a.mimetype == 'application/pdf')[:1]

    @api.multi
    def _offer_title(self):
        self.ensure_one()
        return _('Offer %s') % self.name

    @api.multi
    def _offer_html(self, layout):
        """The layout's templates merged with this quote's values."""
        self.ensure_one()
        return layout._render_html(self._offer_merge_context())

    @api.multi
    def _offer_log(self, note):
        """Keep track of the offer in the quote's history: the primanota when the quote takes
        part in the core engines (another addon may make it inherit the causale mixin), else
        the chatter."""
        self.ensure_one()
        if hasattr(self, '_primanota_log'):
            self._primanota_log([{'res_id': self.id, 'res_name': self.display_name,
                                  'event_code': 'offer_generated', 'channel': 'system',
                                  'note': note}])
        self.message_post(body=note, subtype='mail.mt_note')

    @api.multi
    def _offer_merge_context(self):
        """The values a template may use (``offers.merge.SCHEMA``), as formatted text in the
        customer's language."""
        self.ensure_one()
        lang = self.partner_id.lang or self.env.user.lang or 'en_US'
        order = self.with_context(lang=lang).sudo()
        env = order.env
        currency = order.pricelist_id.currency_id or order.company_id.currency_id

        def money(amount):
            return formatLang(env, amount or 0.0, currency_obj=currency)

        def number(value, digits=2):
            return formatLang(env, value or 0.0, digits=digits)

        def date(value):
            return format_date(env, value) if value else ''

        def address(partner):
            return {'street': ' '.join(filter(None, [partner.street, partner.street2])),
                    'zip': partner.zip or '', 'city': partner.city or '',
                    'state': partner.state_id.code or partner.state_id.name or '',
                    'country': partner.country_id.name or '',
                    'phone': partner.phone or partner.mobile or '', 'email': partner.email or ''}

        company = order.company_id
        customer = order.partner_id.commercial_partner_id
        contact = order.partner_id if order.partner_id != customer else \
            order.partner_id.browse()
        fiscal_field = next((f for f in FISCAL_CODE_FIELDS if f in customer._fields), None)
        deal = order.opportunity_id if 'opportunity_id' in order._fields else None
        lines = []
        for line in order.order_line:
            product = line.product_id
            lines.append({
                'number': len(lines) + 1,
                'code': product.default_code or '',
                'product': product.name or '',
                'description': line.name or '',
                'quantity': number(line.product_uom_qty, 2),
                'uom': line.product_uom.name or '',
                'price_unit': money(line.price_unit),
                'discount': ('%s%%' % number(line.discount, 2)) if line.discount else '',
                'taxes': ', '.join(line.tax_id.mapped('name')),
                'subtotal': money(line.price_subtotal),
            })
        totals = {'untaxed': money(order.amount_untaxed), 'tax': money(order.amount_tax),
                  'total': money(order.amount_total), 'currency': currency.name or ''}
        return {
            'today': date(fields.Date.context_today(order)),
            'company': dict(address(company.partner_id), name=company.name or '',
                            vat=company.vat or '', website=company.website or ''),
            'customer': dict(address(customer), name=customer.name or '', vat=customer.vat or '',
                             fiscal_code=(customer[fiscal_field] or '') if fiscal_field else '',
                             ref=customer.ref or ''),
            'contact': {'name': contact.name or '', 'title': contact.title.name or '',
                        'function': contact.function or '', 'email': contact.email or '',
                        'phone': contact.phone or contact.mobile or ''},
            'salesperson': {'name': order.user_id.name or '', 'email': order.user_id.email or '',
                            'phone': order.user_id.phone or ''},
            'deal': self._offer_deal_values(deal, date, money),
            'quote': {'name': order.name or '', 'date': date(order.date_order),
                      'validity_date': date(order.validity_date),
                      'payment_term': order.payment_term_id.name or '',
                      'client_reference': order.client_order_ref or '', 'note': order.note or '',
                      'currency': currency.name or '', 'amount_untaxed': totals['untaxed'],
                      'amount_tax': totals['tax'], 'amount_total': totals['total']},
            'totals': totals,
            'lines': lines,
        }

    @api.model
    def _offer_deal_values(self, deal, date, money):
        if not deal:
            return {'name': '', 'phase': '', 'status': '', 'opening_date': '',
                    'expected_revenue': ''}
        phases = dict(deal._fields['deal_phase']._description_selection(deal.env))
        return {'name': deal.name or '', 'phase': phases.get(deal.deal_phase, ''),
                'status': deal.deal_status_id.name or '', 'opening_date': date(deal.opening_date),
                'expected_revenue': money(deal.planned_revenue)}

    # -- portal confirmation (S12) ----------------------------------------------------------

    @api.multi
    def _offer_portal_can_confirm(self):
        self.ensure_one()
        return self.state == 'sent' and not self.offer_customer_confirmed

    @api.multi
    def offer_confirm_by_customer(self, partner):
        """The customer confirmed the offer on the portal: flag it and ask the salesperson to
        approve it with an activity. Called by the portal controller once access is checked."""
        activity_type = self.env.ref('crm_infinity_sales.mail_activity_offer_to_approve')
        model = self.env['ir.model']._get(self._name)
        for order in self:
            if not order._offer_portal_can_confirm():
                raise UserError(_('The offer %s cannot be confirmed any more.') % order.name)
            order.write({'offer_customer_confirmed': True,
                         'offer_confirmation_date': fields.Datetime.now(),
                         'offer_confirmed_by_id': partner.id})
            order.message_post(body=_('Offer confirmed by the customer %s on the portal: waiting '
                                      'for the approval of the salesperson.') % partner.name,
                               subtype='mail.mt_comment', author_id=partner.id)
            if order.user_id:
                self.env['mail.activity'].create({
                    'res_model_id': model.id, 'res_id': order.id,
                    'activity_type_id': activity_type.id, 'user_id': order.user_id.id,
                    'summary': _('Approve the offer confirmed by %s') % partner.name,
                    'date_deadline': fields.Date.context_today(order),
                })
            self.env['crm.infinity.event']._emit('offer_confirmed', order,
                                                {'partner': partner.display_name})
        return True

    @api.multi
    def action_offer_approve(self):
        """The salesperson approves the offer the customer confirmed: the order is confirmed."""
        activity_type = self.env.ref('crm_infinity_sales.mail_activity_offer_to_approve')
        for order in self:
            if not order.offer_to_approve:
                raise UserError(_('The quote %s has not been confirmed by the customer.')
                                % order.name)
        self.action_confirm()
        for order in self:
            activities = order.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type)
            activities.action_feedback(feedback=_('Approved'))
            order.message_post(body=_('Offer confirmed by the customer approved by %s.')
                               % self.env.user.name, subtype='mail.mt_note')
        self.env['crm.infinity.event']._emit('offer_approved', self,
                                            {'user': self.env.user.name})
        return True
