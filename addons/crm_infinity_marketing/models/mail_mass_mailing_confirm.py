from odoo import _, api, fields, models

CONFIRMED = 'crm_lists_confirmed'


class MailMassMailing(models.Model):
    """Before a message goes to dynamic lists the sender sees how many recipients they have
    now and what changed since he last looked, and confirms (SPEC M3).

    For the send path (wt-mkt-send): call ``mailing._crm_check_lists_confirmed()`` first; when
    it is False return ``mailing.action_crm_confirm_lists(method)``, a wizard that, once the
    user confirms, records his look and calls
    ``mailing.with_context(crm_lists_confirmed=True).<method>()``. The check is True with that
    context key, or when the message has no dynamic list."""

    _inherit = 'mail.mass_mailing'

    crm_dynamic_list_count = fields.Integer('Dynamic lists', compute='_compute_crm_lists')

    @api.depends('contact_list_ids')
    def _compute_crm_lists(self):
        for mailing in self:
            mailing.crm_dynamic_list_count = len(mailing.contact_list_ids.filtered(
                lambda l: l.crm_list_type == 'dynamic'))

    @api.multi
    def _crm_dynamic_lists(self):
        return self.mapped('contact_list_ids').filtered(lambda l: l.crm_list_type == 'dynamic')

    @api.multi
    def _crm_check_lists_confirmed(self):
        """True when the message may go: it has no dynamic list, or the context says the user
        just confirmed its recipients (each sending of a message to dynamic lists is confirmed:
        they are evaluated now). Raises UserError (Italian) when a dynamic list cannot be
        evaluated (an empty or broken filter)."""
        if self.env.context.get(CONFIRMED):
            return True
        lists = self._crm_dynamic_lists()
        for mlist in lists:
            mlist._crm_recipient_count()  # a broken list is an error now, not at sending
        return not lists

    @api.multi
    def put_in_queue(self):
        """Odoo's "Send now" / schedule button: first the confirmation of the dynamic lists."""
        if len(self) == 1 and not self._crm_check_lists_confirmed():
            return self.action_crm_confirm_lists('put_in_queue')
        return super().put_in_queue()

    @api.multi
    def action_crm_confirm_lists(self, method=None):
        """The confirmation wizard of the dynamic lists of this message; on confirm it calls
        ``method`` (a public method of the message, e.g. the send button's) with the context
        key ``crm_lists_confirmed``."""
        self.ensure_one()
        self.check_access_rule('write')
        wizard = self.env['crm.infinity.list.confirm'].create({
            'mailing_id': self.id, 'method': method or False})
        wizard._crm_fill()
        return {'type': 'ir.actions.act_window', 'res_model': wizard._name, 'res_id': wizard.id,
                'view_mode': 'form', 'target': 'new', 'name': _('Confirm the recipients')}
