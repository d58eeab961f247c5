from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CrmInfinityTaskNotify(models.TransientModel):
    """Immediate notification of an activity (SPEC C5): after saving it, the user chooses
    whether to notify its owner, its assignees and the manager of its commessa now. Delivered
    by the notification engine of the base addon, as the notification rules deliver: an Odoo
    message to them, e-mailed to those who want their messages by e-mail."""

    _name = 'crm.infinity.task.notify'
    _description = 'Notify an activity now'

    task_id = fields.Many2one('project.task', string='Activity', required=True,
                              ondelete='cascade')
    notify_owner = fields.Boolean('Owner', default=True)
    notify_assignees = fields.Boolean('Assignees', default=True)
    notify_manager = fields.Boolean('Commessa manager', default=True)
    owner_id = fields.Many2one(related='task_id.crm_owner_id', readonly=True)
    assignee_ids = fields.Many2many(related='task_id.crm_assignee_ids', readonly=True)
    manager_id = fields.Many2one(related='task_id.manager_id', readonly=True)
    note = fields.Text('Message')

    @api.multi
    def action_notify(self):
        self.ensure_one()
        task = self.task_id
        task.check_access_rights('write')
        task.check_access_rule('write')
        users = self._recipients()
        if not users:
            raise UserError(_('Nobody to notify: choose at least one recipient.'))
        subject = _('Activity "%s"') % task.name
        lines = [_('%s asks you to look at the activity "%s".') % (self.env.user.name, task.name)]
        if task.sudo().project_id:
            lines.append(_('Commessa: %s') % task.sudo().project_id.name)
        lines.append(_('Status: %s') % dict(
            task._fields['crm_state']._description_selection(self.env))[task.crm_state])
        if self.note:
            lines.append(self.note)
        rule = self.env['crm.infinity.notification.rule'].sudo().new({
            'name': subject, 'subject': subject, 'body': '\n'.join(lines),
            'channel_message': True, 'channel_email': False})
        # posted as the user (the author); Odoo e-mails it to those who read their messages
        # by e-mail (their preference), as it does for every message
        rule._deliver(task, users, {})
        return {'type': 'ir.actions.act_window_close'}

    @api.multi
    def _recipients(self):
        """The users chosen, without who is notifying (he knows)."""
        task = self.task_id.sudo()
        users = self.env['res.users']
        if self.notify_owner:
            users |= task.crm_owner_id
        if self.notify_assignees:
            users |= task.crm_assignee_ids | task.user_id
        if self.notify_manager:
            users |= task.project_id.user_id
        return (users - self.env.user).filtered('active')
