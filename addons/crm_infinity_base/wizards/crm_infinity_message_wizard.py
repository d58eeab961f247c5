from odoo import fields, models


class CrmInfinityMessageWizard(models.TransientModel):
    """A dialog that shows the outcome of an action (Odoo 11 has no notification action)."""

    _name = 'crm.infinity.message.wizard'
    _description = 'Message'

    message = fields.Text(readonly=True)
