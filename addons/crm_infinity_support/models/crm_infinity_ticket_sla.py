"""The SLA side of tickets: one ``crm.infinity.ticket.sla`` per ticket and target of the policy
that applies, and the ticket hooks that start, pause, resume and stop their clocks.

The arithmetic lives in ``..sla`` (framework-free); this file reads records, calls it and
writes the results. Warnings and breaches are fired by a cron on an indexed ``next_check``
column, marked as fired with one ``UPDATE ... RETURNING`` on rows locked ``FOR UPDATE SKIP
LOCKED``: two cron passes at once never notify twice.
"""
import datetime
import logging
import time
from collections import defaultdict

import psycopg2

from odoo import _, api, fields, models

from ..sla import FAILED, MET, PAUSED, Policy, TicketFacts, evaluate, match_policy
from ..sla.calendar import from_us, hours_to_us, to_us
from .crm_infinity_ticket import PRIORITIES
from .crm_infinity_ticket_stage import DONE_STATES

SLA_STATUSES = [('running', 'Running'), ('paused', 'Paused'), ('met', 'Met'), ('failed', 'Failed')]
OPEN_STATUSES = ('running', 'paused')
CRON_BATCH = 1000
REFRESH_BATCH = 500  # tickets matched again per transaction by the scheduled action
REFRESH_SECONDS = 120  # time a cron pass spends on pending refreshes before its checks

_logger = logging.getLogger(__name__)


def _dt(value):
    if not value or isinstance(value, datetime.datetime):
        return value or None
    return fields.Datetime.from_string(value)


def _str(value):
    return fields.Datetime.to_string(value) if value else False


