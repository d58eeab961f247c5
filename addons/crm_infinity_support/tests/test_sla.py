import datetime as dt
import threading

import odoo
from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import BaseCase, get_db_name

from ..sla import local_to_utc, utc_to_local
from .common import SupportCase

ROME = 'Europe/Rome'
OFFICE = [(d, a, b) for d in range(5) for a, b in ((9, 13), (14, 18))]


def rome(*args):
    """A local time in Rome as the naive UTC string Odoo stores."""
    return fields.Datetime.to_string(local_to_utc(ROME, dt.datetime(*args)))


def local(value):
    return utc_to_local(ROME, fields.Datetime.from_string(value)) if value else None


class SlaCase(SupportCase):
    """The center "Tecnica" on a Rome 9-13 / 14-18 calendar with Easter Monday 2026 as a public
    holiday; a standard policy (first response 4 h, resolution 16 h) and an urgent one (first
    response 1 h); pre-warnings and breaches notify the assignee and the center manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rome_calendar = cls.env['resource.calendar'].create({
            'name': 'Roma 9-13 / 14-18', 'tz': ROME,
            'attendance_ids': [(5, 0, 0)] + [
                (0, 0, {'name': 'a', 'dayofweek': str(d), 'hour_from': a, 'hour_to': b})
                for d, a, b in OFFICE]})
        cls.env['resource.calendar.leaves'].create({
            'name': 'Pasquetta', 'calendar_id': cls.rome_calendar.id, 'tz': ROME,
            'date_from': rome(2026, 4, 6, 0, 0), 'date_to': rome(2026, 4, 6, 23, 59, 59)})
        cls.center.resource_calendar_id = cls.rome_calendar
        cls.center_b.resource_calendar_id = cls.rome_calendar
        Policy = cls.env['crm.infinity.sla.policy']
        cls.standard = Policy.create({
            'name': 'Standard', 'sequence': 50, 'center_id': cls.center.id,
            'target_ids': [(0, 0, {'name': 'Risposta', 'kind': 'first_response', 'hours': 4}),
                           (0, 0, {'name': 'Risoluzione', 'kind': 'resolution', 'hours': 16})]})
        cls.urgent = Policy.create({
            'name': 'Urgenti', 'sequence': 1, 'center_id': cls.center.id, 'priority': '3',
            'target_ids': [(0, 0, {'name': 'Risposta urgente', 'kind': 'first_response',
                                   'hours': 1})]})
        Rule = cls.env['crm.infinity.notification.rule']
        for code in ('support_sla_warning', 'support_sla_breach'):
            Rule.create({'name': code, 'event_type_id': cls.env['crm.infinity.event.type'].search(
                [('code', '=', code)]).id, 'notify_assignee': True, 'notify_manager': True,
                'channel_message': True, 'subject': '%s ${object.number}' % code})
        cls.friday = rome(2026, 4, 3, 17, 30)

    def at(self, *args):
        """The environment at a local time in Rome (the SLA clock's now)."""
        return self.env(context=dict(self.env.context, crm_infinity_sla_now=rome(*args)))

    def _open_ticket(self, **values):
        vals = {'name': 'Caldaia in blocco', 'center_id': self.center.id,
                'partner_id': self.acme_contact.id, 'user_id': self.op_a.id}
        vals.update(values)
        return self.Ticket.with_env(self.at(2026, 4, 3, 17, 30)).create(vals)

    def _sla(self, ticket, kind):
        return ticket.sla_ids.filtered(lambda s: s.kind == kind)

    def _emitted(self, ticket, code):
        return self.env['crm.infinity.event'].search_count(
            [('code', '=', code), ('res_model', '=', ticket._name), ('res_id', '=', ticket.id)])

    def _cron(self, *args):
        self.env['crm.infinity.ticket.sla'].with_env(self.at(*args))._cron_check_deadlines()


class TestSla(SlaCase):

    def test_friday_evening_ticket_skips_weekend_and_holiday(self):
        """Friday 17:30 + 4 working hours, Easter Monday off: Tuesday 12:30; 80% at 11:42."""
        ticket = self._open_ticket()
        self.assertEqual(ticket.sla_policy_id, self.standard)
        response = self._sla(ticket, 'first_response')
        self.assertEqual(response.status, 'running')
        self.assertEqual(local(response.deadline), dt.datetime(2026, 4, 7, 12, 30))
        self.assertEqual(local(response.warn_at), dt.datetime(2026, 4, 7, 11, 42))
        self.assertEqual(response.next_check, response.warn_at)
        # 16 h: Friday 0.5, Tuesday 8, Wednesday 7.5 -> Wednesday 17:30
        self.assertEqual(local(self._sla(ticket, 'resolution').deadline), dt.datetime(2026, 4, 8, 17, 30))
        self.assertEqual(ticket.sla_deadline, response.deadline)
        self.assertEqual(ticket.sla_event_ids.mapped('kind'), ['start', 'start'])

    def test_waiting_for_customer_pauses_the_clock(self):
        ticket = self._open_ticket()
        ticket.with_env(self.at(2026, 4, 7, 9, 0)).write({'stage_id': self.stage_waiting.id})
        response = self._sla(ticket, 'first_response')
        self.assertEqual(response.status, 'paused')
        self.assertFalse(response.deadline)
        self.assertFalse(response.next_check, 'the cron leaves paused clocks alone')
        self.assertAlmostEqual(response.hours_used, 0.5)
        ticket.with_env(self.at(2026, 4, 7, 11, 0)).write({'stage_id': self.stage_open.id})
        self.assertEqual(response.status, 'running')
        # two working hours paused: the deadline moves by two working hours, over lunch
        self.assertEqual(local(response.deadline), dt.datetime(2026, 4, 7, 15, 30))
        kinds = ticket.sla_event_ids.sorted(lambda e: (e.date, e.id)).mapped('kind')
        self.assertEqual(kinds, ['start', 'start', 'pause', 'resume'])

    def test_first_response_met(self):
        ticket = self._open_ticket()
        ticket.with_env(self.at(2026, 4, 7, 10, 0)).write(
            {'date_first_response': rome(2026, 4, 7, 10, 0)})
        response = self._sla(ticket, 'first_response')
        self.assertEqual(response.status, 'met')
        self.assertEqual(response.compliance, 100)
        self.assertAlmostEqual(response.hours_used, 1.5)
        self.assertFalse(response.next_check)
        self._cron(2026, 4, 7, 13, 0)
        self.assertEqual(response.status, 'met')
        self.assertEqual(self._emitted(ticket, 'support_sla_breach'), 0)

    def test_reply_by_operator_is_the_first_response(self):
        # the real clock: the reply is stamped with the real time
        ticket = self.Ticket.create({'name': 'Caldaia', 'center_id': self.center.id,
                                     'partner_id': self.acme_contact.id, 'user_id': self.op_a.id})
        ticket.sudo(self.op_a).message_post(body='Arriviamo domani', message_type='comment',
                                            subtype='mail.mt_comment')
        self.assertEqual(self._sla(ticket, 'first_response').status, 'met')

    def test_warning_and_breach_are_sent_once(self):
        ticket = self._open_ticket()
        response = self._sla(ticket, 'first_response')
        self._cron(2026, 4, 7, 11, 41)
        self.assertEqual(self._emitted(ticket, 'support_sla_warning'), 0, 'not before 80%')
        self._cron(2026, 4, 7, 11, 43)
        self._cron(2026, 4, 7, 11, 50)
        self.assertEqual(self._emitted(ticket, 'support_sla_warning'), 1)
        self.assertTrue(response.warned)
        self.assertEqual(response.next_check, response.deadline)
        self.assertTrue(response.at_risk is False or response.status == 'running')
        self._cron(2026, 4, 7, 12, 31)
        self._cron(2026, 4, 7, 12, 40)
        self.assertEqual(self._emitted(ticket, 'support_sla_breach'), 1)
        self.assertEqual(self._emitted(ticket, 'support_sla_warning'), 1)
        self.assertEqual(response.status, 'failed')
        self.assertTrue(ticket.sla_failed)
        self.assertEqual(response.breach_count, 1)
        # the assignee and the center manager were told, on the ticket
        notified = ticket.message_ids.filtered(
            lambda m: (m.subject or '').startswith('support_sla_breach')).mapped('partner_ids')
        self.assertEqual(notified, (self.op_a | self.manager).mapped('partner_id'))
        # answered late: the target stays failed, the reply is recorded
        ticket.with_env(self.at(2026, 4, 7, 15, 0)).write(
            {'date_first_response': rome(2026, 4, 7, 15, 0)})
        self.assertEqual(response.status, 'failed')
        self.assertEqual(self._emitted(ticket, 'support_sla_breach'), 1)
        kinds = response.ticket_id.sla_event_ids.filtered(
            lambda e: e.ticket_sla_id == response).mapped('kind')
        self.assertEqual(sorted(kinds), ['breach', 'start', 'warn'])

    def test_late_answer_between_cron_passes_is_a_breach_notified_once(self):
        ticket = self._open_ticket()
        ticket.with_env(self.at(2026, 4, 7, 12, 35)).write(
            {'date_first_response': rome(2026, 4, 7, 12, 35)})
        response = self._sla(ticket, 'first_response')
        self.assertEqual(response.status, 'failed')
        self.assertEqual(local(response.date_reached), dt.datetime(2026, 4, 7, 12, 35))
        self._cron(2026, 4, 7, 12, 40)
        self.assertEqual(self._emitted(ticket, 'support_sla_breach'), 1)
        self.assertEqual(self._emitted(ticket, 'support_sla_warning'), 0)

    def test_resolution_met_when_solved(self):
        ticket = self._open_ticket()
        ticket.with_env(self.at(2026, 4, 8, 10, 0)).write(
            {'stage_id': self.stage_solved.id, 'date_closed': rome(2026, 4, 8, 10, 0)})
        self.assertEqual(self._sla(ticket, 'resolution').status, 'met')
        # reopening does not rewrite a met target
        ticket.with_env(self.at(2026, 4, 9, 10, 0)).write({'stage_id': self.stage_open.id})
        self.assertEqual(self._sla(ticket, 'resolution').status, 'met')

    def test_priority_change_matches_again(self):
        ticket = self._open_ticket()
        ticket.with_env(self.at(2026, 4, 7, 9, 0)).write({'priority': '3'})
        self.assertEqual(ticket.sla_policy_id, self.urgent)
        self.assertEqual(ticket.sla_ids.mapped('name'), ['Risposta urgente'])
        urgent = ticket.sla_ids
        # counted from the ticket's opening: Friday 17:30-18:00 and Tuesday 9:00-9:30
        self.assertEqual(local(urgent.deadline), dt.datetime(2026, 4, 7, 9, 30))
        self.assertEqual(urgent.status, 'running')
        # back to normal: met and failed targets stay, open ones follow the policy
        ticket.with_env(self.at(2026, 4, 7, 9, 10)).write(
            {'date_first_response': rome(2026, 4, 7, 9, 10)})
        self.assertEqual(urgent.status, 'met')
        ticket.with_env(self.at(2026, 4, 7, 9, 20)).write({'priority': '1'})
        self.assertEqual(ticket.sla_policy_id, self.standard)
        self.assertEqual(sorted(ticket.sla_ids.mapped('name')),
                         ['Risoluzione', 'Risposta', 'Risposta urgente'])
        self.assertEqual(urgent.status, 'met')
        self.assertEqual(self._sla(ticket, 'first_response').filtered(
            lambda s: s.name == 'Risposta').status, 'met')

    def test_priority_raised_after_the_urgent_deadline_fails_at_once(self):
        ticket = self._open_ticket()
        ticket.with_env(self.at(2026, 4, 7, 10, 0)).write({'priority': '3'})
        self.assertEqual(ticket.sla_ids.status, 'failed')
        self.assertEqual(self._emitted(ticket, 'support_sla_breach'), 1)

    def test_category_children_customer_and_product_match(self):
        parent = self.env['crm.infinity.ticket.category'].create({'name': 'Impianti', 'center_id': self.center.id})
        child = self.env['crm.infinity.ticket.category'].create({'name': 'Caldaie', 'parent_id': parent.id,
                                                                 'center_id': self.center.id})
        Policy = self.env['crm.infinity.sla.policy']
        by_category = Policy.create({'name': 'Impianti', 'sequence': 10, 'center_id': self.center.id,
                                     'category_ids': [(6, 0, parent.ids)],
                                     'target_ids': [(0, 0, {'name': 'R', 'kind': 'resolution', 'hours': 8})]})
        by_customer = Policy.create({'name': 'ACME', 'sequence': 5, 'center_id': self.center.id,
                                     'partner_ids': [(6, 0, self.other.ids)],
                                     'target_ids': [(0, 0, {'name': 'R', 'kind': 'resolution', 'hours': 4})]})
        self.assertEqual(self._open_ticket(category_id=child.id).sla_policy_id, by_category)
        ticket = self._open_ticket(partner_id=self.other_contact.id, category_id=child.id)
        self.assertEqual(ticket.sla_policy_id, by_customer)
        ticket.with_env(self.at(2026, 4, 7, 9, 0)).write({'partner_id': self.acme_colleague.id})
        self.assertEqual(ticket.sla_policy_id, by_category)

    def test_stage_target(self):
        self.standard.write({'target_ids': [(0, 0, {'name': 'Preso in carico', 'kind': 'stage',
                                                    'stage_id': self.stage_open.id, 'hours': 2})]})
        ticket = self._open_ticket()
        stage_sla = self._sla(ticket, 'stage')
        self.assertEqual(stage_sla.status, 'running')
        ticket.with_env(self.at(2026, 4, 7, 9, 15)).write({'stage_id': self.stage_open.id})
        self.assertEqual(stage_sla.status, 'met')
        self.assertEqual(local(stage_sla.date_reached), dt.datetime(2026, 4, 7, 9, 15))

    def test_policy_change_applied_in_batches_by_the_cron(self):
        tickets = self._open_ticket() | self._open_ticket() | self._open_ticket()
        self.standard.target_ids.filtered(lambda t: t.kind == 'first_response').hours = 8
        tickets._sla_refresh_later()
        self.assertEqual(self.standard.ticket_refresh_count, 3)
        self.assertEqual(set(tickets.mapped('sla_ids').filtered(
            lambda s: s.kind == 'first_response').mapped('hours')), {4})
        self._cron(2026, 4, 7, 9, 0)
        self.standard.invalidate_cache()
        self.assertEqual(self.standard.ticket_refresh_count, 0)
        responses = tickets.mapped('sla_ids').filtered(lambda s: s.kind == 'first_response')
        self.assertEqual(set(responses.mapped('hours')), {8})
        # Friday 0.5 h + Tuesday 7.5 h -> Tuesday 17:30
        self.assertEqual({local(d) for d in responses.mapped('deadline')}, {dt.datetime(2026, 4, 7, 17, 30)})

    def test_ticket_without_policy_has_no_sla(self):
        ticket = self._open_ticket(center_id=self.center_b.id)
        self.assertFalse(ticket.sla_ids)
        self.assertFalse(ticket.sla_policy_id)

    def test_event_log_is_append_only(self):
        ticket = self._open_ticket()
        event = ticket.sla_event_ids[:1]
        with self.assertRaises(UserError):
            event.write({'kind': 'met'})
        with self.assertRaises(UserError):
            event.sudo().unlink()
        with self.assertRaises(AccessError):
            self.env['crm.infinity.sla.event'].sudo(self.op_a).create(
                {'ticket_id': ticket.id, 'kind': 'met'})

    def test_operator_actions_drive_the_clock(self):
        ticket = self.Ticket.sudo(self.op_a).create({
            'name': 'Caldaia', 'center_id': self.center.id, 'partner_id': self.acme_contact.id})
        self.assertEqual(len(ticket.sla_ids), 2)
        ticket.action_take()
        ticket.write({'stage_id': self.stage_waiting.id})
        self.assertEqual(set(ticket.sla_ids.mapped('status')), {'paused'})
        ticket.write({'stage_id': self.stage_open.id, 'priority': '3'})
        self.assertEqual(ticket.sla_ids.mapped('status'), ['running'])
        ticket.message_post(body='Ci siamo', message_type='comment', subtype='mail.mt_comment')
        self.assertEqual(ticket.sla_ids.mapped('status'), ['met'])
        ticket.action_close()
        self.assertEqual(ticket.sla_event_ids.mapped('kind').count('met'), 1)

    def test_operators_read_managers_configure(self):
        ticket = self._open_ticket()
        self.assertEqual(len(ticket.sudo(self.op_a).sla_ids), 2)
        with self.assertRaises(AccessError):
            ticket.sla_ids[:1].sudo(self.op_a).write({'status': 'met'})
        with self.assertRaises(AccessError):
            self.standard.sudo(self.op_a).write({'name': 'x'})
        self.standard.sudo(self.manager).write({'name': 'Standard 2026'})
        with self.assertRaises(AccessError):
            self.env['crm.infinity.sla.policy'].sudo(self.manager_b).search(
                [('id', '=', self.standard.id)]).write({'name': 'x'})
        # the SLA of a ticket an operator may not see is hidden too
        self.assertFalse(self.env['crm.infinity.ticket.sla'].sudo(self.op_b).search(
            [('ticket_id', '=', ticket.id)]))

    def test_at_risk_search(self):
        ticket = self._open_ticket()
        TicketSla = self.env['crm.infinity.ticket.sla'].with_env(self.at(2026, 4, 7, 11, 45))
        at_risk = TicketSla.search([('at_risk', '=', True), ('ticket_id', '=', ticket.id)])
        self.assertEqual(at_risk, self._sla(ticket, 'first_response'))

    def test_calendar_edit_invalidates_the_cache(self):
        working = self.rome_calendar._sla_working_calendar()
        self.env['resource.calendar.leaves'].create({
            'name': 'Chiusura', 'calendar_id': self.rome_calendar.id, 'tz': ROME,
            'date_from': rome(2026, 4, 7, 0, 0), 'date_to': rome(2026, 4, 7, 23, 59, 59)})
        self.assertNotEqual(self.rome_calendar._sla_working_calendar(), working)
        ticket = self._open_ticket()
        self.assertEqual(local(self._sla(ticket, 'first_response').deadline), dt.datetime(2026, 4, 8, 12, 30))

    def test_same_deadlines_as_odoo_resource_calendar(self):
        """The batch arithmetic gives what resource.calendar.plan_hours gives, leaves included."""
        calendar = self.rome_calendar.with_context(tz=ROME)
        working = self.rome_calendar._sla_working_calendar()
        starts = [fields.Datetime.from_string(rome(2026, 4, 1, 0, 0)) + dt.timedelta(minutes=397 * i)
                  for i in range(60)]
        hours = [(0.5, 1, 4, 8, 16, 2.25)[i % 6] for i in range(60)]
        deadlines, _warns = self.Ticket._sla_deadlines_batch(working, starts, hours, [80] * 60)
        expected = [calendar.plan_hours(h, s, compute_leaves=True) for s, h in zip(starts, hours)]
        self.assertEqual(deadlines, expected)


class TestSlaConcurrentCron(BaseCase):
    """Two cron passes at once, each in its own transaction, on committed data: the pre-warning
    is sent once. (Not a SavepointCase: the other cursor must see the rows.)"""

    def test_two_cron_passes_notify_once(self):
        registry = odoo.registry(get_db_name())
        now = rome(2026, 4, 7, 11, 45)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {'crm_infinity_sla_now': rome(2026, 4, 3, 17, 30)})
            calendar = env['resource.calendar'].create({
                'name': 'Roma concorrenza', 'tz': ROME, 'attendance_ids': [(5, 0, 0)] + [
                    (0, 0, {'name': 'a', 'dayofweek': str(d), 'hour_from': a, 'hour_to': b})
                    for d, a, b in OFFICE]})
            env['resource.calendar.leaves'].create({
                'name': 'Pasquetta', 'calendar_id': calendar.id, 'tz': ROME,
                'date_from': rome(2026, 4, 6, 0, 0), 'date_to': rome(2026, 4, 6, 23, 59, 59)})
            center = env['crm.infinity.service.center'].create({
                'name': 'Concorrenza', 'code': 'TCC', 'resource_calendar_id': calendar.id})
            policy = env['crm.infinity.sla.policy'].create({
                'name': 'Concorrenza', 'center_id': center.id,
                'target_ids': [(0, 0, {'name': 'Risposta', 'kind': 'first_response', 'hours': 4})]})
            tickets = env['crm.infinity.ticket'].create({'name': 'Uno', 'center_id': center.id}) | \
                env['crm.infinity.ticket'].create({'name': 'Due', 'center_id': center.id})
            ids = {'center': center.id, 'calendar': calendar.id, 'policy': policy.id,
                   'tickets': tuple(tickets.ids)}
            cr.commit()
        try:
            first_locked, second_done = threading.Event(), threading.Event()
            fired = {}
            errors = []

            def run(name, before_commit=None, wait_for=None):
                try:
                    with odoo.api.Environment.manage(), registry.cursor() as cr:
                        if wait_for:
                            wait_for.wait(30)
                        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {'crm_infinity_sla_now': now})
                        TicketSla = env['crm.infinity.ticket.sla']
                        fired[name] = len(TicketSla._fire_breaches(fields.Datetime.from_string(now))
                                          | TicketSla._fire_warnings(fields.Datetime.from_string(now)))
                        if before_commit:
                            before_commit()
                except Exception as error:  # reported below
                    errors.append(error)

            def hold():
                first_locked.set()
                second_done.wait(30)

            first = threading.Thread(target=run, args=('first', hold))
            second = threading.Thread(target=run, args=('second', second_done.set, first_locked))
            first.start()
            second.start()
            first.join(60)
            second.join(60)
            run('third')
            self.assertFalse(errors, errors)
            self.assertEqual((fired['first'], fired['second'], fired['third']), (2, 0, 0))
            with registry.cursor() as cr:
                cr.execute("""SELECT count(*) FROM crm_infinity_event
                               WHERE code = 'support_sla_warning' AND res_model = 'crm.infinity.ticket'
                                 AND res_id IN %s""", (ids['tickets'],))
                self.assertEqual(cr.fetchone()[0], 2, 'one warning per ticket')
                cr.execute("""SELECT count(*) FROM crm_infinity_sla_event
                               WHERE kind = 'warn' AND ticket_id IN %s""", (ids['tickets'],))
                self.assertEqual(cr.fetchone()[0], 2)
        finally:
            with registry.cursor() as cr:
                cr.execute("DELETE FROM crm_infinity_event WHERE res_model = 'crm.infinity.ticket' AND res_id IN %s",
                           (ids['tickets'],))
                cr.execute('DELETE FROM crm_infinity_sla_event WHERE ticket_id IN %s', (ids['tickets'],))
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                env['crm.infinity.ticket'].browse(ids['tickets']).unlink()
                env['crm.infinity.sla.policy'].browse(ids['policy']).unlink()
                env['crm.infinity.service.center'].browse(ids['center']).unlink()
                env['resource.calendar'].browse(ids['calendar']).unlink()
                cr.commit()
