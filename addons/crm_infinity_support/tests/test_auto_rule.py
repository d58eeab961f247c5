from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import ValidationError

from .common_mail import SupportMailCase


def days_ago(days):
    return fields.Datetime.to_string(datetime.utcnow() - timedelta(days=days))


class TestAutoRule(SupportMailCase):
    """SPEC T6: scheduled rules act once per stay of a ticket in a status."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env['crm.infinity.ticket.auto.rule']
        cls.Run = cls.env['crm.infinity.ticket.auto.rule.run']
        # the rules of the database (demo) stay out of the way
        cls.Rule.search([]).write({'active': False})

    def _ticket(self, waiting_days, **values):
        vals = {'name': 'Attesa %s giorni' % waiting_days, 'center_id': self.center.id,
                'partner_id': self.customer.id}
        vals.update(values)
        ticket = self.Ticket.create(vals)
        ticket._set_state('waiting')
        self._age(ticket, waiting_days)
        return ticket

    def _age(self, ticket, days):
        ticket.write({'date_last_stage_update': days_ago(days)})

    def _rule(self, **values):
        vals = {'name': 'Attesa più di 5 giorni: sollecito', 'state': 'waiting', 'delay': 5,
                'delay_unit': 'days', 'action': 'reminder', 'center_ids': [(6, 0, self.center.ids)]}
        vals.update(values)
        return self.Rule.create(vals)

    def _reminders(self, ticket):
        return ticket.message_ids.filtered(lambda m: m.subject and 'Reminder' in m.subject)

    def test_reminder_once_per_stay(self):
        rule = self._rule()
        due, fresh = self._ticket(6), self._ticket(3)
        self.Rule._cron_run(commit=False)
        self.assertEqual(len(self._reminders(due)), 1)
        self.assertIn(self.customer, self._reminders(due).partner_ids)
        self.assertIn('[%s]' % due.number, self._reminders(due).subject)
        self.assertFalse(self._reminders(fresh))
        for _i in range(3):
            self.Rule._cron_run(commit=False)
        self.assertEqual(len(self._reminders(due)), 1, 'never twice on the same stay')
        self.assertEqual(self.Run.search_count([('rule_id', '=', rule.id)]), 1)
        self.assertEqual(rule.run_count, 1)
        self.assertEqual(due.primanota_ids.filtered(lambda l: l.event_code == 'auto_rule')
                         .mapped('note'), ['Automatic rule: %s' % rule.name])

    def test_acts_again_after_leaving_and_reentering_the_status(self):
        rule = self._rule()
        ticket = self._ticket(6)
        rule._run()
        ticket._set_state('open')
        rule._run()
        ticket._set_state('waiting')
        rule._run()
        self.assertEqual(len(self._reminders(ticket)), 1, 'not yet 5 days in the new stay')
        self._age(ticket, 7)
        rule._run()
        rule._run()
        self.assertEqual(len(self._reminders(ticket)), 2)
        self.assertEqual(len(set(self.Run.search([('rule_id', '=', rule.id)]).mapped('state_key'))), 2)

    def test_close_after_fifteen_days(self):
        self._rule(name='Attesa più di 15 giorni: chiusura', delay=15, action='close')
        old, recent = self._ticket(16), self._ticket(10)
        self.Rule._cron_run(commit=False)
        self.assertEqual((old.state, recent.state), ('closed', 'waiting'))
        self.assertTrue(old.date_closed)

    def test_hours_condition_and_centers(self):
        self._rule(delay=2, delay_unit='hours', action='stage',
                   target_stage_id=self.env.ref('crm_infinity_support.stage_open').id,
                   domain="[('priority', '=', '3')]")
        urgent = self._ticket(0, priority='3')
        normal = self._ticket(0, priority='1')
        elsewhere = self._ticket(0, priority='3', center_id=self.reserved.id)
        for ticket in urgent | normal | elsewhere:
            ticket.write({'date_last_stage_update': fields.Datetime.to_string(
                datetime.utcnow() - timedelta(hours=3))})
        self.Rule._cron_run(commit=False)
        self.assertEqual((urgent.state, normal.state, elsewhere.state), ('open', 'waiting', 'waiting'))

    def test_causale_and_event_actions(self):
        causale = self.env['crm.infinity.causale'].create({
            'name': 'Sollecito automatico', 'kind': 'crm',
            'model_ids': [(6, 0, [self.env['ir.model']._get('crm.infinity.ticket').id])]})
        event_type = self.env['crm.infinity.event.type'].create({
            'name': 'Attesa lunga', 'code': 'test_ticket_long_wait',
            'model_name': 'crm.infinity.ticket'})
        self._rule(action='causale', causale_id=causale.id, note='Sollecitato dal sistema')
        self._rule(action='event', event_type_id=event_type.id)
        ticket = self._ticket(6)
        self.Rule._cron_run(commit=False)
        line = ticket.primanota_ids.filtered(lambda l: l.causale_id == causale)
        self.assertEqual(line.note, 'Sollecitato dal sistema')
        events = self.env['crm.infinity.event'].search([('code', '=', 'test_ticket_long_wait'),
                                                        ('res_id', '=', ticket.id)])
        self.assertEqual(len(events), 1)

    def test_invalid_rules_are_refused(self):
        with self.assertRaises(ValidationError):
            self._rule(domain="[('no_such_field', '=', 1)]")
        with self.assertRaises(ValidationError):
            self._rule(domain="__import__('os')")
        with self.assertRaises(ValidationError):
            self._rule(action='stage')

    def test_failing_action_is_retried_next_run(self):
        causale = self.env['crm.infinity.causale'].create({
            'name': 'Visita', 'kind': 'crm', 'date_required': True,
            'model_ids': [(6, 0, [self.env['ir.model']._get('crm.infinity.ticket').id])]})
        rule = self._rule(action='causale', causale_id=causale.id)
        ticket = self._ticket(6)
        self.assertFalse(rule._run()[rule.id], 'the causale wants a date the rule cannot give')
        self.assertFalse(self.Run.search([('rule_id', '=', rule.id)]), 'the claim went with the failure')
        causale.date_required = False
        self.assertEqual(rule._run()[rule.id], ticket)
        self.assertEqual(self.Run.search([('rule_id', '=', rule.id)]).ticket_id, ticket)
