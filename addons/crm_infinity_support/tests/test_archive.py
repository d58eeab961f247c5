from datetime import timedelta

from odoo import fields

from .common import SupportCockpitCase


class TestArchive(SupportCockpitCase):
    """Storicizzazione (SPEC T12): closed tickets archived N days after closing."""

    def _days_ago(self, days):
        return fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=days))

    def _closed(self, days, stage=None):
        ticket = self._ticket()
        ticket.write({'stage_id': (stage or self.stage_closed).id, 'date_closed': self._days_ago(days)})
        return ticket

    def _run(self, **kwargs):
        Ticket = self.env['crm.infinity.ticket']
        return Ticket._cron_archive_closed_tickets(**kwargs)

    def test_closed_tickets_older_than_the_setting_are_archived(self):
        self.company.support_archive_days = 30
        self._run()  # the old tickets already in the database (the demo's) first
        old = self._closed(40) | self._closed(31) | self._closed(35)
        recent = self._closed(10)
        solved = self._closed(60, self.stage_solved)
        still_open = self._ticket()
        self.assertEqual(self._run(batch_size=2), 3)  # in batches of 2
        self.assertEqual(old.mapped('active'), [False] * 3)
        self.assertTrue(recent.active and solved.active and still_open.active)
        # they remain searchable with the "Archived" filter
        archived = self.env['crm.infinity.ticket'].search(
            [('active', '=', False), ('center_id', '=', self.center.id)])
        self.assertEqual(archived, old)
        self.assertEqual(self._run(), 0)

    def test_zero_days_never_archives(self):
        ticket = self._closed(400)
        self.company.support_archive_days = 0
        self.assertEqual(self._run(), 0)
        self.assertTrue(ticket.active)

    def test_setting_and_cron(self):
        settings = self.env['res.config.settings'].create({'support_archive_days': 90})
        settings.execute()
        self.assertEqual(self.company.support_archive_days, 90)
        cron = self.env.ref('crm_infinity_support.crm_infinity_ticket_archive_cron')
        self.assertTrue(cron.active)
        self.assertIn('_cron_archive_closed_tickets', cron.code)
