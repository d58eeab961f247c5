"""The help desk part of the demo's story: tickets of the last months lived through their SLA
(met, pre-warned, breached, paused), rated by the customers, some with a quote
(see ``crm_infinity_base.demo_builder``).

Each ticket is opened and moved on with the SLA engine's clock set to the moment of the story
(the ``crm_infinity_sla_now`` context key), so that its SLA lines and log are the engine's own.
"""
import datetime

from odoo import api, fields, models
from odoo.addons.crm_infinity_base.models.crm_infinity_routing_mixin import NO_ROUTING

CENTERS = {'assistenza': 'crm_infinity_support.center_assistenza_tecnica_demo',
           'amministrazione': 'crm_infinity_support.center_amministrazione_demo'}
CATEGORIES = {key: 'crm_infinity_support.category_%s_demo' % key for key in (
    'caldaie', 'climatizzazione', 'manutenzione', 'impianti', 'fatturazione')}
PRODUCTS = {'caldaie': 'crm_infinity_support.product_caldaia_demo',
            'manutenzione': 'crm_infinity_support.product_contratto_manutenzione_demo'}
DESCRIPTIONS = {
    'caldaie': 'Il cliente segnala un problema alla caldaia e chiede l\'intervento di un tecnico.',
    'climatizzazione': 'Il cliente segnala un malfunzionamento del climatizzatore.',
    'manutenzione': 'Da concordare con il cliente la data della visita.',
    'impianti': 'Il cliente chiede un sopralluogo e un preventivo.',
    'fatturazione': 'Il cliente chiede una verifica sulla fattura ricevuta.',
}


def _at(moment, **delta):
    return fields.Datetime.to_string(moment + datetime.timedelta(**delta))


