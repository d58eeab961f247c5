from odoo import api, fields, models


class CalendarEvent(models.Model):
    """A visit of the giro visite is a calendar event linked to the contact-pool entry it
    serves; marking it done moves the entry's last-visit date."""

    _inherit = 'calendar.event'

    crm_pool_id = fields.Many2one('crm.infinity.contact.pool', string='Contact pool entry',
                                  index=True, ondelete='set null')
    crm_visit_done = fields.Boolean('Visit done', copy=False)

    @api.multi
    def write(self, vals):
        """A visit marked done updates the last visit of its pool entry."""
        res = super().write(vals)
        if vals.get('crm_visit_done') or ('start' in vals or 'crm_pool_id' in vals):
            self.filtered(lambda e: e.crm_visit_done and e.crm_pool_id)._crm_register_visits()
        return res

    @api.multi
    def action_crm_visit_done(self):
        self.write({'crm_visit_done': True})

    @api.multi
    def _crm_register_visits(self):
        for event in self:
            if event.allday and event.start_date:
                day = event.start_date
            else:
                # the visit's day where the user is, not in UTC
                day = fields.Datetime.context_timestamp(
                    event, fields.Datetime.from_string(event.start)).date()
            # the event was writable by the user: its pool entry follows whoever owns it
            event.crm_pool_id.sudo().register_visit(day)
