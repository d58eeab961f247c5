import json

from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

TRIGGERS = [
    ('create', 'Creation'),
    ('manual', 'On demand'),
]
STATES = [
    ('done', 'Applied'),
    ('error', 'Failed'),
]
COLUMNS = ['date', 'res_model', 'res_id', 'res_name', 'rule_id', 'user_id', 'author_id', 'trigger',
           'state', 'error', 'explanation']


class CrmInfinityRoutingLog(models.Model):
    """One application of a routing rule to a record: who got it and why. Written by the engine
    only (in one statement per batch), never edited."""

    _name = 'crm.infinity.routing.log'
    _description = 'Routing log'
    _order = 'date desc, id desc'
    _rec_name = 'res_name'

    date = fields.Datetime(required=True, readonly=True, index=True)
    res_model = fields.Char('Model', required=True, readonly=True, index=True)
    model_description = fields.Char('Document type', compute='_compute_model_description')
    res_id = fields.Integer('Record ID', required=True, readonly=True, index=True)
    res_name = fields.Char('Record', readonly=True)
    rule_id = fields.Many2one('crm.infinity.routing.rule', string='Rule', readonly=True,
                              index=True, ondelete='set null')
    user_id = fields.Many2one('res.users', string='Assigned to', readonly=True, index=True)
    author_id = fields.Many2one('res.users', string='Routed by', readonly=True)
    trigger = fields.Selection(TRIGGERS, readonly=True)
    state = fields.Selection(STATES, readonly=True, default='done')
    error = fields.Text(readonly=True)
    explanation = fields.Text('Explanation (JSON)', readonly=True)
    explanation_text = fields.Text('Why', compute='_compute_explanation_text')

    @api.depends('res_model')
    def _compute_model_description(self):
        names = self.env['ir.model']._crm_names(self.mapped('res_model'))
        for log in self:
            log.model_description = names.get(log.res_model)

    @api.depends('explanation')
    def _compute_explanation_text(self):
        reasons = [json.loads(log.explanation or '[]') for log in self]
        texts = self.env['crm.infinity.routing.rule']._render(reasons)
        for log, text in zip(self, texts):
            log.explanation_text = text

    @api.model
    def create(self, vals):
        """Refused to everybody: lines are written by the routing engine only (``_log``), with
        the real date. Over RPC a caller would choose the record, the assignee and the reasons."""
        raise AccessError(_('Routing log lines are written by CRM Infinity only: '
                            'they cannot be created by hand.'))

    @api.multi
    def write(self, vals):
        raise UserError(_('Routing log lines cannot be modified.'))

    @api.model
    def _log(self, entries):
        """Insert log lines in one statement; ``explanation`` is a list of engine reasons."""
        if not entries:
            return self.browse()
        now = fields.Datetime.now()
        rows = []
        for entry in entries:
            entry = dict(entry, date=now)
            explanation = entry.get('explanation')
            if explanation is not None and not isinstance(explanation, str):
                entry['explanation'] = json.dumps([list(r) for r in explanation], default=str,
                                                  ensure_ascii=False)
            rows.append(tuple(entry.get(c) or None for c in COLUMNS) + (self.env.uid, now) * 2)
        columns = COLUMNS + ['create_uid', 'create_date', 'write_uid', 'write_date']
        ids = execute_values(self.env.cr, 'INSERT INTO crm_infinity_routing_log (%s) VALUES %%s '
                                          'RETURNING id' % ', '.join(columns), rows, fetch=True)
        return self.browse([row[0] for row in ids])

    @api.multi
    def action_open_record(self):
        self.ensure_one()
        return {'type': 'ir.actions.act_window', 'res_model': self.res_model,
                'res_id': self.res_id, 'view_mode': 'form'}
