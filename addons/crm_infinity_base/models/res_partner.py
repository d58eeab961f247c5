from odoo import api, fields, models

from ..engines.phone import to_e164


class ResPartner(models.Model):
    """Companies and persons take part in causali and primanota; their phones are kept in E.164
    too, for the caller lookup (SPEC B12)."""

    _name = 'res.partner'
    _inherit = ['res.partner', 'crm.infinity.causale.mixin']

    _primanota_tracked_fields = ['user_id', 'customer', 'supplier', 'parent_id']
    _crm_partner_field = 'commercial_partner_id'

    crm_blocked = fields.Boolean('Blocked customer', track_visibility='onchange',
                                 help='Administrative block (e.g. unpaid invoices): notification '
                                      'rules can warn whoever works for this customer.')
    phone_e164 = fields.Char('Phone (E.164)', compute='_compute_e164', store=True, index=True)
    mobile_e164 = fields.Char('Mobile (E.164)', compute='_compute_e164', store=True, index=True)
    crm_communication_ids = fields.One2many('crm.infinity.communication', 'partner_id',
                                            string='Communications')
    crm_communication_count = fields.Integer(compute='_compute_crm_communication_count')

    @api.model
    def _commercial_fields(self):
        """A block is the company's: its contacts are blocked with it."""
        return super()._commercial_fields() + ['crm_blocked']

    @api.depends('phone', 'mobile', 'country_id')
    def _compute_e164(self):
        for partner in self:
            region = (partner.country_id.code or 'IT').upper()
            partner.phone_e164 = to_e164(partner.phone, region)
            partner.mobile_e164 = to_e164(partner.mobile, region)

    def _compute_crm_communication_count(self):
        data = self.env['crm.infinity.communication'].read_group(
            [('partner_id', 'child_of', self.ids)], ['commercial_partner_id'],
            ['commercial_partner_id'])
        counts = {d['commercial_partner_id'][0]: d['commercial_partner_id_count'] for d in data
                  if d['commercial_partner_id']}
        for partner in self:
            partner.crm_communication_count = counts.get(partner.commercial_partner_id.id, 0)

    @api.model
    def find_by_phone(self, number):
        """Contacts whose phone or mobile is ``number`` in any usual Italian/foreign form."""
        e164 = to_e164(number)
        if not e164:
            return self.browse()
        return self.search(['|', ('phone_e164', '=', e164), ('mobile_e164', '=', e164)])

    @api.multi
    def action_open_timeline(self):
        """The *Scheda riepilogo* (B10) of this company or contact."""
        self.ensure_one()
        return self.env['crm.infinity.timeline'].crm_timeline_action(self.id)

    @api.multi
    def action_view_communications(self):
        self.ensure_one()
        action = self.env.ref('crm_infinity_base.crm_infinity_communication_action').read()[0]
        action['domain'] = [('commercial_partner_id', '=', self.commercial_partner_id.id)]
        action['context'] = {'default_partner_id': self.id}
        return action
