import uuid

from odoo import api, fields, models


class CalendarEvent(models.Model):
    """An event of a commessa or of an activity (SPEC C4)."""

    _inherit = 'calendar.event'

    crm_project_id = fields.Many2one('project.project', string='Commessa', index=True,
                                     ondelete='set null')
    crm_task_id = fields.Many2one('project.task', string='Activity', index=True,
                                  ondelete='set null')
    crm_ics_uid = fields.Char('Invitation UID', readonly=True, copy=False,
                              default=lambda self: '%s@crm-infinity' % uuid.uuid4().hex)
    crm_ics_sequence = fields.Integer('Invitation sequence', readonly=True, copy=False, default=0)

    @api.onchange('crm_task_id')
    def _onchange_crm_task_id(self):
        if self.crm_task_id.project_id:
            self.crm_project_id = self.crm_task_id.project_id
