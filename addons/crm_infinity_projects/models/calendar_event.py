import uuid
from email.utils import formataddr

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.tools import html_escape

from ..engines import ics

CHANGEDATE = 'calendar.calendar_template_meeting_changedate'
# what makes a change a reschedule (clients must update the event they have)
SCHEDULE_FIELDS = frozenset(['start', 'stop', 'start_datetime', 'stop_datetime', 'start_date',
                             'stop_date', 'allday', 'duration', 'location'])


def _real(events):
    """The stored events (recurring occurrences have virtual ids like '12-20261210100000')."""
    return events.browse([e.id for e in events if isinstance(e.id, int)])


class CalendarEvent(models.Model):
    """Events of a commessa or of an activity (SPEC C4), and invitations that clients can
    trust, for every event: Odoo's own sender (``calendar.attendee._send_mail_to_attendees``)
    is kept, with

    * an ``.ics`` in the organiser's time zone (TZID + VTIMEZONE) and the e-mail body's times
      in that same zone, a stable UID and a SEQUENCE that grows with each reschedule;
    * one update per participant per reschedule, whoever makes it and however (form, RPC,
      drag in the calendar): Odoo's own update mail, sent only on some paths and also to the
      person who made the change, is replaced by ours.
    """

    _inherit = 'calendar.event'

    crm_project_id = fields.Many2one('project.project', string='Commessa', index=True,
                                     ondelete='set null')
    crm_task_id = fields.Many2one('project.task', string='Activity', index=True,
                                  ondelete='set null')
    crm_ics_uid = fields.Char('Invitation UID', readonly=True, copy=False,
                              default=lambda self: '%s@crm-infinity' % uuid.uuid4().hex)
    crm_ics_sequence = fields.Integer('Invitation sequence', readonly=True, copy=False, default=0)

    @api.onchange('crm_task_id')
    def _onchange_crm_task_id(self):
        if self.crm_task_id.project_id:
            self.crm_project_id = self.crm_task_id.project_id

    @api.model
    def create(self, values):
        """An event of a commessa or activity is a system event (*event created*)."""
        if values.get('crm_task_id') and not values.get('crm_project_id'):
            task = self.env['project.task'].browse(values['crm_task_id'])
            values = dict(values, crm_project_id=task.project_id.id)
        event = super().create(values)
        if event.crm_project_id or event.crm_task_id:
            self.env['crm.infinity.event']._emit('event_created', event.sudo(),
                                                 {'commessa': event.crm_project_id.name})
        return event

    @api.multi
    def write(self, values):
        """A reschedule raises the SEQUENCE and mails the update once to each participant who
        was already invited (new ones get their invitation from Odoo), except its author."""
        real = _real(self)
        if not real or not SCHEDULE_FIELDS.intersection(values):
            return super().write(values)
        before = {event.id: (event._crm_schedule(), event.attendee_ids) for event in real}
        res = super(CalendarEvent, self.with_context(crm_skip_changedate=True)).write(values)
        for event in real.exists():
            schedule, attendees = before[event.id]
            if event._crm_schedule() == schedule:
                continue
            super(CalendarEvent, event).write({'crm_ics_sequence': event.crm_ics_sequence + 1})
            to_mail = (attendees & event.attendee_ids).filtered(
                lambda a: a.partner_id != self.env.user.partner_id and a.state != 'declined')
            if to_mail and values.get('active', True):
                to_mail._send_mail_to_attendees(CHANGEDATE)
        return res

    def _crm_schedule(self):
        return (self.start, self.stop, self.allday, self.location or '')

    @api.multi
    def get_ics_file(self):
        """{event id: .ics bytes}, see the class docstring (replaces Odoo's, which writes UTC
        times without UID nor SEQUENCE)."""
        result = {}
        for event in _real(self):
            organiser = event.user_id
            start, stop = event.start, event.stop
            if event.allday:
                start = fields.Date.from_string((event.start_date or event.start)[:10])
                stop = fields.Date.from_string((event.stop_date or event.stop)[:10])
            else:
                start, stop = fields.Datetime.from_string(start), fields.Datetime.from_string(stop)
            text = ics.build(
                event.crm_ics_uid or '%s-%s@crm-infinity' % (self.env.cr.dbname, event.id),
                event.crm_ics_sequence, event.name, start, stop, tzname=event._crm_invitation_tz(),
                allday=event.allday, description=event.description, location=event.location,
                organizer=(organiser.partner_id.name, organiser.partner_id.email),
                sent_by=self.env.context.get('crm_invitation_sent_by'),
                attendees=[(a.common_name, a.email or a.partner_id.email,
                            ics.PARTSTAT.get(a.state, 'NEEDS-ACTION')) for a in event.attendee_ids])
            result[event.id] = text.encode('utf-8')
        return result

    def _crm_invitation_on_behalf(self):
        """Anyone may save an event whose organiser (``user_id``) is someone else (causali,
        routing rules and the visit planner do it on purpose): its invitations must not then go
        out as if that person had written them. Unless the current user is the organiser (or
        the system), they are sent From: the company's address (catchall, else the company's
        e-mail), Reply-To: the organiser, with "Sent by X on behalf of Y" on top and the sender
        as SENT-BY of the .ics's ORGANIZER. None when the organiser sends them himself."""
        user, organiser = self.env.user, self.user_id
        if self.env.uid == SUPERUSER_ID or not organiser or organiser == user:
            return None
        params = self.env['ir.config_parameter'].sudo()
        alias, domain = params.get_param('mail.catchall.alias'), params.get_param(
            'mail.catchall.domain')
        company = user.company_id
        address = ('%s@%s' % (alias, domain)) if alias and domain else (
            company.email or user.partner_id.email)
        return {
            'email_from': formataddr((company.name or user.name, address)),
            'reply_to': formataddr((organiser.partner_id.name, organiser.partner_id.email or
                                    address)),
            'sent_by': user.partner_id.email or address,
            'line': _('Sent by %s on behalf of %s.') % (user.name, organiser.name),
        }

    def _crm_invitation_tz(self):
        """The organiser's time zone: the one of the .ics and of the e-mail body."""
        return self.user_id.tz or self.env.user.tz or 'UTC'

    def _get_date_formats(self):
        """Odoo formats the mail's dates in the recipient's language, and prints "False" for a
        guest without one: then the organiser's language formats the dates."""
        format_date, format_time = super()._get_date_formats()
        missing = (None, False, '', 'False')  # Odoo turns a missing format into 'False'
        if format_date in missing or format_time in missing:
            lang = self.env['res.lang']._lang_get(self[:1].user_id.lang or self.env.user.lang
                                                  or 'en_US')
            if format_date in missing:
                format_date = lang.date_format if lang else '%d/%m/%Y'
            if format_time in missing:
                format_time = lang.time_format if lang else '%H:%M'
        return format_date, format_time

    @api.multi
    def get_interval(self, interval, tz=None):
        """Times of the invitation mails in the organiser's zone, as in the .ics."""
        zone = self.env.context.get('crm_invitation_tz')
        if zone and not self.allday:
            tz = zone
        return super().get_interval(interval, tz=tz)

    @api.multi
    def get_display_time_tz(self, tz=False):
        zone = self.env.context.get('crm_invitation_tz')
        if zone and not self.allday:
            tz = zone
        return super().get_display_time_tz(tz=tz)