class CrmInfinityTicketSla(models.Model):
    """One target of an SLA policy applied to one ticket: its clock and outcome."""

    _name = 'crm.infinity.ticket.sla'
    _description = 'Ticket SLA'
    _order = 'ticket_id, sequence, id'
    _rec_name = 'name'

    ticket_id = fields.Many2one('crm.infinity.ticket', string='Ticket', required=True,
                                index=True, ondelete='cascade', readonly=True)
    target_id = fields.Many2one('crm.infinity.sla.target', string='Target', required=True,
                                index=True, ondelete='restrict', readonly=True)
    policy_id = fields.Many2one(related='target_id.policy_id', store=True, readonly=True,
                                string='Policy')
    name = fields.Char(related='target_id.name', store=True, readonly=True, string='Target')
    kind = fields.Selection(related='target_id.kind', store=True, readonly=True)
    sequence = fields.Integer(related='target_id.sequence', store=True, readonly=True)
    # the figures of the target when the clock started: a policy edit does not rewrite history
    hours = fields.Float('Working hours', readonly=True)
    warn_percent = fields.Float('Pre-warning at (%)', readonly=True)
    # the ticket's dimensions, stored for the SLA analysis
    center_id = fields.Many2one(related='ticket_id.center_id', store=True, readonly=True,
                                string='Service center')
    user_id = fields.Many2one(related='ticket_id.user_id', store=True, readonly=True,
                              string='Operator')
    priority = fields.Selection(PRIORITIES, related='ticket_id.priority', store=True,
                                readonly=True)
    partner_id = fields.Many2one(related='ticket_id.commercial_partner_id', store=True,
                                 readonly=True, string='Customer')
    category_id = fields.Many2one(related='ticket_id.category_id', store=True, readonly=True,
                                  string='Category')
    # the clock
    status = fields.Selection(SLA_STATUSES, required=True, default='running', readonly=True,
                              index=True)
    date_start = fields.Datetime('Started', required=True, readonly=True)
    deadline = fields.Datetime(readonly=True, index=True,
                               help='Empty while the ticket waits for the customer.')
    warn_at = fields.Datetime('Pre-warning', readonly=True)
    date_reached = fields.Datetime('Reached', readonly=True)
    hours_used = fields.Float('Working hours used', readonly=True,
                              help='At the last change of the clock (pause, goal, breach).')
    warned = fields.Boolean('Pre-warning sent', readonly=True)
    breached = fields.Boolean('Breach notified', readonly=True)
    next_check = fields.Datetime('Next check', readonly=True, copy=False,
                                 help='When the scheduled action must look at this SLA again '
                                      '(pre-warning, then deadline). Indexed where set.')
    # measures of the analysis
    compliance = fields.Float('Compliance (%)', compute='_compute_outcome', store=True,
                              group_operator='avg', readonly=True)
    breach_count = fields.Integer('Breaches', compute='_compute_outcome', store=True,
                                  readonly=True)
    met_count = fields.Integer('Met', compute='_compute_outcome', store=True, readonly=True)
    at_risk = fields.Boolean('At risk', compute='_compute_at_risk', search='_search_at_risk',
                             help='Running with the pre-warning time passed.')

    _sql_constraints = [
        ('ticket_target_uniq', 'unique(ticket_id, target_id)',
         'A ticket has one SLA per target.'),
    ]

    @api.model_cr
    def init(self):
        # the cron's only query: a partial index keeps it small (closed SLAs have no next_check)
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS crm_infinity_ticket_sla_next_check_idx
                ON crm_infinity_ticket_sla (next_check) WHERE next_check IS NOT NULL""")

    @api.depends('status')
    def _compute_outcome(self):
        for sla in self:
            sla.compliance = {MET: 100.0, FAILED: 0.0}.get(sla.status, False)
            sla.breach_count = int(sla.status == FAILED)
            sla.met_count = int(sla.status == MET)

    @api.multi
    def _compute_at_risk(self):
        now = self._sla_now()
        for sla in self:
            sla.at_risk = sla.status == 'running' and bool(sla.warn_at) and sla.warn_at <= now

    def _search_at_risk(self, operator, value):
        domain = ['&', ('status', '=', 'running'), ('warn_at', '<=', self._sla_now())]
        positive = (operator == '=') == bool(value)
        return domain if positive else ['!'] + domain

    # -- the clock --------------------------------------------------------------------------------

    @api.model
    def _sla_now(self):
        """Now, for the SLA clocks (a context key lets tests and simulations move in time)."""
        now = self.env.context.get('crm_infinity_sla_now')
        if isinstance(now, datetime.datetime):
            return fields.Datetime.to_string(now)
        return now or fields.Datetime.now()

    def _reached_date(self, ticket):
        """When the ticket reached this SLA's goal, or None."""
        if self.kind == 'first_response':
            return _dt(ticket.date_first_response)
        if self.kind == 'resolution':
            if ticket.state in DONE_STATES:
                return _dt(ticket.date_closed) or _dt(self._sla_now())
            return None
        stage = self.target_id.stage_id
        if ticket.stage_id == stage or (ticket.stage_id.sequence > stage.sequence):
            return _dt(self._sla_now())
        return None

    @api.multi
    def _recompute(self):
        """Bring the open clocks up to date with their tickets: deadline and pre-warning moved
        by pauses, goal met or failed. Met and failed SLAs are never rewritten."""
        now = _dt(self._sla_now())
        pauses = self.mapped('ticket_id')._sla_pauses()
        breached = self.browse()
        for sla in self.filtered(lambda s: s.status in OPEN_STATUSES):
            ticket = sla.ticket_id
            calendar = ticket.center_id.resource_calendar_id._sla_working_calendar()
            reached = sla._reached_date(ticket)
            state = evaluate(calendar, _dt(sla.date_start), sla.hours, now, pauses[ticket.id],
                             reached=reached, warn_percent=sla.warn_percent)
            values = {'deadline': _str(state.deadline), 'warn_at': _str(state.warn_at),
                      'hours_used': state.used_hours}
            if state.status == MET:
                values.update(status='met', date_reached=_str(reached), next_check=False)
            elif state.status == FAILED:
                values.update(date_reached=_str(reached), next_check=_str(now))
                breached |= sla
            elif state.status == PAUSED:
                values.update(status='paused', next_check=False)
            else:
                values.update(status='running', next_check=_str(
                    state.deadline if sla.warned else state.warn_at))
            sla.write(values)
            if state.status == MET:
                sla._log_event('met')
        if breached:
            # fire now through the same once-only path as the cron
            breached._fire_breaches(now)
        return True

    @api.multi
    def _log_event(self, kind, note=False):
        self.env['crm.infinity.sla.event']._log([{
            'ticket_id': sla.ticket_id.id, 'ticket_sla_id': sla.id, 'name': sla.name,
            'kind': kind, 'date': self._sla_now(), 'deadline': sla.deadline, 'note': note}
            for sla in self])

    # -- pre-warnings and breaches ----------------------------------------------------------------

    @api.model
    def _cron_check_deadlines(self):
        """Scheduled action: match again the tickets whose policies changed (in batches), then
        send the pre-warnings and breaches that are due, once each."""
        self.env['crm.infinity.ticket']._sla_refresh_pending()
        now = _dt(self._sla_now())
        while True:
            breached = self._fire_breaches(now, limit=CRON_BATCH)
            warned = self._fire_warnings(now, limit=CRON_BATCH)
            if len(breached) < CRON_BATCH and len(warned) < CRON_BATCH:
                break
        return True

    def _due_query(self, condition, limit):
        """Rows due at ``%(now)s`` satisfying ``condition``, locked without waiting (those
        another cron pass holds are its own), restricted to ``self`` when not empty."""
        query = """
            SELECT id FROM crm_infinity_ticket_sla
             WHERE next_check <= %%(now)s AND status = 'running' AND %s%s
             ORDER BY next_check
             LIMIT %%(limit)s
               FOR UPDATE SKIP LOCKED""" % (condition, ' AND id IN %(ids)s' if self else '')
        return query

    @api.multi
    def _fire_breaches(self, now, limit=None):
        """Mark the due breaches as failed and notified, in one statement, and notify them."""
        params = {'now': now, 'limit': limit or len(self) or CRON_BATCH, 'ids': tuple(self.ids)}
        self.env.cr.execute("""
            UPDATE crm_infinity_ticket_sla
               SET status = 'failed', breached = true, warned = true, next_check = NULL,
                   hours_used = GREATEST(hours_used, hours), write_date = (now() at time zone 'UTC'),
                   write_uid = %%(uid)s
             WHERE id IN (%s) AND breached IS NOT TRUE
         RETURNING id""" % self._due_query('deadline < %(now)s AND breached IS NOT TRUE', limit),
            dict(params, uid=self.env.uid))
        slas = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        if slas:
            slas._after_sql_update(['status', 'breached', 'warned', 'next_check', 'hours_used'])
            slas._log_event('breach')
            slas._notify('support_sla_breach')
        return slas

    @api.model
    def _fire_warnings(self, now, limit=CRON_BATCH):
        self.env.cr.execute("""
            UPDATE crm_infinity_ticket_sla
               SET warned = true, next_check = deadline
             WHERE id IN (%s) AND warned IS NOT TRUE
         RETURNING id""" % self._due_query('warn_at <= %(now)s AND warned IS NOT TRUE', limit),
            {'now': now, 'limit': limit})
        slas = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        if slas:
            slas._after_sql_update(['warned', 'next_check'])
            slas._log_event('warn')
            slas._notify('support_sla_warning')
        return slas

    def _after_sql_update(self, fnames):
        self.invalidate_cache(fnames, self.ids)
        self.modified(fnames)
        self.recompute()

    def _notify(self, code):
        """System event on the ticket, so that notification rules (assignee, center manager...)
        deliver it; the ticket's center may switch notifications off."""
        for sla in self:
            ticket = sla.ticket_id
            if not ticket.center_id.notify_enabled:
                continue
            ticket._crm_emit(code, {
                'sla': sla.name, 'kind': sla.kind, 'deadline': sla.deadline,
                'warn_at': sla.warn_at, 'hours': sla.hours})


