from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

from .ir_model import selection_keys_by_label


class MailMessage(models.Model):
    _inherit = 'mail.message'

    @api.model
    def create(self, values):
        """Nobody writes in somebody else's name: ``message_post`` and ``mail.message.create``
        are RPC endpoints, and Odoo 11 takes their ``author_id`` as given, so that an employee
        could post on a ticket as its customer. Code that posts for somebody else (the mail
        gateway, the portal, the engines) runs as superuser after its own checks."""
        author = values.get('author_id')
        if author and self.env.uid != SUPERUSER_ID and author != self.env.user.partner_id.id:
            raise AccessError(_('You cannot write a message in the name of somebody else.'))
        return super().create(values)

    @api.model
    def _message_read_dict_postprocess(self, messages, message_tree):
        """The chatter's tracked changes in the reader's language: Odoo 11 keeps the field's
        label and the selection labels and names as the author's language had them ("Status:
        New → Closed" written by an English user, or by the installer, reads English to an
        Italian). Field labels and selection values are shown in the reader's language, names of
        records whose name is a translation (stages, statuses, price lists) too."""
        res = super()._message_read_dict_postprocess(messages, message_tree)
        shown = {value['id']: value for message in messages
                 for value in message.get('tracking_value_ids') or []}
        if shown:
            trackings = self.env['mail.tracking.value'].sudo().browse(list(shown))
            translator = _Translator(self.env)
            for tracking in trackings:
                model = tracking.mail_message_id.model
                field = self.env[model]._fields.get(tracking.field) if model in self.env else None
                if field is not None:
                    translator.translate(tracking, field, shown[tracking.id])
        return res


class _Translator(object):
    """Translates tracking values into the language of ``env``."""

    def __init__(self, env):
        self.env = env
        self.keys = {}

    def translate(self, tracking, field, shown):
        shown['changed_field'] = field.get_description(self.env)['string']
        if field.type == 'selection':
            labels = dict(field._description_selection(self.env))
            keys = selection_keys_by_label(self.env, field, self.keys)
            for side in ('old', 'new'):
                key = keys.get(shown.get(side + '_value'))
                if key is not None and key in labels:
                    shown[side + '_value'] = labels[key]
        elif field.type == 'many2one':
            comodel = self.env[field.comodel_name]
            if not getattr(comodel._fields.get(comodel._rec_name), 'translate', False):
                return
            for side in ('old', 'new'):
                record = comodel.sudo().browse(tracking[side + '_value_integer']).exists()
                if record:
                    shown[side + '_value'] = record.display_name
