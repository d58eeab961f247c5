import logging

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html_escape
from odoo.tools.safe_eval import safe_eval

from ..automation.timing import state_key, threshold
from .crm_infinity_ticket_stage import STATES

_logger = logging.getLogger(__name__)

ACTIONS = [
    ('reminder', 'Send a reminder e-mail to the customer'),
    ('mail_template', 'Send an e-mail template'),
    ('stage', 'Move to a status'),
    ('close', 'Close the ticket'),
    ('causale', 'Apply a causale'),
    ('event', 'Emit a system event'),
]


class CrmInfinityTicketAutoRule(models.Model):
    """A scheduled automatic rule (SPEC T6): tickets matching a condition that have been in a
    status for more than a delay get an action, once per stay in that status. A rule never acts
    twice on the same status of the same ticket, even with two cron workers at once: each
    action is preceded by a claim in ``crm.infinity.ticket.auto.rule.run`` (unique on rule,
    ticket and the stay's key) inserted with ``ON CONFLICT DO NOTHING``."""

    _name = 'crm.infinity.ticket.auto.rule'
    _description = 'Scheduled automatic rule on tickets'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    center_ids = fields.Many2many('crm.infinity.service.center', string='Service centers',
                                  help='Leave empty to apply the rule in every service center.')
    domain = fields.Char('Condition', required=True, default='[]',
                         help='Extra condition on the tickets, as an Odoo domain.')
    state = fields.Selection(STATES, string='Status kind',
                             help='The rule applies to tickets whose status is of this kind.')
    stage_id = fields.Many2one('crm.infinity.ticket.stage', string='Status',
                               help='The rule applies to tickets in this very status.')
    delay = fields.Integer('For more than', default=1, required=True)
    delay_unit = fields.Selection([('hours', 'Hours'), ('days', 'Days')], string='Unit',
                                  default='days', required=True)
    action = fields.Selection(ACTIONS, required=True, default='reminder')
    mail_template_id = fields.Many2one('mail.template', string='E-mail template',
                                       domain=[('model', '=', 'crm.infinity.ticket')])
    target_stage_id = fields.Many2one('crm.infinity.ticket.stage', string='New status')
    causale_id = fields.Many2one('crm.infinity.causale', string='Causale')
    event_type_id = fields.Many2one('crm.infinity.event.type', string='Event',
                                    domain=[('model_name', 'in', (False, 'crm.infinity.ticket'))])
    note = fields.Text('Message', translate=True,
                       help='Text of the reminder, or note given to the causale.')
    run_ids = fields.One2many('crm.infinity.ticket.auto.rule.run', 'rule_id', string='Runs')
    run_count = fields.Integer('Actions done', compute='_compute_run_count')

    @api.multi
    def _compute_run_count(self):
        data = self.env['crm.infinity.ticket.auto.rule.run'].read_group(
            [('rule_id', 'in', self.ids)], ['rule_id'], ['rule_id'])
        counts = {row['rule_id'][0]: row['rule_id_count'] for row in data}
        for rule in self:
            rule.run_count = counts.get(rule.id, 0)

    # -- constraints ----------------------------------------------------------------------------

    @api.constrains('domain')
    def _check_domain(self):
        for rule in self:
            try:
                domain = safe_eval(rule.domain or '[]')
                if not isinstance(domain, (list, tuple)):
                    raise ValueError(domain)
                self.env['crm.infinity.ticket'].search_count(list(domain))
            except Exception as error:
                raise ValidationError(_('The condition of the rule "%s" is not valid: %s')
                                      % (rule.name, error))

    @api.constrains('action', 'mail_template_id', 'target_stage_id', 'causale_id',
                    'event_type_id', 'delay')
    def _check_action(self):
        needs = {'mail_template': 'mail_template_id', 'stage': 'target_stage_id',
                 'causale': 'causale_id', 'event': 'event_type_id'}
        for rule in self:
            if rule.delay < 0:
                raise ValidationError(_('The delay of a rule cannot be negative.'))
            field = needs.get(rule.action)
            if field and not rule[field]:
                raise ValidationError(_('The rule "%s" needs: %s.')
                                      % (rule.name, self._fields[field].string))

    # -- actions --------------------------------------------------------------------------------

    @api.multi
    def action_run_now(self):
        """Run the rules now: only who may change them (support managers)."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        self._run()
        return True

    @api.multi
    def action_view_runs(self):
        self.ensure_one()
        return {'type': 'ir.actions.act_window', 'name': _('Actions done'),
                'res_model': 'crm.infinity.ticket.auto.rule.run', 'view_mode': 'tree,form',
                'domain': [('rule_id', '=', self.id)]}

    # -- engine ---------------------------------------------------------------------------------

    @api.model
    def _cron_run(self, commit=True):
        """Scheduled action: run every active rule, committing after each ticket acted on."""
        self.search([])._run(commit=commit)

    @api.multi
    def _ticket_domain(self, now=None):
        self.ensure_one()
        now = now or fields.Datetime.from_string(fields.Datetime.now())
        domain = list(safe_eval(self.domain or '[]'))
        domain.append(('date_last_stage_update', '<=',
                       fields.Datetime.to_string(threshold(now, self.delay, self.delay_unit))))
        if self.center_ids:
            domain.append(('center_id', 'in', self.center_ids.ids))
        if self.stage_id:
            domain.append(('stage_id', '=', self.stage_id.id))
        if self.state:
            domain.append(('state', '=', self.state))
        return domain

    @api.multi
    def _run(self, commit=False):
        """Act on the due tickets; return {rule id: tickets acted on}."""
        Ticket = self.env['crm.infinity.ticket'].sudo()
        done = {}
        for rule in self.sudo():
            domain = rule._ticket_domain()
            acted = Ticket.browse()
            for ticket in Ticket.search(domain, order='id'):
                if rule._act_once(ticket, domain):
                    acted |= ticket
                if commit:
                    self.env.cr.commit()
            done[rule.id] = acted
            if acted:
                _logger.info('Automatic rule %r acted on %d tickets', rule.name, len(acted))
        return done

    def _act_once(self, ticket, domain):
        """Lock the ticket, check it is still due, claim its current stay, act. The claim and
        the action stand or fall together (one savepoint). A ticket locked by someone else (the
        other cron worker acting on it, an operator saving it) is left to the next run."""
        cr = self.env.cr
        try:
            with cr.savepoint():
                cr.execute('SELECT stage_id, date_last_stage_update FROM crm_infinity_ticket '
                           'WHERE id = %s FOR UPDATE SKIP LOCKED', (ticket.id,))
                row = cr.fetchone()
                if not row:
                    return False
                ticket.invalidate_cache(ids=ticket.ids)
                if not ticket.search_count(domain + [('id', '=', ticket.id)]):
                    return False
                if not self._claim(ticket, state_key(*row)):
                    return False
                self._act(ticket)
                return True
        except psycopg2.extensions.TransactionRollbackError:
            # changed by a concurrent transaction since our snapshot: seen again next run
            _logger.info('Automatic rule %r: ticket %s changed meanwhile, skipped',
                         self.name, ticket.number)
        except Exception:
            _logger.exception('Automatic rule %r failed on ticket %s', self.name, ticket.number)
        self.invalidate_cache()
        ticket.invalidate_cache()
        return False

    def _claim(self, ticket, key):
        self.env.cr.execute("""
            INSERT INTO crm_infinity_ticket_auto_rule_run
                        (rule_id, ticket_id, state_key, date, create_uid, create_date,
                         write_uid, write_date)
                 VALUES (%s, %s, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC',
                         %s, now() at time zone 'UTC')
            ON CONFLICT (rule_id, ticket_id, state_key) DO NOTHING
              RETURNING id""", (self.id, ticket.id, key, self.env.uid, self.env.uid))
        return bool(self.env.cr.fetchone())

    def _act(self, ticket):
        action = self.action
        ticket = ticket.with_context(crm_infinity_automatic=True)
        if action == 'reminder':
            self._send_reminder(ticket)
        elif action == 'mail_template':
            ticket.message_post_with_template(self.mail_template_id.id)
        elif action == 'stage':
            ticket.write({'stage_id': self.target_stage_id.id})
        elif action == 'close':
            ticket.action_close()
        elif action == 'causale':
            ticket.apply_causale(self.causale_id.id, {'note': self.note or self.name})
        elif action == 'event':
            ticket._crm_emit(self.event_type_id.code, {'rule': self.name})
        ticket._primanota_log([{
            'res_id': ticket.id, 'res_name': ticket.display_name, 'event_code': 'auto_rule',
            'channel': 'system', 'note': _('Automatic rule: %s') % self.name,
        }])

    def _send_reminder(self, ticket):
        text = self.note or _('We are still waiting for your answer about this ticket. '
                              'Reply to this e-mail to continue.')
        body = '<p>%s</p>' % html_escape(text).replace('\n', '<br/>')
        subject = _('Reminder: %s') % ticket.name
        if ticket.partner_id:
            ticket.message_post(body=body, subject=subject, message_type='comment',
                                subtype='mail.mt_comment', partner_ids=ticket.partner_id.ids)
        elif ticket.partner_email:
            self.env['mail.mail'].create({
                'subject': '[%s] %s' % (ticket.number, subject), 'body_html': body,
                'email_to': ticket.partner_email, 'model': ticket._name, 'res_id': ticket.id,
                'auto_delete': False,
            })
            ticket.message_post(body=body, subject=subject, subtype='mail.mt_note',
                                message_type='comment')


class CrmInfinityTicketAutoRuleRun(models.Model):
    """An action of an automatic rule on a ticket, for one stay of the ticket in a status: the
    unique key is what makes the rules idempotent across runs and concurrent workers."""

    _name = 'crm.infinity.ticket.auto.rule.run'
    _description = 'Action of an automatic rule'
    _order = 'date desc, id desc'

    rule_id = fields.Many2one('crm.infinity.ticket.auto.rule', string='Rule', required=True,
                              ondelete='cascade', index=True, readonly=True)
    ticket_id = fields.Many2one('crm.infinity.ticket', string='Ticket', required=True,
                                ondelete='cascade', index=True, readonly=True)
    state_key = fields.Char('Status stay', required=True, readonly=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)

    _sql_constraints = [
        ('rule_ticket_state_uniq', 'unique(rule_id, ticket_id, state_key)',
         'A rule acts once on each stay of a ticket in a status.'),
    ]
