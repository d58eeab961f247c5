from datetime import datetime

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..dashboards import visits


class CrmInfinityVisitPlanWizard(models.TransientModel):
    """Giro visite (SPEC S9): plan a visit to each selected pool contact on the salesperson's
    calendar, in consecutive slots of his day that do not overlap his other appointments."""

    _name = 'crm.infinity.visit.plan.wizard'
    _description = 'Plan visits'

    user_id = fields.Many2one('res.users', string='Salesperson', required=True,
                              default=lambda self: self.env.user)
    pool_ids = fields.Many2many('crm.infinity.contact.pool', string='Contacts to visit',
                                required=True)
    date = fields.Date('Day', required=True, default=fields.Date.context_today)
    start_hour = fields.Float('From', required=True, default=9.0)
    end_hour = fields.Float('To', required=True, default=18.0)
    duration = fields.Float('Visit length (hours)', required=True, default=1.0)
    travel_time = fields.Float('Travel between visits (hours)', default=0.5)

    @api.multi
    def action_plan(self):
        self.ensure_one()
        entries = self.pool_ids.sorted(lambda p: (p.city or '', p.partner_id.display_name))
        tz = pytz.timezone(self.user_id.tz or self.env.user.tz or 'UTC')
        day = fields.Date.from_string(self.date)
        try:
            slots = visits.plan_slots(len(entries), day, self.start_hour, self.end_hour,
                                      self.duration, self.travel_time,
                                      busy=self._busy_intervals(tz))
        except ValueError:
            raise UserError(_('The working day is too short for the visits: '
                              'check the hours and the visit length.'))
        Event = self.env['calendar.event'].with_context(no_mail_to_attendees=True)
        events = Event.browse()
        for entry, (start, stop) in zip(entries, slots):
            partner = entry.partner_id
            events |= Event.create({
                'name': _('Visit: %s') % partner.display_name,
                'start': self._to_utc(tz, start),
                'stop': self._to_utc(tz, stop),
                'duration': self.duration,
                'user_id': self.user_id.id,
                'partner_ids': [(6, 0, (self.user_id.partner_id | partner).ids)],
                'location': self._location(partner),
                'crm_pool_id': entry.id,
            })
        action = self.env.ref('crm_infinity_sales.crm_infinity_visit_action').read()[0]
        action['domain'] = [('id', 'in', events.ids)]
        action['context'] = {'calendar_default_date': self.date}
        return action

    @api.multi
    def _busy_intervals(self, tz):
        """The salesperson's appointments around the day, as naive local datetimes."""
        self.ensure_one()
        day = fields.Date.from_string(self.date)
        since = self._to_utc(tz, datetime.combine(day, datetime.min.time()))
        events = self.env['calendar.event'].sudo().search([
            ('partner_ids', 'in', self.user_id.partner_id.ids), ('stop', '>=', since)])
        return [(self._to_local(tz, e.start), self._to_local(tz, e.stop)) for e in events]

    @staticmethod
    def _to_utc(tz, naive_local):
        return fields.Datetime.to_string(
            tz.localize(naive_local).astimezone(pytz.utc).replace(tzinfo=None))

    @staticmethod
    def _to_local(tz, utc_string):
        return pytz.utc.localize(fields.Datetime.from_string(utc_string)).astimezone(tz) \
            .replace(tzinfo=None)

    @staticmethod
    def _location(partner):
        parts = [partner.street, ' '.join(p for p in (partner.zip, partner.city) if p),
                 partner.state_id.code]
        return ', '.join(p for p in parts if p) or partner.display_name
