from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.addons.base.res.res_partner import _tz_get

from ..sla import WorkingCalendar


def _default_tz(model):
    return (model.env.context.get('tz') or model.env.user.tz
            or model.env.user.company_id.partner_id.tz or 'UTC')


class ResourceCalendar(models.Model):
    """Working hours as the SLA engine reads them: the attendances in the calendar's own time
    zone, minus its global leaves (public holidays, closures)."""

    _inherit = 'resource.calendar'

    # Odoo 12 adds the same field: calendars of Odoo 11 follow the reader's time zone instead
    tz = fields.Selection(_tz_get, string='Timezone', default=lambda self: _default_tz(self),
                          help='Time zone of the working hours: SLA times are counted in it, '
                               'whoever reads them.')

    @api.multi
    def _sla_working_calendar(self):
        """The framework-free calendar (cached per calendar until its hours or leaves change)."""
        self.ensure_one()
        return self.sudo()._sla_working_calendar_cached(self.id)

    @tools.ormcache('calendar_id')
    def _sla_working_calendar_cached(self, calendar_id):
        calendar = self.browse(calendar_id)
        attendances = [(int(att.dayofweek), att.hour_from, att.hour_to,
                        att.date_from and fields.Date.from_string(att.date_from),
                        att.date_to and fields.Date.from_string(att.date_to))
                       for att in calendar.attendance_ids]
        leaves = [(fields.Datetime.from_string(leave.date_from),
                   fields.Datetime.from_string(leave.date_to))
                  for leave in calendar.global_leave_ids]
        return WorkingCalendar(attendances, calendar.tz or 'UTC', leaves=leaves)

    @api.constrains('attendance_ids')
    def _check_attendance_of_service_centers(self):
        centers = self.env['crm.infinity.service.center'].sudo().search(
            [('resource_calendar_id', 'in', self.ids)])
        centers.mapped('resource_calendar_id')._check_sla_working_hours()

    @api.multi
    def _check_sla_working_hours(self):
        for calendar in self.sudo():
            if not any(att.hour_to > att.hour_from for att in calendar.attendance_ids):
                raise ValidationError(
                    _('The working hours "%s" have no working time: the SLA times of the '
                      'service center could not be counted. Add the working days and hours '
                      'to the calendar or choose another one.') % calendar.name)

    @api.multi
    def write(self, vals):
        self.clear_caches()
        return super().write(vals)

    @api.multi
    def unlink(self):
        self.clear_caches()
        return super().unlink()


class ResourceCalendarAttendance(models.Model):
    _inherit = 'resource.calendar.attendance'

    @api.model
    def create(self, vals):
        self.clear_caches()
        return super().create(vals)

    @api.multi
    def write(self, vals):
        self.clear_caches()
        return super().write(vals)

    @api.multi
    def unlink(self):
        self.clear_caches()
        return super().unlink()


class ResourceCalendarLeaves(models.Model):
    _inherit = 'resource.calendar.leaves'

    @api.model
    def create(self, vals):
        self.clear_caches()
        return super().create(vals)

    @api.multi
    def write(self, vals):
        self.clear_caches()
        return super().write(vals)

    @api.multi
    def unlink(self):
        self.clear_caches()
        return super().unlink()
