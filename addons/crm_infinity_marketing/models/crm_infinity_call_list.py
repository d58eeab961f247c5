from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_infinity_base.models.crm_infinity_communication import OUTCOMES

CALL_STATES = [('todo', 'To call'), ('in_progress', 'In progress'), ('callback', 'Call back'),
               ('done', 'Done'), ('failed', 'Not reachable')]
# outcomes after which the nominativo is called again, and after which it is not
RETRY_OUTCOMES = {'no_answer', 'busy', 'voicemail', 'callback'}


class CrmInfinityCallList(models.Model):
    """The phone channel of a campaign (SPEC M5, M8): the nominativi to call, the guiding script
    (a questionnaire of Odoo's survey) and, per call, the outcome logged as a communication and
    the answers stored per nominativo and campaign."""

    _name = 'crm.infinity.call.list'
    _description = 'Call list'
    _inherit = ['mail.thread']
    _order = 'id desc'

    name = fields.Char(required=True, track_visibility='onchange')
    campaign_id = fields.Many2one('utm.campaign', string='Campaign', index=True,
                                  track_visibility='onchange')
    survey_id = fields.Many2one('survey.survey', string='Script (questionnaire)',
                                help='The questions the operator asks, in order; the answers '
                                     'are kept per nominativo and campaign.')
    script = fields.Html('Guiding script', help='What the operator says: opening, key points, '
                                                'objections and closing.')
    user_ids = fields.Many2many('res.users', 'crm_infinity_call_list_user_rel', 'list_id',
                                'user_id', string='Operators')
    max_attempts = fields.Integer('Attempts per nominativo', default=3)
    line_ids = fields.One2many('crm.infinity.call.list.line', 'call_list_id', string='Calls')
    count_total = fields.Integer('Nominativi', compute='_compute_counts')
    count_todo = fields.Integer('To call', compute='_compute_counts')
    count_done = fields.Integer('Done', compute='_compute_counts')
    active = fields.Boolean(default=True)

    def _compute_counts(self):
        data = self.env['crm.infinity.call.list.line'].read_group(
            [('call_list_id', 'in', self.ids)], ['call_list_id', 'state'],
            ['call_list_id', 'state'], lazy=False)
        counts = {}
        for row in data:
            counts.setdefault(row['call_list_id'][0], {})[row['state']] = row['__count']
        for call_list in self:
            by_state = counts.get(call_list.id, {})
            call_list.count_total = sum(by_state.values())
            call_list.count_todo = by_state.get('todo', 0) + by_state.get('callback', 0)
            call_list.count_done = by_state.get('done', 0) + by_state.get('failed', 0)

    @api.multi
    def _crm_add_nominativi(self, nominativi):
        """Add the nominativi not yet in the list; returns the new lines."""
        self.ensure_one()
        present = set(self.line_ids.mapped('nominativo_id').ids)
        values = [{'call_list_id': self.id, 'nominativo_id': n.id} for n in nominativi
                  if n.id not in present]
        Line = self.env['crm.infinity.call.list.line']
        return Line.browse([Line.create(v).id for v in values])

    @api.multi
    def action_next_call(self):
        """Give the operator the next nominativo to call, locked for him: two operators never
        get the same one (FOR UPDATE SKIP LOCKED), then open its call card."""
        self.ensure_one()
        self.check_access_rule('read')
        line = self._crm_take_next()
        if not line:
            raise UserError(_('No nominativo left to call in "%s".') % self.name)
        return line._crm_open()

    def _crm_take_next(self):
        Line = self.env['crm.infinity.call.list.line']
        mine = Line.search([('call_list_id', '=', self.id), ('state', '=', 'in_progress'),
                            ('user_id', '=', self.env.uid)], limit=1)
        if mine:
            return mine
        visible = Line.search([('call_list_id', '=', self.id),
                               ('state', 'in', ('todo', 'callback')),
                               '|', ('callback_date', '=', False),
                               ('callback_date', '<=', fields.Datetime.now())])
        if not visible:
            return Line
        self.env.cr.execute("""
            SELECT id FROM crm_infinity_call_list_line
             WHERE id = ANY(%s) AND state IN ('todo', 'callback')
             ORDER BY state = 'callback' DESC, COALESCE(attempts, 0), callback_date, sequence, id
             LIMIT 1 FOR UPDATE SKIP LOCKED""", (visible.ids,))
        row = self.env.cr.fetchone()
        if not row:
            return Line
        line = Line.browse(row[0])
        line.write({'state': 'in_progress', 'user_id': self.env.uid})
        return line


