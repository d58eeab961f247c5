import logging
from datetime import timedelta

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

ARCHIVE_BATCH = 500


class CrmInfinityTicket(models.Model):
    """Storicizzazione (SPEC T12): closed tickets leave the working lists N days after their
    closing, N set per company; they stay searchable with the "Archived" filter."""

    _inherit = 'crm.infinity.ticket'

    @api.model
    def _cron_archive_closed_tickets(self, batch_size=ARCHIVE_BATCH, commit=False):
        """Archive, company by company, the closed tickets older than the company's setting,
        ``batch_size`` at a time. The scheduled action passes ``commit=True`` to commit each
        batch, so that a first run on a large history neither holds long locks nor starts over
        after a failure. Returns the number of tickets archived."""
        archived = 0
        companies = self.env['res.company'].search([('support_archive_days', '>', 0)])
        for company in companies:
            limit = fields.Datetime.to_string(
                fields.Datetime.from_string(fields.Datetime.now())
                - timedelta(days=company.support_archive_days))
            domain = [('company_id', '=', company.id), ('state', '=', 'closed'),
                      ('date_closed', '!=', False), ('date_closed', '<', limit)]
            while True:
                tickets = self.search(domain, limit=batch_size, order='date_closed, id')
                if not tickets:
                    break
                tickets.write({'active': False})
                archived += len(tickets)
                if commit:
                    self.env.cr.commit()
        if archived:
            _logger.info('archived %d closed tickets', archived)
        return archived
