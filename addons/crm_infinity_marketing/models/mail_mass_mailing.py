from odoo import fields, models

from .mail_mail_statistics import CHANNELS


class MailMassMailing(models.Model):
    _inherit = 'mail.mass_mailing'

    crm_channel = fields.Selection(CHANNELS[:4], 'Channel', default='email', required=True)
