from odoo import api, fields, models

KINDS = [('email', 'E-mail'), ('sms', 'SMS'), ('phone', 'Phone call'), ('other', 'Other')]
OUTCOMES = [
    ('answered', 'Answered'),
    ('no_answer', 'No answer'),
    ('busy', 'Busy'),
    ('voicemail', 'Voicemail'),
    ('wrong_number', 'Wrong number'),
    ('callback', 'Call back'),
]


class CrmInfinityCommunication(models.Model):
    """A communication with a company or person (SPEC B11): e-mail, SMS, phone call, other."""

    _name = 'crm.infinity.communication'
    _description = 'Communication'
    _order = 'date desc, id desc'
    _rec_name = 'subject'

    partner_id = fields.Many2one('res.partner', string='Contact', required=True, index=True,
                                 ondelete='cascade')
    commercial_partner_id = fields.Many2one(related='partner_id.commercial_partner_id',
                                            string='Company', store=True, index=True)
    kind = fields.Selection(KINDS, required=True, default='phone')
    direction = fields.Selection([('in', 'Incoming'), ('out', 'Outgoing')], required=True,
                                 default='out')
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one('res.users', string='User', default=lambda self: self.env.uid,
                              index=True)
    subject = fields.Char(required=True, default='/')
    note = fields.Text()
    phone = fields.Char()
    duration = fields.Float('Duration (minutes)')
    outcome = fields.Selection(OUTCOMES)
    state = fields.Selection([('done', 'Done'), ('failed', 'Failed')], default='done')
    error = fields.Char()
    res_model = fields.Char('Linked model', index=True)
    res_id = fields.Integer('Linked record ID', index=True)
    res_name = fields.Char('Linked record', compute='_compute_res_name')

    @api.depends('res_model', 'res_id')
    def _compute_res_name(self):
        for comm in self:
            if comm.res_model in self.env and comm.res_id:
                record = self.env[comm.res_model].browse(comm.res_id).exists()
                comm.res_name = record.sudo().display_name if record else False

    @api.multi
    def action_open_record(self):
        self.ensure_one()
        return {'type': 'ir.actions.act_window', 'res_model': self.res_model,
                'res_id': self.res_id, 'view_mode': 'form'}
