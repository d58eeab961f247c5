"""The sales part of the demo's story: a year of deals through their phases, with their quotes
(see ``crm_infinity_base.demo_builder``)."""
import datetime

from odoo import api, fields, models
from odoo.addons.crm_infinity_base.models.crm_infinity_routing_mixin import NO_ROUTING

PRODUCTS = {
    'impianto': 'crm_infinity_sales.product_impianto_demo',
    'manutenzione': 'crm_infinity_sales.product_manutenzione_demo',
    'consulenza': 'crm_infinity_sales.product_consulenza_demo',
    'centralina': 'crm_infinity_sales.offer_product_control_unit_demo',
    'installazione': 'crm_infinity_sales.offer_product_installation_demo',
}
SECTORS = {
    'manufacturing': 'crm_infinity_sales.sector_manufacturing_demo',
    'construction': 'crm_infinity_sales.sector_construction_demo',
    'public': 'crm_infinity_sales.sector_public_demo',
    'services': 'crm_infinity_sales.sector_services_demo',
}
SOURCES = {
    'sito': 'crm_infinity_sales.utm_source_sito_demo',
    'fiera': 'crm_infinity_sales.utm_source_fiera_demo',
    'passaparola': 'crm_infinity_sales.utm_source_word_of_mouth_demo',
    'newsletter': 'crm_infinity_sales.utm_source_email_campaign_demo',
    'telemarketing': 'crm_infinity_sales.utm_source_telemarketing_demo',
}
CAMPAIGNS = {
    'fiera_milano': 'crm_infinity_sales.utm_campaign_fiera_milano_demo',
    'newsletter': 'crm_infinity_sales.utm_campaign_newsletter_demo',
}
LOST_REASONS = {
    'price': 'crm_infinity_sales.lost_reason_price_demo',
    'competitor': 'crm_infinity_sales.lost_reason_competitor_demo',
    'postponed': 'crm_infinity_sales.lost_reason_postponed_demo',
    'no_budget': 'crm_infinity_sales.lost_reason_no_budget_demo',
}
TEAMS = {'sales_team.team_sales_department': 'Vendite Nord',
         'sales_team.crm_team_1': 'Vendite Centro-Sud'}
WALKED = 12  # deals created in their first phase and moved on, the others created as they are
NORTH = {'MI', 'MB', 'BG', 'CO', 'LC', 'CR', 'VB', 'VI', 'VA', 'PV', 'TO', 'BO'}


