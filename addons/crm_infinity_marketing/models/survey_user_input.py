from odoo import fields, models


class SurveyUserInput(models.Model):
    """Answers of a questionnaire given by a nominativo during a campaign (SPEC M8): the link is
    kept in the database, so that answers can be analysed (pivot, graph) and used as list
    filters on nominativi."""

    _inherit = 'survey.user_input'

    crm_nominativo_id = fields.Many2one('crm.infinity.nominativo', string='Nominativo',
                                        index=True, ondelete='set null')
    crm_campaign_id = fields.Many2one('utm.campaign', string='Campaign', index=True,
                                      ondelete='set null')


class SurveyUserInputLine(models.Model):
    """Each answer knows its nominativo and campaign (stored), for the answers' pivot."""

    _inherit = 'survey.user_input_line'

    crm_nominativo_id = fields.Many2one(related='user_input_id.crm_nominativo_id', store=True,
                                        index=True, readonly=True, string='Nominativo')
    crm_campaign_id = fields.Many2one(related='user_input_id.crm_campaign_id', store=True,
                                      index=True, readonly=True, string='Campaign')