class CrmInfinityCallListLine(models.Model):
    """One nominativo of a call list: its state, attempts, outcome and answers."""

    _name = 'crm.infinity.call.list.line'
    _description = 'Call'
    _order = 'sequence, id'
    _rec_name = 'nominativo_id'

    call_list_id = fields.Many2one('crm.infinity.call.list', string='Call list', required=True,
                                   index=True, ondelete='cascade')
    campaign_id = fields.Many2one(related='call_list_id.campaign_id', store=True, readonly=True)
    sequence = fields.Integer(default=10)
    nominativo_id = fields.Many2one('crm.infinity.nominativo', string='Nominativo',
                                    required=True, index=True, ondelete='cascade')
    phone = fields.Char(related='nominativo_id.phone', readonly=True)
    mobile = fields.Char(related='nominativo_id.mobile', readonly=True)
    company_name = fields.Char(related='nominativo_id.company_name', readonly=True)
    city = fields.Char(related='nominativo_id.city', readonly=True)
    script = fields.Html(related='call_list_id.script', readonly=True)
    survey_id = fields.Many2one(related='call_list_id.survey_id', readonly=True)
    state = fields.Selection(CALL_STATES, required=True, default='todo', index=True)
    user_id = fields.Many2one('res.users', string='Operator', index=True)
    attempts = fields.Integer(readonly=True, default=0)
    outcome = fields.Selection(OUTCOMES)
    callback_date = fields.Datetime('Call back on')
    note = fields.Text()
    duration = fields.Float('Duration (minutes)')
    date = fields.Datetime('Last call', readonly=True)
    survey_input_id = fields.Many2one('survey.user_input', string='Answers', readonly=True)
    communication_ids = fields.One2many('crm.infinity.communication', 'crm_call_line_id',
                                        string='Calls logged', readonly=True)

    _sql_constraints = [
        ('nominativo_once', 'UNIQUE(call_list_id, nominativo_id)',
         'A nominativo is in a call list once.'),
    ]

    def _crm_open(self):
        return {'type': 'ir.actions.act_window', 'res_model': self._name, 'res_id': self.id,
                'view_mode': 'form', 'target': 'current', 'name': _('Call'),
                'views': [(self.env.ref('crm_infinity_marketing.'
                                        'crm_infinity_call_list_line_view_form').id, 'form')]}

    @api.multi
    def action_start_survey(self):
        """Open the script's questionnaire for this nominativo: the answers are stored in a
        ``survey.user_input`` linked to the nominativo and the campaign."""
        self.ensure_one()
        self.check_access_rights('write')
        self.check_access_rule('write')
        user_input = self._crm_survey_input()
        return {'type': 'ir.actions.act_url', 'target': 'new',
                'url': '/survey/fill/%s/%s' % (self.survey_id.id, user_input.token)}

    def _crm_survey_input(self):
        if not self.survey_id:
            raise UserError(_('The call list "%s" has no questionnaire.') % self.call_list_id.name)
        if not self.survey_input_id:
            nominativo = self.nominativo_id
            self.survey_input_id = self.env['survey.user_input'].sudo().create({
                'survey_id': self.survey_id.id, 'type': 'manually',
                'email': nominativo.email, 'partner_id': nominativo.partner_id.id,
                'crm_nominativo_id': nominativo.id,
                'crm_campaign_id': self.campaign_id.id})
        return self.survey_input_id

    @api.multi
    def action_log_call(self):
        """Record the outcome: a communication of the nominativo (kind phone), the state of the
        call (done, call back, not reachable after the attempts), then the next call."""
        self.ensure_one()
        self.check_access_rights('write')
        self.check_access_rule('write')
        self.nominativo_id.check_access_rule('read')
        if not self.outcome:
            raise UserError(_('Choose the outcome of the call.'))
        if self.outcome == 'callback' and not self.callback_date:
            raise UserError(_('Give the date to call back.'))
        self._crm_log_call()
        following = self.call_list_id._crm_take_next()
        return following._crm_open() if following else {
            'type': 'ir.actions.act_window', 'res_model': 'crm.infinity.call.list',
            'res_id': self.call_list_id.id, 'view_mode': 'form', 'target': 'current'}

    def _crm_log_call(self):
        nominativo = self.nominativo_id
        attempts = self.attempts + 1
        if self.outcome in RETRY_OUTCOMES:
            state = 'failed' if attempts >= self.call_list_id.max_attempts and \
                self.outcome != 'callback' else ('callback' if self.outcome == 'callback'
                                                 else 'todo')
        else:
            state = 'done'
        outcome_label = dict(OUTCOMES)[self.outcome]
        self.env['crm.infinity.communication'].create({
            'partner_id': nominativo.partner_id.id or False,
            'crm_nominativo_id': nominativo.id, 'crm_call_line_id': self.id,
            'kind': 'phone', 'direction': 'out', 'user_id': self.env.uid,
            'subject': _('Call: %s') % (self.call_list_id.campaign_id.name
                                        or self.call_list_id.name),
            'note': self.note, 'phone': nominativo.phone or nominativo.mobile,
            'duration': self.duration, 'outcome': self.outcome,
            'res_model': nominativo._name, 'res_id': nominativo.id})
        self.write({'state': state, 'attempts': attempts, 'date': fields.Datetime.now(),
                    'user_id': self.env.uid if state != 'todo' else False})
        nominativo.message_post(body=_('Call of the list %(list)s: %(outcome)s. %(note)s') % {
            'list': self.call_list_id.name, 'outcome': outcome_label, 'note': self.note or ''},
            subtype='mail.mt_note')
