import datetime as dt

from .test_sla import SlaCase


class TestSupportDeadlines(SlaCase):
    """B8: the running SLA clocks of a ticket are deadlines of its operator and of the manager
    of its service center, reminded to them once; an operator of another center sees none."""

    def test_sla_deadlines_reach_operator_and_manager_once(self):
        ticket = self._open_ticket()
        Provider = self.env['crm.infinity.deadline.provider']
        window = (dt.date(2026, 4, 1), dt.date(2026, 4, 30))

        def ours(deadlines):
            return [d for d in deadlines if d['res_id'] == ticket.id
                    and d['res_model'] == ticket._name]
        deadlines = ours(Provider._crm_deadlines(*window, kinds=['sla_deadline']))
        self.assertEqual(len(deadlines), 2)  # first response and resolution
        response = self._sla(ticket, 'first_response')
        self.assertIn(response.deadline, [str(d['date']) for d in deadlines])
        self.assertEqual(deadlines[0]['roles'], {'assignee': self.op_a.ids,
                                                 'manager': self.manager.ids})
        self.assertEqual(len(ours(Provider.sudo(self.op_a)._crm_deadlines(*window))), 2)
        self.assertEqual(ours(Provider.sudo(self.op_b)._crm_deadlines(*window)), [])
        Reminder = self.env['crm.infinity.deadline.reminder']
        Reminder._crm_ensure_kinds()
        Reminder.search([('kind', '=', 'sla_deadline')]).write(
            {'days_before': 0, 'notify_assignee': True, 'notify_manager': True})
        for _run in range(2):
            Reminder._crm_send_reminders(today=dt.date(2026, 4, 7), deadlines=deadlines)
        logs = self.env['crm.infinity.deadline.reminder.log'].search(
            [('res_model', '=', ticket._name), ('res_id', '=', ticket.id)])
        # first response due on Tuesday 7th, resolution on Wednesday 8th: one reminder each
        self.assertEqual(sorted((l.deadline_date, l.partner_id.id) for l in logs), sorted([
            ('2026-04-07', self.op_a.partner_id.id), ('2026-04-07', self.manager.partner_id.id)]))
