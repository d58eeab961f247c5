from odoo import fields, models

STATES = [
    ('new', 'New'),
    ('open', 'In progress'),
    ('waiting', 'Waiting for customer'),
    ('solved', 'Solved'),
    ('closed', 'Closed'),
]
DONE_STATES = ('solved', 'closed')


class CrmInfinityTicketStage(models.Model):
    """A ticket status. Its ``state`` says what it means to the engines: SLA clocks pause in
    'waiting', resolution targets are met in 'solved' and 'closed'."""

    _name = 'crm.infinity.ticket.stage'
    _description = 'Ticket status'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    state = fields.Selection(STATES, required=True, default='open',
                             help='What the status means: the SLA clock is paused while a ticket '
                                  'waits for the customer; solved and closed tickets are done.')
    fold = fields.Boolean('Folded in kanban')
    description = fields.Text(translate=True)
    center_ids = fields.Many2many('crm.infinity.service.center', string='Service centers',
                                  help='Leave empty to use the status in every service center.')
    mail_template_id = fields.Many2one('mail.template', string='E-mail to the customer',
                                       domain=[('model', '=', 'crm.infinity.ticket')],
                                       help='Sent to the customer when a ticket reaches this status.')