class CrmInfinityDemo(models.AbstractModel):
    _inherit = 'crm.infinity.demo'

    @api.model
    def _demo_build_deals(self):
        """The deals of the story, each walked through its phases to its status, its dates moved
        to when they happened; the quotes of the opportunities that issued one."""
        with self._demo_quiet():
            return self._demo_build_deals_quietly()

    @api.model
    def _demo_build_deals_quietly(self):
        story = self._demo_story()
        ref = self.env.ref
        # the story says who owns each deal: no routing rule reassigns them
        Lead = self.env['crm.lead'].with_context(mail_create_nolog=True, tracking_disable=True,
                                                 mail_notrack=True, **{NO_ROUTING: True})
        customers = {c.key: c for c in story.customers}
        markets = {'north': ref('crm_infinity_sales.market_north_demo'),
                   'south': ref('crm_infinity_sales.market_centre_south_demo'),
                   'abroad': ref('crm_infinity_sales.market_abroad_demo')}
        team = ref('sales_team.team_sales_department')
        won_stage = self.env['crm.stage'].search([('probability', '=', 100)], limit=1)
        for index, deal in enumerate(story.deals):
            customer = customers[deal.customer]
            partner = self._demo_customer(deal.customer)
            user = self._demo_user(deal.owner)
            if customer.country != 'it':
                market = markets['abroad']
            else:
                market = markets['north' if (partner.state_id.code or customer.province) in NORTH
                                  else 'south']
            revenue = sum(qty * price * (1 - discount / 100.0)
                          for _p, qty, price, discount in deal.lines)
            status = ref('crm_infinity_sales.deal_status_' + deal.status)
            values = {
                'name': deal.name, 'type': 'opportunity', 'partner_id': partner.id,
                'user_id': user.id if user else False, 'team_id': team.id,
                'priority': deal.priority, 'planned_revenue': round(revenue, 2),
                'opening_date': fields.Date.to_string(deal.opened),
                'sector_id': ref(SECTORS[customer.sector]).id, 'market_id': market.id,
                'source_id': ref(SOURCES[deal.source]).id,
                'campaign_id': ref(CAMPAIGNS[deal.campaign]).id if deal.campaign else False,
                'deal_line_ids': [(0, 0, {
                    'product_id': ref(PRODUCTS[product]).id, 'product_uom_qty': qty,
                    'price_unit': price, 'discount': discount})
                    for product, qty, price, discount in deal.lines],
            }
            if index < WALKED:
                # a few deals walk their phases one by one, so their primanota tells it
                lead = Lead.create(dict(values, deal_phase=deal.path[0]))
                for phase in deal.path[1:]:
                    lead.write({'deal_phase': phase})
                if deal.outcome == 'won':
                    lead.action_set_won()
                elif deal.outcome == 'lost':
                    lead.write({'deal_status_id': status.id,
                                'lost_reason': ref(LOST_REASONS[deal.lost_reason]).id})
                    lead.action_set_lost()
                elif lead.deal_status_id != status:
                    lead.write({'deal_status_id': status.id})
            else:
                # the others are created where they are now (a faster install)
                values.update(deal_phase=deal.phase, deal_status_id=status.id)
                if deal.outcome == 'won':
                    values.update(stage_id=won_stage.id)
                elif deal.outcome == 'lost':
                    values.update(active=False,
                                  lost_reason=ref(LOST_REASONS[deal.lost_reason]).id)
                lead = Lead.create(values)
            created = self._demo_utc(deal.opened)
            changed = self._demo_utc(deal.closed or min(
                story.today, deal.opened + datetime.timedelta(days=len(deal.path) * 4)))
            values = {'create_date': created, 'write_date': changed,
                      'date_last_stage_update': changed, 'date_open': created,
                      'date_closed': self._demo_utc(deal.closed) if deal.closed else None}
            if user:
                values['date_first_assigned'] = fields.Datetime.to_string(
                    fields.Datetime.from_string(created)
                    + datetime.timedelta(hours=deal.assigned_after_hours))
            self._demo_backdate(lead, values)
            if deal.quote:
                self._demo_build_quote(deal, lead, partner, user)
        return True

    @api.model
    def _demo_build_quote(self, deal, lead, partner, user):
        ref = self.env.ref
        quoted = deal.opened + datetime.timedelta(days=3 * len(deal.path))
        order = self.env['sale.order'].with_context(mail_create_nolog=True,
                                                    tracking_disable=True).create({
            'partner_id': partner.id, 'opportunity_id': lead.id,
            'user_id': user.id if user else self.env.uid,
            'date_order': self._demo_utc(quoted),
            'validity_date': fields.Date.to_string(quoted + datetime.timedelta(days=30)),
            'order_line': [(0, 0, {
                'product_id': ref(PRODUCTS[product]).id, 'product_uom_qty': qty,
                'price_unit': price, 'discount': discount})
                for product, qty, price, discount in deal.lines],
        })
        if deal.quote == 'sent':
            # sent to the customer, who sees it on the portal
            order.write({'state': 'sent'})
            order.message_subscribe([partner.id])
        elif deal.quote == 'sale':
            # its primanota note is written in the language of who confirms it
            order.with_context(lang='it_IT').action_confirm()
        elif deal.quote == 'cancel':
            order.action_cancel()
        confirmed = self._demo_utc(deal.closed) if deal.closed and deal.quote == 'sale' else None
        self._demo_backdate(order, {'create_date': self._demo_utc(quoted),
                                    'date_order': self._demo_utc(quoted),
                                    'confirmation_date': confirmed})
        return order

    @api.model
    def _demo_hide_odoo_sales(self):
        """Odoo's English leads and quotations; its sales teams renamed for the Italian office."""
        orders = self.env['sale.order'].browse(self.env['ir.model.data'].search([
            ('module', '=', 'sale'), ('model', '=', 'sale.order')]).mapped('res_id')).exists()
        orders.filtered(lambda o: o.state not in ('draft', 'cancel')).action_cancel()
        orders.write({'state': 'cancel'})
        orders.unlink()
        self._demo_hide_odoo({'crm': ['crm.lead', 'crm.lead.tag', 'calendar.event', 'mail.message'],
                              'sale': ['crm.lead'], 'sale_crm': ['crm.lead']})
        # Odoo's two sales teams become the office's (kept: with a single sales team Odoo puts
        # every new salesperson in it)
        for xmlid, name in TEAMS.items():
            team = self.env.ref(xmlid, raise_if_not_found=False)
            if team:
                team.write({'name': name})
                team.with_context(lang='it_IT').write({'name': name})
        return True