class CrmInfinityDemo(models.AbstractModel):
    _inherit = 'crm.infinity.demo'

    @api.model
    def _demo_build_tickets(self):
        """The tickets of the story, without e-mails to the customers (closing and rating
        requests) nor notifications: they are the past."""
        centers = self.env['crm.infinity.service.center'].search([('notify_enabled', '=', True)])
        centers.write({'notify_enabled': False})
        try:
            with self._demo_quiet():
                self._demo_build_tickets_quietly()
        finally:
            centers.write({'notify_enabled': True})
        # what is due now (breaches of the tickets still open) fires as the cron would
        self.env['crm.infinity.ticket.sla'].sudo()._cron_check_deadlines()
        return True

    @api.model
    def _demo_build_tickets_quietly(self):
        story = self._demo_story()
        ref = self.env.ref
        stages = {state: ref('crm_infinity_support.stage_' + state)
                  for state in ('new', 'open', 'waiting', 'solved', 'closed')}
        customers = {c.key: c for c in story.customers}
        for ticket_plan in sorted(story.tickets, key=lambda t: t.opened):
            ticket = self._demo_build_ticket(ticket_plan, stages)
            if ticket_plan.quote:
                self._demo_build_ticket_quote(ticket_plan, ticket,
                                              customers[ticket_plan.customer])
        return True

    @api.model
    def _demo_build_ticket(self, plan, stages):
        opened = fields.Datetime.from_string(self._demo_utc(plan.opened))
        user = self._demo_user(plan.operator)
        partner = self._demo_contact(plan.customer)
        Ticket = self.env['crm.infinity.ticket'].with_context(
            mail_create_nolog=True, tracking_disable=True, mail_notrack=True,
            **{NO_ROUTING: True})

        def at(moment):
            return Ticket.with_context(crm_infinity_sla_now=moment)

        start = fields.Datetime.to_string(opened)
        ticket = at(start).create({
            'name': plan.name, 'center_id': self.env.ref(CENTERS[plan.center]).id,
            'partner_id': partner.id, 'category_id': self.env.ref(CATEGORIES[plan.category]).id,
            'product_id': self.env.ref(PRODUCTS[plan.category]).id
            if plan.category in PRODUCTS else False,
            'priority': plan.priority, 'channel': plan.channel,
            'user_id': user.id if user else False,
            'date_assigned': _at(opened, minutes=10) if user else False,
            'sla_date_start': start,
            'description': '<p>%s</p>' % DESCRIPTIONS[plan.category],
        })
        self._demo_backdate(ticket, {'create_date': start, 'date_last_stage_update': start})
        ticket = ticket.with_env(Ticket.env)
        scenario = plan.scenario
        last = start
        if scenario == 'running' and not user:
            return ticket  # still waiting for an operator
        if scenario == 'breached':
            response = _at(opened, days=3)
        else:
            response = _at(opened, minutes=20)
        at(response).browse(ticket.id).write({'date_first_response': response,
                                              'stage_id': stages['open'].id})
        last = response
        if scenario == 'running':
            pass
        elif scenario in ('paused', 'pause_resumed'):
            last = _at(opened, hours=1)
            at(last).browse(ticket.id).write({'stage_id': stages['waiting'].id})
            if scenario == 'pause_resumed':
                last = _at(opened, days=1)
                at(last).browse(ticket.id).write({'stage_id': stages['open'].id})
                last = _at(opened, days=1, hours=2)
                self._demo_close(at(last).browse(ticket.id), stages, last)
        elif scenario == 'warned':
            resolution = ticket.sudo().sla_ids.filtered(
                lambda s: s.kind == 'resolution' and s.status == 'running' and s.warn_at)
            if resolution:
                warn = fields.Datetime.from_string(resolution.warn_at)
                moment = _at(warn, minutes=1)
                resolution = resolution.with_context(crm_infinity_sla_now=moment)
                resolution.write({'warned': True, 'next_check': resolution.deadline})
                resolution._log_event('warn')
                last = _at(warn, minutes=2)
            else:
                last = _at(opened, hours=2)
            self._demo_close(at(last).browse(ticket.id), stages, last)
        elif scenario == 'breached':
            last = _at(opened, days=12)
            self._demo_close(at(last).browse(ticket.id), stages, last)
        else:  # met
            last = _at(opened, hours=2, minutes=30)
            self._demo_close(at(last).browse(ticket.id), stages, last)
        if plan.rating and ticket.state in ('solved', 'closed'):
            self._demo_rate(ticket, plan, last)
        self._demo_backdate(ticket, {'date_last_stage_update': last, 'write_date': last})
        return ticket

    @api.model
    def _demo_close(self, ticket, stages, moment):
        ticket.write({'stage_id': stages['closed'].id, 'date_closed': moment})

    @api.model
    def _demo_rate(self, ticket, plan, moment):
        rating = self.env['rating.rating'].sudo().create({
            'res_model_id': self.env['ir.model']._get('crm.infinity.ticket').id,
            'res_id': ticket.id, 'partner_id': ticket.partner_id.id,
            'rated_partner_id': ticket.user_id.partner_id.id, 'rating': plan.rating,
            'feedback': plan.feedback or False, 'consumed': True})
        self._demo_backdate(rating, {'create_date': moment, 'write_date': moment})
        # the ticket's last rating (a stored compute of rating.mixin)
        self._demo_backdate(ticket, {'rating_last_value': plan.rating})

    @api.model
    def _demo_build_ticket_quote(self, plan, ticket, customer):
        """A quote made from the ticket by the customer's salesperson (SPEC T17)."""
        product = self.env.ref('crm_infinity_support.product_contratto_manutenzione_demo'
                               if plan.category == 'manutenzione' else
                               'crm_infinity_support.product_caldaia_demo')
        salesperson = self._demo_user(customer.owner)
        order = self.env['sale.order'].with_context(tracking_disable=True).create({
            'partner_id': ticket.partner_id.id, 'ticket_id': ticket.id,
            'user_id': salesperson.id if salesperson else self.env.uid,
            'origin': ticket.number,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': 1})],
        })
        if plan.quote == 'sale':
            order.action_confirm()
        else:
            order.write({'state': 'sent'})
            order.message_subscribe([ticket.partner_id.id])
        moment = self._demo_utc(plan.opened + datetime.timedelta(days=1))
        self._demo_backdate(order, {'create_date': moment, 'date_order': moment,
                                    'confirmation_date': moment if plan.quote == 'sale' else None})
        return order
