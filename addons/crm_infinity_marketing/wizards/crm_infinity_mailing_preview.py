from odoo import _, api, fields, models
from odoo.exceptions import UserError

RECIPIENT_MODELS = [
    ('crm.infinity.nominativo', 'Nominativo'),
    ('res.partner', 'Contact'),
    ('crm.lead', 'Deal'),
]


class CrmInfinityMailingPreview(models.TransientModel):
    """The message as one recipient will receive it (merge fields filled, links as they will
    be), before sending."""

    _name = 'crm.infinity.mailing.preview'
    _description = 'Message preview'

    mailing_id = fields.Many2one('mail.mass_mailing', 'Message', required=True,
                                 ondelete='cascade')
    recipient_ref = fields.Reference(RECIPIENT_MODELS, 'Recipient')
    subject = fields.Char(compute='_compute_preview')
    body = fields.Html(compute='_compute_preview', sanitize=False)
    text = fields.Text(compute='_compute_preview')

    @api.model
    def default_get(self, field_names):
        result = super().default_get(field_names)
        mailing = self.env['mail.mass_mailing'].browse(
            result.get('mailing_id') or self.env.context.get('default_mailing_id'))
        if mailing and 'recipient_ref' in field_names and not result.get('recipient_ref'):
            model = mailing.mailing_model_real
            if model in dict(RECIPIENT_MODELS):
                first = self.env[model].search([], limit=1)
                if first:
                    result['recipient_ref'] = '%s,%d' % (model, first.id)
        return result

    @api.depends('mailing_id', 'recipient_ref')
    def _compute_preview(self):
        for wizard in self:
            mailing, record = wizard.mailing_id, wizard.recipient_ref
            if not mailing or not record:
                continue
            # a transient model: anybody may create one, the mailing and the recipient are
            # checked here (rights and rules)
            mailing.check_access_rights('read')
            mailing.check_access_rule('read')
            record.check_access_rights('read')
            record.check_access_rule('read')
            row = {'id': 0, 'model': record._name, 'res_id': record.id,
                   'crm_name': record.display_name, 'crm_tracked': False}
            subject, body, text = mailing._crm_render([row])[0]
            wizard.subject, wizard.body, wizard.text = subject, body, text
