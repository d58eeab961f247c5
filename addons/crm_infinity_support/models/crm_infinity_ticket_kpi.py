from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models


class CrmInfinityTicket(models.Model):
    """Working-hours durations of a ticket for the KPIs (SPEC T11), stored once when the first
    response or the closing happens, so that reports aggregate them in SQL.

    The hours are counted on the resource calendar of the ticket's service center (holidays and
    closures of the calendar excluded) with ``resource.calendar.get_work_hours_count``; the SLA
    working-time arithmetic (``sla/``) may replace ``_working_hours_between`` once it is merged.
    """

    _inherit = 'crm.infinity.ticket'

    first_response_hours = fields.Float(
        'First response (working hours)', compute='_compute_first_response_hours', store=True,
        compute_sudo=True, readonly=True, group_operator='avg', digits=(16, 2),
        help='Working hours of the service center between the opening and the first reply to '
             'the customer.')
    resolution_hours = fields.Float(
        'Resolution (working hours)', compute='_compute_resolution_hours', store=True,
        compute_sudo=True, readonly=True, group_operator='avg', digits=(16, 2),
        help='Working hours of the service center between the opening and the closing.')

    @api.depends('date_first_response')
    def _compute_first_response_hours(self):
        for ticket in self:
            ticket.first_response_hours = ticket._working_hours_between(
                ticket.create_date, ticket.date_first_response)

    @api.depends('date_closed')
    def _compute_resolution_hours(self):
        for ticket in self:
            ticket.resolution_hours = ticket._working_hours_between(
                ticket.create_date, ticket.date_closed)

    @api.multi
    def _working_hours_between(self, start, end):
        """Working hours of the ticket's center calendar between two UTC datetimes (strings or
        datetimes); 0 when either is missing. The calendar's hours are read in the time zone of
        the center's company (falling back on the user's)."""
        self.ensure_one()
        calendar = self.center_id.resource_calendar_id
        if not (start and end and calendar):
            return 0.0
        start = fields.Datetime.from_string(start)
        end = fields.Datetime.from_string(end)
        if end <= start:
            return 0.0
        tz = pytz.timezone(self.center_id.company_id.partner_id.tz or self.env.user.tz or 'UTC')
        calendar = calendar.with_context(tz=tz.zone)
        # Odoo 11 iterates the days with an rrule starting at the start's time of day, so a
        # last day whose end comes earlier in the day than the start is skipped (Friday 16:00
        # to Monday 9:00 would miss Monday). Both counts start at local midnight instead.
        local_day = pytz.utc.localize(start).astimezone(tz).date()
        midnight = tz.localize(datetime.combine(local_day, time.min)).astimezone(pytz.utc)
        midnight = midnight.replace(tzinfo=None)

        def since_midnight(moment):
            # a moment at local midnight would count its whole day (end treated as "all day")
            if pytz.utc.localize(moment).astimezone(tz).time() == time.min:
                moment -= timedelta(microseconds=1)
            if moment <= midnight:
                return 0.0
            return calendar.get_work_hours_count(midnight, moment, None)

        return max(since_midnight(end) - since_midnight(start), 0.0)
