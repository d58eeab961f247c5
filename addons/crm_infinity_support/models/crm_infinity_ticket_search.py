from odoo import api, fields, models

# The text search configuration: Italian stemming ("caldaie" finds "caldaia"). The expressions
# below are the ones of the GIN indexes created in init(): keep them identical, or PostgreSQL
# stops using the indexes.
TS_CONFIG = 'italian'
TICKET_DOCUMENT = ("to_tsvector('italian', coalesce(number, '') || ' ' || coalesce(name, '') "
                   "|| ' ' || coalesce(description, ''))")
MESSAGE_DOCUMENT = "to_tsvector('italian', coalesce(body, ''))"
MESSAGE_MODEL = 'crm.infinity.ticket'


class CrmInfinityTicket(models.Model):
    """Full-text search (SPEC T13) over the number, subject and description of the tickets and
    the bodies of their messages, with PostgreSQL text search in Italian. HTML tags are tokens
    the Italian configuration ignores, so the HTML fields are indexed as they are stored."""

    _inherit = 'crm.infinity.ticket'

    fulltext = fields.Char('Full-text', compute='_compute_fulltext', search='_search_fulltext',
                           help='Words searched in the subject, description and messages of the '
                                'tickets, in every inflection (Italian).')

    @api.model_cr_context
    def init(self):
        super().init()
        cr = self.env.cr
        cr.execute('CREATE INDEX IF NOT EXISTS crm_infinity_ticket_fulltext_index '
                   'ON crm_infinity_ticket USING gin ((%s))' % TICKET_DOCUMENT)
        cr.execute('CREATE INDEX IF NOT EXISTS crm_infinity_ticket_message_fulltext_index '
                   'ON mail_message USING gin ((%s)) WHERE model = %%s' % MESSAGE_DOCUMENT,
                   (MESSAGE_MODEL,))

    @api.multi
    def _compute_fulltext(self):
        for ticket in self:
            ticket.fulltext = False

    @api.model
    def _search_fulltext(self, operator, value):
        """Tickets whose text or messages match all the words of ``value`` (any inflection);
        negative operators give the others. The match runs in SQL on the indexes."""
        if not value or not isinstance(value, str):
            return []
        query = ("SELECT id FROM crm_infinity_ticket WHERE %s @@ plainto_tsquery('italian', %%s) "
                 "UNION SELECT res_id FROM mail_message WHERE model = %%s "
                 "AND %s @@ plainto_tsquery('italian', %%s)" % (TICKET_DOCUMENT, MESSAGE_DOCUMENT))
        params = [value, MESSAGE_MODEL, value]
        if operator in ('!=', 'not ilike', 'not like', 'not in'):
            return [('id', 'not inselect', (query, params))]
        return [('id', 'inselect', (query, params))]
