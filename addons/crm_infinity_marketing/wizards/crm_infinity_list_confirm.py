from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.mail_mass_mailing_confirm import CONFIRMED

SAMPLE = 20  # names shown of the recipients added or removed


class CrmInfinityListConfirm(models.TransientModel):
    """Before a message goes to dynamic lists: how many recipients each has now and who came
    in or went out since the user last looked; confirming records this look and sends."""

    _name = 'crm.infinity.list.confirm'
    _description = 'Confirm the recipients of dynamic lists'

    mailing_id = fields.Many2one('mail.mass_mailing', string='Message', required=True,
                                 ondelete='cascade')
    method = fields.Char('Then call')
    line_ids = fields.One2many('crm.infinity.list.confirm.line', 'wizard_id', string='Lists')
    total = fields.Integer('Recipients now', readonly=True)

    @api.multi
    def _crm_fill(self):
        self.ensure_one()
        lines = []
        total = 0
        for mlist in self.mailing_id._crm_dynamic_lists():
            count, added, removed, seen = mlist._crm_changes_since_seen()
            total += count
            lines.append((0, 0, {
                'list_id': mlist.id, 'count': count, 'seen_date': seen,
                'added_count': len(added) if seen else 0, 'removed_count': len(removed),
                'first_look': not seen,
                'added_names': _names(self.env, added[:SAMPLE]) if seen else False,
                'removed_names': _names(self.env, removed[:SAMPLE]),
            }))
        self.write({'line_ids': lines, 'total': total})

    @api.multi
    def action_confirm(self):
        self.ensure_one()
        mailing = self.mailing_id
        mailing.check_access_rule('write')
        lists = mailing._crm_dynamic_lists()
        for line in self.line_ids:
            count, added, removed, _seen = line.list_id._crm_changes_since_seen()
            if count != line.count:
                raise UserError(_('The list "%s" changed while you were reading it (%s '
                                  'recipients now, %s shown): open the confirmation again.')
                                % (line.list_id.name, count, line.count))
        lists._crm_mark_seen()
        if self.method:
            if self.method.startswith('_') or not hasattr(mailing, self.method):
                raise UserError(_('The action "%s" of the message does not exist.')
                                % self.method)
            return getattr(mailing.with_context(**{CONFIRMED: True}), self.method)()
        return {'type': 'ir.actions.act_window_close'}


class CrmInfinityListConfirmLine(models.TransientModel):
    _name = 'crm.infinity.list.confirm.line'
    _description = 'Dynamic list to confirm'

    wizard_id = fields.Many2one('crm.infinity.list.confirm', required=True, ondelete='cascade')
    list_id = fields.Many2one('mail.mass_mailing.list', string='List', readonly=True)
    count = fields.Integer('Recipients now', readonly=True)
    seen_date = fields.Datetime('You last looked on', readonly=True)
    first_look = fields.Boolean('Never looked at', readonly=True)
    added_count = fields.Integer('Added since', readonly=True)
    removed_count = fields.Integer('Removed since', readonly=True)
    added_names = fields.Text('Added (first ones)', readonly=True)
    removed_names = fields.Text('Removed (first ones)', readonly=True)


def _names(env, keys):
    """Display names of keys ``model,id`` (those the user may still read; removed records may
    be gone or out of his reach: then their key's model and number)."""
    names = []
    for key in keys:
        model, res_id = key.rsplit(',', 1)
        record = env[model].browse(int(res_id)).exists() if model in env else None
        try:
            names.append(record.display_name if record else key)
        except AccessError:  # out of his reach: the key, not an error
            names.append(key)
    return '\n'.join(names) or False
