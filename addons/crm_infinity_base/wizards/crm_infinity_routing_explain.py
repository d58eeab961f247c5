from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CrmInfinityRoutingExplain(models.TransientModel):
    """Which routing rule fires for a record, and why each rule matches or not (SPEC S3, T5)."""

    _name = 'crm.infinity.routing.explain'
    _description = 'Explain the routing of a record'

    model_name = fields.Char()
    record_ref = fields.Reference('_selection_record_ref', string='Record')
    line_ids = fields.One2many('crm.infinity.routing.explain.line', 'wizard_id', string='Rules',
                               readonly=True)
    summary = fields.Char(readonly=True)

    @api.model
    def _selection_record_ref(self):
        return self.env['crm.infinity.routing.rule']._selection_model_name()

    @api.onchange('record_ref')
    def _onchange_record_ref(self):
        self.line_ids = [(5, 0, 0)]
        self.summary = False

    @api.multi
    def action_explain(self):
        self.ensure_one()
        record = self.record_ref
        if not record or not record.exists():
            raise UserError(_('Choose the record to explain.'))
        record.check_access_rights('read')
        record.check_access_rule('read')
        results = self.env['crm.infinity.routing.rule']._explain(record)
        fired = [r['rule_id'] for r in results if r['fired']]
        names = dict(self.env['crm.infinity.routing.rule'].browse(fired).name_get())
        self.write({
            'model_name': record._name,
            'line_ids': [(5, 0, 0)] + [(0, 0, dict(r, sequence=i)) for i, r in enumerate(results)],
            'summary': (_('Rules that fire: %s') % ', '.join(names[f] for f in fired)) if fired
            else _('No rule fires for %s.') % record.display_name,
        })
        return self._reopen()

    @api.multi
    def _reopen(self):
        return {
            'type': 'ir.actions.act_window', 'name': _('Explain the routing'),
            'res_model': self._name, 'res_id': self.id, 'view_mode': 'form', 'target': 'new',
        }


class CrmInfinityRoutingExplainLine(models.TransientModel):
    _name = 'crm.infinity.routing.explain.line'
    _description = 'Routing rule explained'
    _order = 'sequence'

    wizard_id = fields.Many2one('crm.infinity.routing.explain', required=True, ondelete='cascade')
    sequence = fields.Integer()
    rule_id = fields.Many2one('crm.infinity.routing.rule', string='Rule', readonly=True)
    matched = fields.Boolean(readonly=True)
    fired = fields.Boolean('Applies', readonly=True)
    explanation = fields.Text('Why', readonly=True)
