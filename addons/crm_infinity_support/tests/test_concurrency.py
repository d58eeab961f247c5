"""Races between real transactions: each thread has its own cursor and commits, so the records
of these tests are created committed and removed at the end (nothing else is touched)."""
import threading
from datetime import datetime, timedelta

import odoo
from odoo import fields
from odoo.exceptions import UserError
from odoo.tests.common import BaseCase, get_db_name
from odoo.addons.crm_infinity_base.tests.concurrency import CommittedTransactionsMixin

B = 'crm_infinity_base.'


class TestConcurrency(CommittedTransactionsMixin, BaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = odoo.registry(get_db_name())
        cls.created = {}
        with cls._env() as env:
            Users = env['res.users'].with_context(no_reset_password=True)
            group = env.ref(B + 'group_crm_support_operator')
            cls.op1 = Users.create({'name': 'Race Uno', 'login': 't_race_uno', 'email': 'uno@race.example.com',
                                    'groups_id': [(6, 0, group.ids)]}).id
            cls.op2 = Users.create({'name': 'Race Due', 'login': 't_race_due', 'email': 'due@race.example.com',
                                    'groups_id': [(6, 0, group.ids)]}).id
            cls.center = env['crm.infinity.service.center'].create({
                'name': 'Centro gare', 'code': 'TRACE',
                'operator_ids': [(6, 0, [cls.op1, cls.op2])]}).id
            cls.event_type = env['crm.infinity.event.type'].create({
                'name': 'Gara', 'code': 'test_race_rule', 'model_name': 'crm.infinity.ticket'}).id

    @classmethod
    def tearDownClass(cls):
        with cls._env() as env:
            tickets = env['crm.infinity.ticket'].with_context(active_test=False).search(
                [('center_id', '=', cls.center)])
            env.cr.execute('DELETE FROM crm_infinity_primanota WHERE res_model = %s AND res_id IN %s',
                           ('crm.infinity.ticket', tuple(tickets.ids) or (0,)))
            env['crm.infinity.event'].search([('res_model', '=', 'crm.infinity.ticket'),
                                              ('res_id', 'in', tickets.ids)]).unlink()
            env['crm.infinity.ticket.auto.rule'].with_context(active_test=False).search(
                [('center_ids', 'in', [cls.center])]).unlink()
            tickets.unlink()
            env['crm.infinity.event.type'].browse(cls.event_type).unlink()
            env['crm.infinity.service.center'].browse(cls.center).unlink()
            env.cr.execute('DELETE FROM crm_infinity_primanota WHERE user_id IN %s',
                           ((cls.op1, cls.op2),))
            users = env['res.users'].browse([cls.op1, cls.op2])
            partners = users.mapped('partner_id')
            users.unlink()
            partners.unlink()
        super().tearDownClass()



    def _tickets(self, count, waiting_days=0):
        with self._env() as env:
            Ticket = env['crm.infinity.ticket']
            ids = [Ticket.create({'name': 'Gara %d' % i, 'center_id': self.center}).id
                   for i in range(count)]
            if waiting_days:
                tickets = Ticket.browse(ids)
                tickets._set_state('waiting')
                tickets.write({'date_last_stage_update': fields.Datetime.to_string(
                    datetime.utcnow() - timedelta(days=waiting_days))})
        return ids

    # -- taking a ticket in charge --------------------------------------------------------------

    def _take(self, ticket_id, uid, results, before=None, after=None):
        def target():
            with self._env(uid) as env:
                ticket = env['crm.infinity.ticket'].browse(ticket_id)
                if before:
                    before()
                try:
                    ticket.action_take()
                    results[uid] = 'ok'
                except UserError as error:
                    results[uid] = error.name
                    env.cr.rollback()
                if after:
                    after()
        return target

    def test_two_operators_take_the_same_ticket_at_once(self):
        ticket_id, = self._tickets(1)
        start = threading.Barrier(2)
        results = {}
        self._in_threads(self._take(ticket_id, self.op1, results, before=start.wait),
                         self._take(ticket_id, self.op2, results, before=start.wait))
        winners = [uid for uid, result in results.items() if result == 'ok']
        self.assertEqual(len(winners), 1, results)
        loser, = set(results) - set(winners)
        self.assertRegex(results[loser], 'taking the ticket .* in charge right now|has already been taken')
        with self._env() as env:
            ticket = env['crm.infinity.ticket'].browse(ticket_id)
            self.assertEqual((ticket.user_id.id, ticket.state), (winners[0], 'open'))
            lines = ticket.primanota_ids.filtered(lambda l: l.event_code == 'write')
            self.assertEqual(len(lines), 1, 'one taking in charge logged')

    def test_second_operator_is_told_while_the_first_holds_the_ticket(self):
        ticket_id, = self._tickets(1)
        first_has_it, second_done = threading.Event(), threading.Event()
        results = {}

        def hold():
            first_has_it.set()
            second_done.wait(30)

        self._in_threads(
            self._take(ticket_id, self.op1, results, after=hold),
            self._take(ticket_id, self.op2, results,
                       before=lambda: first_has_it.wait(30), after=second_done.set))
        self.assertEqual(results[self.op1], 'ok')
        self.assertIn('is taking the ticket', results[self.op2])
        self.assertIn('reload the page', results[self.op2])

    # -- scheduled automatic rules --------------------------------------------------------------

    def test_two_cron_workers_act_once_on_each_ticket(self):
        ticket_ids = self._tickets(8, waiting_days=6)
        with self._env() as env:
            rule_id = env['crm.infinity.ticket.auto.rule'].create({
                'name': 'Gara tra worker', 'state': 'waiting', 'delay': 5, 'delay_unit': 'days',
                'center_ids': [(6, 0, [self.center])], 'action': 'event',
                'event_type_id': self.event_type}).id
        start = threading.Barrier(2)
        acted = []

        def worker():
            with self._env() as env:
                start.wait()
                done = env['crm.infinity.ticket.auto.rule'].browse(rule_id)._run(commit=True)
                acted.append(done[rule_id].ids)

        self._in_threads(worker, worker)
        self.assertEqual(sorted(acted[0] + acted[1]), sorted(ticket_ids), acted)
        self._in_threads(worker, worker)  # and a second round acts on nothing
        self.assertEqual(acted[2:], [[], []])
        with self._env() as env:
            events = env['crm.infinity.event'].search([('code', '=', 'test_race_rule')])
            self.assertEqual(sorted(events.mapped('res_id')), sorted(ticket_ids))
            runs = env['crm.infinity.ticket.auto.rule.run'].search([('rule_id', '=', rule_id)])
            self.assertEqual(sorted(runs.mapped('ticket_id').ids), sorted(ticket_ids))
