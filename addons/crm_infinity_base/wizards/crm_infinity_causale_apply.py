from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.crm_infinity_primanota import CHANNELS


class CrmInfinityCausaleApplyWizard(models.TransientModel):
    """Apply a causale to one or more records, asking for the inputs it requires."""

    _name = 'crm.infinity.causale.apply.wizard'
    _description = 'Apply a causale'

    res_model = fields.Char(required=True)
    res_ids = fields.Char(required=True, help='Comma-separated ids of the records.')
    record_count = fields.Integer(compute='_compute_record_count')
    causale_id = fields.Many2one('crm.infinity.causale', string='Causale', required=True)
    kind = fields.Selection(related='causale_id.kind', readonly=True)
    causale_description = fields.Text(related='causale_id.description', readonly=True)
    note_required = fields.Boolean(related='causale_id.note_required', readonly=True)
    date_required = fields.Boolean(related='causale_id.date_required', readonly=True)
    user_required = fields.Boolean(related='causale_id.user_required', readonly=True)
    channel = fields.Selection(CHANNELS)
    note = fields.Text()
    date = fields.Datetime()
    user_id = fields.Many2one('res.users', string='User')

    @api.depends('res_ids')
    def _compute_record_count(self):
        for wizard in self:
            wizard.record_count = len(wizard._record_ids())

    def _record_ids(self):
        return [int(x) for x in (self.res_ids or '').split(',') if x.strip().isdigit()]

    @api.onchange('causale_id')
    def _onchange_causale_id(self):
        self.channel = self.causale_id.channel

    @api.onchange('res_model')
    def _onchange_res_model(self):
        return {'domain': {'causale_id': [('model_ids.model', '=', self.res_model)]}}

    @api.multi
    def action_apply(self):
        self.ensure_one()
        records = self.env[self.res_model].browse(self._record_ids()).exists()
        if not records:
            raise UserError(_('The records no longer exist.'))
        records.apply_causale(self.causale_id.id, {
            'note': self.note, 'date': self.date, 'user_id': self.user_id.id,
            'channel': self.channel})
        return {'type': 'ir.actions.act_window_close'}
