from odoo import _, api, fields, models
from odoo.exceptions import UserError

NOMINATIVO = 'crm.infinity.nominativo'


class CrmInfinityCallListAdd(models.TransientModel):
    """Put nominativi in a call list: those selected in the list of nominativi, or those of a
    mailing list (its nominativi recipients, evaluated now)."""

    _name = 'crm.infinity.call.list.add'
    _description = 'Add nominativi to a call list'

    call_list_id = fields.Many2one('crm.infinity.call.list', string='Call list', required=True)
    nominativo_ids = fields.Many2many(NOMINATIVO, string='Nominativi')
    mailing_list_id = fields.Many2one('mail.mass_mailing.list', string='From the list')

    @api.model
    def default_get(self, field_names):
        values = super().default_get(field_names)
        if self.env.context.get('active_model') == NOMINATIVO:
            values['nominativo_ids'] = [(6, 0, self.env.context.get('active_ids') or [])]
        return values

    @api.multi
    def action_add(self):
        self.ensure_one()
        call_list = self.call_list_id
        call_list.check_access_rights('write')
        call_list.check_access_rule('write')
        nominativi = self.nominativo_ids
        if self.mailing_list_id:
            nominativi |= self._crm_list_nominativi(self.mailing_list_id)
        if not nominativi:
            raise UserError(_('Choose the nominativi to call.'))
        nominativi.check_access_rule('read')
        call_list._crm_add_nominativi(nominativi)
        return {'type': 'ir.actions.act_window', 'res_model': call_list._name,
                'res_id': call_list.id, 'view_mode': 'form', 'target': 'current'}

    def _crm_list_nominativi(self, mailing_list):
        if not hasattr(mailing_list, '_crm_recipients'):
            raise UserError(_('This list cannot give its nominativi yet.'))
        ids = [r['res_id'] for r in mailing_list._crm_recipients()
               if r.get('res_model') == NOMINATIVO]
        return self.env[NOMINATIVO].browse(ids)