class CrmInfinityTicket(models.Model):
    """Tickets start, pause, resume and stop their SLA clocks."""

    _inherit = 'crm.infinity.ticket'

    sla_policy_id = fields.Many2one('crm.infinity.sla.policy', string='SLA policy',
                                    readonly=True, copy=False, index=True)
    sla_ids = fields.One2many('crm.infinity.ticket.sla', 'ticket_id', string='SLA')
    sla_event_ids = fields.One2many('crm.infinity.sla.event', 'ticket_id', string='SLA events')
    sla_date_start = fields.Datetime(
        'SLA start', readonly=True, copy=False,
        default=lambda self: self.env['crm.infinity.ticket.sla']._sla_now(),
        help='When the SLA clocks of the ticket started (its opening).')
    sla_refresh = fields.Boolean('SLA to update', readonly=True, copy=False,
                                 help='Waiting for the scheduled action to match its SLA policy '
                                      'again (after a policy changed).')
    sla_deadline = fields.Datetime('SLA deadline', compute='_compute_sla_summary', store=True,
                                   help='The nearest deadline of the running SLA targets.')
    sla_failed = fields.Boolean('SLA failed', compute='_compute_sla_summary', store=True)

    @api.depends('sla_ids.status', 'sla_ids.deadline')
    def _compute_sla_summary(self):
        for ticket in self:
            running = [s.deadline for s in ticket.sla_ids if s.status == 'running' and s.deadline]
            ticket.sla_deadline = min(running) if running else False
            ticket.sla_failed = any(s.status == 'failed' for s in ticket.sla_ids)

    @api.model_cr
    def init(self):
        super().init()
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS crm_infinity_ticket_sla_refresh_idx
                ON crm_infinity_ticket (id) WHERE sla_refresh""")

    @api.model
    def create(self, vals):
        ticket = super().create(vals)
        ticket._sla_start()
        return ticket

    @api.multi
    def write(self, vals):
        """Re-match the policy when what it depends on changes; pause the clocks while the
        ticket waits for the customer; stop them when their goal is reached."""
        before = {t.id: t.state for t in self} if 'stage_id' in vals else {}
        res = super().write(vals)
        if before or vals.keys() & self._sla_match_fields() or vals.keys() & {
                'date_first_response', 'date_closed'}:
            self._sla_after_write(vals, before)
        return res

    @api.model
    def _sla_match_fields(self):
        return {'center_id', 'priority', 'category_id', 'partner_id', 'product_id'}

    def _sla_start(self):
        now = self.env['crm.infinity.ticket.sla']._sla_now()
        if self.state == 'waiting':
            self._sla_log_pause('pause', now)
        self._sla_apply()

    def _sla_after_write(self, vals, before):
        now = self.env['crm.infinity.ticket.sla']._sla_now()
        for ticket in self:
            was = before.get(ticket.id)
            if was is not None and (was == 'waiting') != (ticket.state == 'waiting'):
                ticket._sla_log_pause('pause' if ticket.state == 'waiting' else 'resume', now)
        if vals.keys() & self._sla_match_fields():
            self._sla_apply()
        else:
            # the engine writes the clocks: operators only read them
            self.sudo().mapped('sla_ids')._recompute()

    def _sla_log_pause(self, kind, now):
        self.env['crm.infinity.sla.event']._log([{
            'ticket_id': ticket.id, 'kind': kind, 'date': now,
            'name': ticket.sla_policy_id.name or False} for ticket in self])

    @api.multi
    def _sla_pauses(self):
        """``{ticket id: [(start, end or None)]}`` from the pause and resume events."""
        pauses = defaultdict(list)
        if not self.ids:
            return pauses
        self.env.cr.execute("""
            SELECT ticket_id, kind, date FROM crm_infinity_sla_event
             WHERE ticket_id IN %s AND kind IN ('pause', 'resume') ORDER BY ticket_id, date, id""",
                            (tuple(self.ids),))
        for ticket_id, kind, date in self.env.cr.fetchall():
            date, ranges = _dt(date), pauses[ticket_id]
            if kind == 'pause' and not (ranges and ranges[-1][1] is None):
                ranges.append((date, None))
            elif kind == 'resume' and ranges and ranges[-1][1] is None:
                ranges[-1] = (ranges[-1][0], date)
        return pauses

    @api.multi
    def _sla_match(self):
        """``{ticket id: policy}`` of the policy that applies to each ticket (or an empty one)."""
        PolicyModel = self.env['crm.infinity.sla.policy'].sudo()
        policies = PolicyModel.search([('center_id', 'in', self.mapped('center_id').ids)])
        facts = [Policy(p.id, p.sequence, p.center_id.id,
                        frozenset([p.priority]) if p.priority else frozenset(),
                        tuple(p.category_ids.ids), tuple(p.partner_ids.ids), tuple(p.product_ids.ids))
                 for p in policies]
        result = {}
        for ticket in self:
            path, category = [], ticket.category_id
            while category and category.id not in path:
                path.append(category.id)
                category = category.parent_id
            policy_id = match_policy(facts, TicketFacts(
                ticket.center_id.id, ticket.priority, tuple(path),
                ticket.commercial_partner_id.id, ticket.product_id.id))
            result[ticket.id] = PolicyModel.browse(policy_id)
        return result

    @api.multi
    def _sla_apply(self, refresh=False):
        """Match each ticket's policy and bring its SLAs in line: the open SLAs of targets that
        no longer apply go, new targets start (from the ticket's opening), met and failed SLAs
        stay as they are. ``refresh`` also copies edited budgets into the open SLAs."""
        TicketSla = self.env['crm.infinity.ticket.sla'].sudo()
        policies = self._sla_match()
        todo = TicketSla.browse()
        for ticket in self:
            policy = policies[ticket.id]
            targets = policy.target_ids
            existing = {sla.target_id: sla for sla in ticket.sudo().sla_ids}
            obsolete = TicketSla.browse([sla.id for target, sla in existing.items()
                                         if target not in targets and sla.status in OPEN_STATUSES])
            obsolete.unlink()
            existing = {target: sla for target, sla in existing.items() if sla not in obsolete}
            if ticket.sla_policy_id != policy:
                super(CrmInfinityTicket, ticket.sudo()).write({'sla_policy_id': policy.id})
            created = TicketSla.browse()
            for target in targets.filtered(lambda t: t not in existing):
                created |= TicketSla.create({
                    'ticket_id': ticket.id, 'target_id': target.id, 'hours': target.hours,
                    'warn_percent': target.warn_percent,
                    'date_start': ticket.sla_date_start or ticket.create_date})
            if refresh:
                for target, sla in existing.items():
                    if target in targets and sla.status in OPEN_STATUSES and (
                            sla.hours, sla.warn_percent) != (target.hours, target.warn_percent):
                        sla.write({'hours': target.hours, 'warn_percent': target.warn_percent})
                        todo |= sla
            if created:
                created._log_event('start')
            todo |= created
            if not refresh:
                todo |= TicketSla.browse([s.id for s in existing.values() if s.target_id in targets])
        todo._recompute()
        return True

    @api.multi
    def _sla_refresh_later(self):
        """Leave the matching of many tickets to the scheduled action, in batches."""
        for ids in self.env.cr.split_for_in_conditions(self.ids):
            self.env.cr.execute('UPDATE crm_infinity_ticket SET sla_refresh = true WHERE id IN %s',
                                (ids,))
        self.invalidate_cache(['sla_refresh'], self.ids)
        cron = self.env.ref('crm_infinity_support.ir_cron_sla_check_deadlines', False)
        if cron:
            # run it soon; if it is running now it will pick them up anyway: never wait for it
            try:
                with self.env.cr.savepoint():
                    self.env.cr.execute("""
                        SELECT id FROM ir_cron WHERE id = %s FOR UPDATE NOWAIT""", (cron.id,))
                    self.env.cr.execute("""
                        UPDATE ir_cron SET nextcall = (now() at time zone 'UTC') WHERE id = %s""",
                                        (cron.id,))
            except psycopg2.OperationalError:
                pass

    @api.model
    def _sla_refresh_pending(self):
        """Match again the tickets waiting for it, ``REFRESH_BATCH`` at a time, for at most
        ``REFRESH_SECONDS``. With ``crm_infinity_sla_commit`` in the context (the scheduled
        action) each batch is committed, so that progress survives and shows."""
        commit = self.env.context.get('crm_infinity_sla_commit')
        started = time.time()
        done = 0
        while time.time() - started < REFRESH_SECONDS:
            self.env.cr.execute("""
                SELECT id FROM crm_infinity_ticket WHERE sla_refresh
                 ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED""", (REFRESH_BATCH,))
            ids = [row[0] for row in self.env.cr.fetchall()]
            if not ids:
                break
            tickets = self.browse(ids)
            tickets._sla_apply(refresh=True)
            self.env.cr.execute('UPDATE crm_infinity_ticket SET sla_refresh = false WHERE id IN %s',
                                (tuple(ids),))
            tickets.invalidate_cache(['sla_refresh'], ids)
            done += len(ids)
            if commit:
                self.env.cr.commit()
            self.env.cr.execute('SELECT count(*) FROM crm_infinity_ticket WHERE sla_refresh')
            _logger.info('SLA policies applied again to %d tickets, %d to go', done,
                         self.env.cr.fetchone()[0])
        return done

    # -- batch arithmetic (recomputations of many tickets, benchmark) --------------------------

    @api.model
    def _sla_deadlines_batch(self, calendar, starts, hours, warn_percents):
        """Deadlines and pre-warning moments of many clocks without pauses on one calendar
        (a ``..sla.WorkingCalendar``): two lists of naive UTC datetimes."""
        deadlines, warns = calendar.add_many_us(
            [to_us(s) for s in starts], [hours_to_us(h) for h in hours],
            [hours_to_us(h * p / 100.0) for h, p in zip(hours, warn_percents)])
        return [from_us(d) for d in deadlines], [from_us(w) for w in warns]
