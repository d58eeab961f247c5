from odoo import _, api, fields, models
from odoo.exceptions import UserError

EVENT_KINDS = [('start', 'Started'), ('pause', 'Paused'), ('resume', 'Resumed'),
               ('warn', 'Pre-warning'), ('breach', 'Breached'), ('met', 'Met')]


class CrmInfinitySlaEvent(models.Model):
    """What happened to the SLA clocks of a ticket, in order: an append-only log. Pauses and
    resumes concern the whole ticket (no ticket SLA); the other events one of its targets."""

    _name = 'crm.infinity.sla.event'
    _description = 'SLA event'
    _order = 'date desc, id desc'

    ticket_id = fields.Many2one('crm.infinity.ticket', string='Ticket', required=True,
                                index=True, ondelete='cascade', readonly=True)
    ticket_sla_id = fields.Many2one('crm.infinity.ticket.sla', string='Ticket SLA', index=True,
                                    ondelete='set null', readonly=True)
    name = fields.Char('Target', readonly=True)
    kind = fields.Selection(EVENT_KINDS, string='Event', required=True, readonly=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    deadline = fields.Datetime(readonly=True, help='The deadline when the event happened.')
    user_id = fields.Many2one('res.users', string='User', readonly=True,
                              default=lambda self: self.env.uid)
    note = fields.Char(readonly=True)

    @api.multi
    def write(self, vals):
        """The log is append-only: nobody, not even an administrator, rewrites it."""
        raise UserError(_('The SLA event log cannot be changed.'))

    @api.multi
    def unlink(self):
        raise UserError(_('The SLA event log cannot be deleted.'))

    @api.model
    def _log(self, values_list):
        """Append events (dicts of field values) in one go."""
        events = self.browse()
        for values in values_list:
            events |= self.sudo().create(values)
        return events
