import datetime

import pytz
from psycopg2.extras import execute_values

from odoo import _, api, fields, models

REFRESH_DAYS_BEFORE = 62  # the calendar shows the past two months...
REFRESH_DAYS_AFTER = 400  # ...and the next year


class CrmInfinityDeadline(models.Model):
    """One deadline as one user sees it (SPEC B8): the rows behind the *Scadenze* calendar, list
    and pivot.

    Why a stored model filled per viewer: Odoo's calendar, list and pivot views read a stored
    model, and the deadlines come from many models and addons (``crm.infinity.deadline.provider``,
    some computed in Python: payment instalments, SLA clocks), so an SQL view over a UNION cannot
    express them all; and a record rule of a shared table cannot say "deadlines of records the
    user may read" across models. So the providers are evaluated **as the viewer** (his record
    rules apply) and their result is stored with ``viewer_id``; the one rule is "my rows". The
    rows are refreshed when he opens the menu (a server action) and by the daily cron for the
    users who have rows; the reminders, the digest and the ``.ics`` feed call the providers
    directly and never read this table.
    """

    _name = 'crm.infinity.deadline'
    _description = 'Deadline'
    _order = 'date, kind, id'

    viewer_id = fields.Many2one('res.users', string='Seen by', required=True, index=True,
                                ondelete='cascade', readonly=True)
    kind = fields.Selection(selection='_selection_kind', string='Kind', required=True,
                            readonly=True, index=True)
    date = fields.Date('Deadline', required=True, readonly=True, index=True)
    moment = fields.Datetime('Time', readonly=True, help='Hour of the deadline, when it has one.')
    name = fields.Char('Subject', required=True, readonly=True)
    note = fields.Char('Details', readonly=True)
    res_model = fields.Char('Document model', required=True, readonly=True)
    res_id = fields.Integer('Document ID', required=True, readonly=True)
    user_id = fields.Many2one('res.users', string='Responsible', readonly=True, index=True)
    user_ids = fields.Many2many('res.users', 'crm_infinity_deadline_user_rel', 'deadline_id',
                                'user_id', string='People concerned', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True, index=True)

    _sql_constraints = [
        ('deadline_uniq', 'unique(viewer_id, kind, res_model, res_id, date)',
         'The same deadline is listed twice.'),
    ]

    @api.model
    def _selection_kind(self):
        return self.env['crm.infinity.deadline.provider']._crm_deadline_kinds()

    # -- actions ----------------------------------------------------------------------------------

    @api.multi
    def action_open_record(self):
        """Open the document the deadline belongs to (its own record rules apply)."""
        self.ensure_one()
        return {'type': 'ir.actions.act_window', 'res_model': self.res_model,
                'res_id': self.res_id, 'view_mode': 'form', 'views': [(False, 'form')],
                'target': 'current'}

    # -- refresh ----------------------------------------------------------------------------------

    @api.model
    def _crm_action_scadenze(self):
        """The *Scadenze* menu: refresh the current user's rows, then open them."""
        self._crm_refresh()
        action = self.env.ref('crm_infinity_base.crm_infinity_deadline_action').read()[0]
        return action

    @api.model
    def _crm_refresh(self, today=None):
        """Replace the current user's rows by the providers' deadlines evaluated as him."""
        today = today or fields.Date.from_string(fields.Date.context_today(self))
        date_from = today - datetime.timedelta(days=REFRESH_DAYS_BEFORE)
        date_to = today + datetime.timedelta(days=REFRESH_DAYS_AFTER)
        deadlines = self.env['crm.infinity.deadline.provider']._crm_deadlines(date_from, date_to)
        self._crm_store(self.env.uid, deadlines)
        return len(deadlines)

    @api.model
    def _crm_store(self, viewer_id, deadlines):
        """Write ``deadlines`` as the rows of ``viewer_id`` (SQL: the rows are the viewer's own
        copy of what the providers gave him, written in one go). Two refreshes at once: the
        second one's DELETE waits for the first and fails on a serialization error, retried by
        Odoo's RPC layer on a fresh snapshot."""
        cr = self.env.cr
        cr.execute('DELETE FROM crm_infinity_deadline WHERE viewer_id = %s', (viewer_id,))
        tz = self._crm_tz()
        rows, users, seen = [], [], set()
        for deadline in deadlines:
            value = deadline['date']
            moment = value if isinstance(value, datetime.datetime) else None
            day = (value.replace(tzinfo=datetime.timezone.utc).astimezone(tz).date()
                   if moment else value)
            key = (deadline['kind'], deadline['res_model'], deadline['res_id'], day)
            if key in seen:
                continue
            seen.add(key)
            concerned = list(deadline.get('user_ids') or [])
            owner = (deadline.get('roles') or {}).get('owner') or concerned
            rows.append((self.env.uid, viewer_id, deadline['kind'], day, moment,
                         (deadline.get('name') or '/')[:500], deadline.get('note') or None,
                         deadline['res_model'], deadline['res_id'],
                         owner[0] if owner else None, deadline.get('partner_id') or None))
            users.append(concerned)
        if not rows:
            return
        ids = execute_values(cr, """
            INSERT INTO crm_infinity_deadline (create_uid, write_uid, create_date, write_date,
                viewer_id, kind, date, moment, name, note, res_model, res_id, user_id, partner_id)
            SELECT v.uid, v.uid, now() at time zone 'UTC', now() at time zone 'UTC', v.viewer,
                   v.kind, v.day, v.moment, v.name, v.note, v.res_model, v.res_id, v.owner,
                   v.partner
              FROM (VALUES %s) AS v(uid, viewer, kind, day, moment, name, note, res_model,
                                    res_id, owner, partner)
            RETURNING id""", rows,
            template='(%s, %s, %s, %s::date, %s::timestamp, %s, %s, %s, %s, %s::int, %s::int)',
            page_size=1000, fetch=True)
        rel = [(row_id[0], uid) for row_id, concerned in zip(ids, users) for uid in concerned]
        if rel:
            execute_values(cr, 'INSERT INTO crm_infinity_deadline_user_rel (deadline_id, user_id) '
                               'VALUES %s ON CONFLICT DO NOTHING', rel, page_size=1000)
        self.invalidate_cache()

    @api.model
    def _crm_tz(self):
        try:
            return pytz.timezone(self.env.context.get('tz') or self.env.user.tz or 'UTC')
        except pytz.UnknownTimeZoneError:
            return pytz.utc

    @api.model
    def _cron_refresh(self):
        """Refresh the rows of the users who have some (they opened *Scadenze*), each as
        himself; drop those of users no longer active."""
        self.env.cr.execute('SELECT DISTINCT viewer_id FROM crm_infinity_deadline')
        viewers = self.env['res.users'].browse([r[0] for r in self.env.cr.fetchall()])
        for user in viewers:
            if not user.active:
                self.env.cr.execute('DELETE FROM crm_infinity_deadline WHERE viewer_id = %s',
                                    (user.id,))
                continue
            self.sudo(user).with_context(lang=user.lang, tz=user.tz)._crm_refresh()
        return True
