import json

from odoo import api, fields, models


class CrmInfinityEventType(models.Model):
    """A kind of system event (SPEC B6) that addons emit and notification rules listen to."""

    _name = 'crm.infinity.event.type'
    _description = 'System event type'
    _order = 'model_name, name'

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, index=True)
    model_name = fields.Char('Model', required=True,
                             help='Technical name of the model whose records emit this event.')
    model_description = fields.Char('Document type', compute='_compute_model_description')
    description = fields.Text(translate=True)
    log_events = fields.Boolean('Record occurrences', default=True,
                                help='Keep a line per occurrence in the system event log.')
    rule_ids = fields.One2many('crm.infinity.notification.rule', 'event_type_id',
                               string='Notification rules')

    _sql_constraints = [('code_uniq', 'unique(code)', 'The event code must be unique.')]

    @api.depends('model_name')
    def _compute_model_description(self):
        names = self.env['ir.model']._crm_names(self.mapped('model_name'))
        for event_type in self:
            event_type.model_description = names.get(event_type.model_name)


class CrmInfinityEvent(models.Model):
    """One occurrence of a system event: what happened, to which record, by whom."""

    _name = 'crm.infinity.event'
    _description = 'System event'
    _order = 'date desc, id desc'
    _log_access = True

    event_type_id = fields.Many2one('crm.infinity.event.type', required=True, index=True,
                                    ondelete='cascade')
    code = fields.Char(related='event_type_id.code', store=True, index=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True, index=True)
    user_id = fields.Many2one('res.users', default=lambda self: self.env.uid, index=True)
    res_model = fields.Char('Model', index=True)
    model_description = fields.Char('Document type', compute='_compute_model_description')
    res_id = fields.Integer('Record ID', index=True)
    res_name = fields.Char('Record')
    payload = fields.Text(help='Event details (JSON).')

    @api.depends('res_model')
    def _compute_model_description(self):
        names = self.env['ir.model']._crm_names(self.mapped('res_model'))
        for event in self:
            event.model_description = names.get(event.res_model)

    @api.model
    def _emit(self, code, records, values=None):
        """Record that ``code`` happened to ``records`` and run the notification rules that
        listen to it. Unknown codes are ignored, so addons may emit before rules exist."""
        event_type = self.env['crm.infinity.event.type'].sudo().search([('code', '=', code)], limit=1)
        if not event_type or not records:
            return self.browse()
        events = self.browse()
        if event_type.log_events:
            payload = json.dumps(values or {}, default=str, ensure_ascii=False)
            for record in records:
                events |= self.sudo().create({
                    'event_type_id': event_type.id, 'res_model': record._name,
                    'res_id': record.id, 'res_name': record.display_name, 'payload': payload})
        event_type.rule_ids.filtered('active')._run(records, values or {})
        return events

    @api.multi
    def action_open_record(self):
        self.ensure_one()
        return {'type': 'ir.actions.act_window', 'res_model': self.res_model,
                'res_id': self.res_id, 'view_mode': 'form'}
