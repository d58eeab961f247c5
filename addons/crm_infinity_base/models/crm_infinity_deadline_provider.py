import datetime

from odoo import _, api, fields, models


class CrmInfinityDeadlineProvider(models.AbstractModel):
    """The one extension point of the deadlines (SPEC B8): each addon tells which deadlines its
    records generate, the *Scadenze* calendar, the reminders, the daily digest and the personal
    ``.ics`` feed read them all from here.

    An addon contributes by inheriting this model in **its own addon**
    (``<addon>/models/crm_infinity_deadline.py``) and extending both methods with ``super()``::

        class CrmInfinityDeadlineProvider(models.AbstractModel):
            _inherit = 'crm.infinity.deadline.provider'

            @api.model
            def _crm_deadline_kinds(self):
                return super()._crm_deadline_kinds() + [('commessa_end', _('Commessa end'))]

            @api.model
            def _crm_deadlines(self, date_from, date_to, kinds=None):
                result = super()._crm_deadlines(date_from, date_to, kinds=kinds)
                if self._crm_wants('commessa_end', kinds):
                    for project in self.env['project.project'].search([...]):
                        result.append({'kind': 'commessa_end', ...})
                return result

    Contract of ``_crm_deadlines(date_from, date_to, kinds=None)``:

    - ``date_from``/``date_to``: ``datetime.date`` (or ``'YYYY-MM-DD'`` strings, see
      ``_crm_date_range``), both **inclusive**; a datetime deadline is in the range when its UTC
      date is.
    - ``kinds``: ``None`` for every kind, else an iterable of kind codes to return (providers skip
      their query entirely when their kinds are not asked: ``self._crm_wants(code, kinds)``).
    - It runs **as the current user**: search with the ORM (record rules apply), never ``sudo()``
      — the calendar and the feed of a salesperson must not list what he cannot read. The
      reminder cron calls it as superuser to get every deadline.
    - Returns a list of dicts, one per deadline:

      ``kind``       code among ``_crm_deadline_kinds()``
      ``date``       ``datetime.date`` (a day) or naive UTC ``datetime.datetime`` (a moment)
      ``name``       what it is about, for a human (e.g. the deal's or the invoice's name)
      ``res_model``  model of the source record, ``res_id`` its id (the link opens it)
      ``user_ids``   ids of the users concerned (who is reminded by default)
      ``partner_id`` id of the customer (``res.partner``) or ``False``

      optional keys (the reminder settings choose recipients by role from them; when absent all
      ``user_ids`` count as ``owner``):

      ``roles``      ``{'owner': [uid...], 'manager': [uid...], 'assignee': [uid...]}``
                     owner = record owner / salesperson / responsible of the lead,
                     manager = responsabile commessa / service-center manager / sales manager,
                     assignee = assignee of the activity or ticket
      ``note``       one line of detail (amount due, SLA target...) shown in mails and the feed

    Kinds of the contract: base/sales ``contact_future`` (contatta in futuro), ``quote_expiry``,
    support ``sla_deadline``, einvoice ``payment_due``, marketing ``campaign_end``, projects
    ``commessa_end``, ``doc_delivery``, ``contract_expiry``, ``activity_end``; base also
    ``planned_activity`` (due date of Odoo's planned activities).
    """

    _name = 'crm.infinity.deadline.provider'
    _description = 'Deadline provider'

    @api.model
    def _crm_deadline_kinds(self):
        """``[(code, label)]`` of every deadline kind of the installed addons (labels translated
        in the current user's language)."""
        return [('planned_activity', _('Planned activity'))]

    @api.model
    def _crm_deadlines(self, date_from, date_to, kinds=None):
        """Every deadline between ``date_from`` and ``date_to`` (inclusive) as the current user;
        see the class docstring for the dicts returned."""
        date_from, date_to = self._crm_date_range(date_from, date_to)
        result = []
        if self._crm_wants('planned_activity', kinds):
            result += self._crm_deadlines_planned_activity(date_from, date_to)
        return result

    # -- helpers for the providers ---------------------------------------------------------------

    @api.model
    def _crm_wants(self, kind, kinds):
        return kinds is None or kind in kinds

    @api.model
    def _crm_date_range(self, date_from, date_to):
        """``(date, date)`` from dates or ``'YYYY-MM-DD'`` strings."""
        return fields.Date.from_string(date_from), fields.Date.from_string(date_to)

    @api.model
    def _crm_datetime_bounds(self, date_from, date_to):
        """UTC datetime strings ``[start of date_from, start of the day after date_to)`` to search
        a Datetime field with ``>=``/``<``."""
        date_from, date_to = self._crm_date_range(date_from, date_to)
        return (fields.Datetime.to_string(datetime.datetime.combine(date_from, datetime.time())),
                fields.Datetime.to_string(datetime.datetime.combine(
                    date_to + datetime.timedelta(days=1), datetime.time())))

    @api.model
    def _crm_deadlines_planned_activity(self, date_from, date_to):
        """Due dates of Odoo's planned activities (``mail.activity``) — the assignee is the one
        concerned; the activity rule of ``mail_activity.py`` limits them to what the user may
        see."""
        Activity = self.env['mail.activity']
        result = []
        activities = Activity.search([('date_deadline', '>=', fields.Date.to_string(date_from)),
                                      ('date_deadline', '<=', fields.Date.to_string(date_to))])
        for activity in activities:
            label = activity.summary or activity.activity_type_id.name or ''
            name = ' - '.join(part for part in (label, activity.res_name) if part)
            result.append({
                'kind': 'planned_activity',
                'date': fields.Date.from_string(activity.date_deadline),
                'name': name or _('Activity'),
                'res_model': activity.res_model,
                'res_id': activity.res_id,
                'user_ids': activity.user_id.ids,
                'partner_id': False,
                'roles': {'assignee': activity.user_id.ids},
            })
        return result