class CalendarAttendee(models.Model):
    _inherit = 'calendar.attendee'

    @api.multi
    def _send_mail_to_attendees(self, template_xmlid, force_send=False):
        """Odoo's sender, per event, rendered in its organiser's time zone; its own update mail
        is skipped while ``calendar.event.write`` sends ours."""
        if self.env.context.get('crm_skip_changedate') and template_xmlid == CHANGEDATE:
            return False
        res = False
        for event in self.mapped('event_id'):
            attendees = self.filtered(lambda a: a.event_id == event)
            context = dict(crm_invitation_tz=event._crm_invitation_tz())
            on_behalf = event._crm_invitation_on_behalf()
            if on_behalf:
                context.update(crm_invitation_on_behalf=on_behalf,
                               crm_invitation_sent_by=on_behalf['sent_by'])
            res = super(CalendarAttendee, attendees.with_context(**context)) \
                ._send_mail_to_attendees(template_xmlid, force_send=force_send) or res
        return res


class MailTemplate(models.Model):
    _inherit = 'mail.template'

    @api.multi
    def send_mail(self, res_id, force_send=False, raise_exception=False, email_values=None):
        """An invitation sent on behalf of its organiser (see ``_crm_invitation_on_behalf``):
        From: the company's address, Reply-To: the organiser, and who sent it on top."""
        mail_id = super().send_mail(res_id, force_send=force_send,
                                    raise_exception=raise_exception, email_values=email_values)
        on_behalf = self.env.context.get('crm_invitation_on_behalf')
        if on_behalf and self.model == 'calendar.attendee' and mail_id:
            mail = self.env['mail.mail'].sudo().browse(mail_id)
            mail.write({
                'email_from': on_behalf['email_from'], 'reply_to': on_behalf['reply_to'],
                'body_html': '<p style="color:#555">%s</p>%s' % (
                    html_escape(on_behalf['line']), mail.body_html or '')})
        return mail_id
