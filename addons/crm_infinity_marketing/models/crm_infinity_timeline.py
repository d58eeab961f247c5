from odoo import _, api, models

# the events of a message in the send ledger (mail.mail.statistics): (Odoo's date field, title)
MAILING_EVENTS = ('sent', 'opened', 'clicked', 'bounced')


class CrmInfinityTimelineProvider(models.AbstractModel):
    """The marketing outcomes on the card of a contact or company (SPEC B10): the messages of
    the send ledger (sent, opened, clicked, bounced), the consents given and revoked, the calls
    of the call lists (outcome) and the questionnaires answered, and the nominativi promoted to
    the contact. Read as the viewer: a profile without access to a model gets nothing of it."""

    _inherit = 'crm.infinity.timeline.provider'

    @api.model
    def _crm_timeline_kinds(self):
        return super()._crm_timeline_kinds() + [
            ('mailing', _('Marketing messages')),
            ('consent', _('Privacy consents')),
            ('call_list', _('Campaign calls and questionnaires')),
            ('nominativo', _('Nominativi promoted')),
        ]

    @api.model
    def _crm_timeline_sources(self, partner_ids, kinds=None):
        sources = super()._crm_timeline_sources(partner_ids, kinds=kinds)
        by_nominativo = self._crm_timeline_can_read('crm.infinity.nominativo')
        nominativi = self._crm_timeline_nominativi_sql(partner_ids) if by_nominativo else None
        if self._crm_timeline_wants('mailing', kinds):
            # one source per event, each on its own date: a message opened today but sent
            # last month is today's item; the messages sent to a nominativo before it was
            # promoted to the contact count too
            clause = '"mail_mail_statistics"."crm_partner_id" = ANY(%s)'
            params = [list(partner_ids)]
            if nominativi:
                clause = ('(%s OR ("mail_mail_statistics"."model" = %%s AND '
                          '"mail_mail_statistics"."res_id" IN (%s)))' % (clause, nominativi[0]))
                params += ['crm.infinity.nominativo'] + list(nominativi[1])
            sources += [self._crm_timeline_source(
                'mailing_' + event, 'mailing', 'mail.mail.statistics', [], event,
                where=[(clause, params)]) for event in MAILING_EVENTS]
        if self._crm_timeline_wants('consent', kinds):
            sources.append(self._crm_timeline_source(
                'consent', 'consent', 'crm.infinity.consent',
                [('partner_id', 'in', partner_ids)], 'date'))
        if self._crm_timeline_wants('call_list', kinds):
            if nominativi:
                sources.append(self._crm_timeline_source(
                    'call', 'call_list', 'crm.infinity.call.list.line', [], 'date', where=[(
                        '"crm_infinity_call_list_line"."nominativo_id" IN (%s)' % nominativi[0],
                        nominativi[1])]))
            clause, params = '"survey_user_input"."partner_id" = ANY(%s)', [list(partner_ids)]
            if nominativi:
                clause = '(%s OR "survey_user_input"."crm_nominativo_id" IN (%s))' % (
                    clause, nominativi[0])
                params += list(nominativi[1])
            sources.append(self._crm_timeline_source(
                'answer', 'call_list', 'survey.user_input', [], 'create_date',
                where=[(clause, params)]))
        if self._crm_timeline_wants('nominativo', kinds) and nominativi:
            # a nominativo promoted to the contact: the change of its partner in the tracking
            sources.append(self._crm_timeline_sql_source(
                'promotion', 'nominativo', 'crm.infinity.nominativo',
                """SELECT v.id AS id, v.create_date AS date FROM mail_tracking_value v
                     JOIN mail_message m ON m.id = v.mail_message_id
                    WHERE m.model = 'crm.infinity.nominativo' AND m.res_id IN (%s)
                      AND v.field = 'partner_id' AND v.new_value_integer = ANY(%%s)"""
                % nominativi[0], list(nominativi[1]) + [list(partner_ids)]))
        return sources

    @api.model
    def _crm_timeline_nominativi_sql(self, partner_ids):
        """Subquery of the nominativi of the partners the viewer reads (once per page)."""
        return self._crm_timeline_shared_ids('crm.infinity.nominativo', lambda: self._crm_timeline_ids_sql(
            'crm.infinity.nominativo', [('partner_id', 'in', partner_ids)]))

    @api.model
    def _crm_timeline_watches(self):
        mailing = ['mailing_' + event for event in MAILING_EVENTS]
        nominativo = ('SELECT n.partner_id FROM {rows} r JOIN crm_infinity_nominativo n '
                      'ON n.id = r.%s')
        return super()._crm_timeline_watches() + [
            {'table': 'mail_mail_statistics', 'keys': mailing,
             'columns': ['crm_partner_id', 'model', 'res_id'] + list(MAILING_EVENTS),
             'partners': 'SELECT r.crm_partner_id FROM {rows} r UNION ALL '
                         'SELECT n.partner_id FROM {rows} r JOIN crm_infinity_nominativo n '
                         "ON n.id = r.res_id WHERE r.model = 'crm.infinity.nominativo'"},
            {'table': 'crm_infinity_consent', 'keys': ['consent'], 'columns': ['partner_id', 'date'],
             'partners': 'SELECT r.partner_id FROM {rows} r'},
            {'table': 'crm_infinity_call_list_line', 'keys': ['call'],
             'columns': ['nominativo_id', 'date'], 'partners': nominativo % 'nominativo_id'},
            {'table': 'survey_user_input', 'keys': ['answer'],
             'columns': ['partner_id', 'crm_nominativo_id', 'create_date'],
             'partners': 'SELECT r.partner_id FROM {rows} r UNION ALL ' + (
                 nominativo % 'crm_nominativo_id')},
            # a nominativo promoted (or moved): its whole marketing history changes card
            {'table': 'crm_infinity_nominativo',
             'keys': mailing + ['call', 'answer', 'promotion'], 'columns': ['partner_id'],
             'partners': 'SELECT r.partner_id FROM {rows} r'},
            # not joined to its message: deleted with it, the message is already gone
            {'table': 'mail_tracking_value', 'keys': ['promotion'],
             'partners': "SELECT r.new_value_integer FROM {rows} r WHERE r.field = 'partner_id'"},
        ]

    @api.model
    def _crm_timeline_render(self, key, ids):
        if key.startswith('mailing_') and key[len('mailing_'):] in MAILING_EVENTS:
            return self._crm_timeline_mailings(key[len('mailing_'):], ids)
        if key == 'consent':
            return self._crm_timeline_consents(ids)
        if key == 'call':
            return self._crm_timeline_calls(ids)
        if key == 'answer':
            return self._crm_timeline_answers(ids)
        if key == 'promotion':
            return self._crm_timeline_promotions(ids)
        return super()._crm_timeline_render(key, ids)

    @api.model
    def _crm_timeline_mailings(self, event, ids):
        # only the title of the event asked for is translated (each _() inspects the stack)
        if event == 'sent':
            title = _('Message sent: %s')
        elif event == 'opened':
            title = _('Message opened: %s')
        elif event == 'clicked':
            title = _('Link clicked in: %s')
        else:
            title = _('Message bounced: %s')
        rows = self._crm_timeline_read_ids(
            'mail.mail.statistics', ids,
            ['mass_mailing_id_name', 'crm_partner_id', 'model', 'res_id', 'crm_email',
             'crm_open_count', 'crm_click_count', 'crm_bounce_reason'])
        partners = self._crm_timeline_nominativo_partners(
            [row['res_id'] for row in rows.values() if row['model'] == 'crm.infinity.nominativo'])
        items = {}
        for rid, row in rows.items():
            body = row['crm_email'] or ''
            if event == 'bounced' and row['crm_bounce_reason']:
                body = '%s: %s' % (body, row['crm_bounce_reason'])
            elif event in ('opened', 'clicked'):
                body = _('Opens: %s, clicks: %s') % (row['crm_open_count'] or 0,
                                                      row['crm_click_count'] or 0)
            items[rid] = {
                'kind': 'mailing', 'title': title % (row['mass_mailing_id_name'] or '-'),
                'body': body, 'res_model': 'mail.mail.statistics', 'res_id': rid,
                'partner_id': row['crm_partner_id'] or (
                    partners.get(row['res_id'], False)
                    if row['model'] == 'crm.infinity.nominativo' else False),
                'user_id': False,
            }
        return items

    @api.model
    def _crm_timeline_consents(self, ids):
        purposes = self._crm_timeline_labels('crm.infinity.consent', 'purpose')
        channels = self._crm_timeline_labels('crm.infinity.consent', 'channel')
        origins = self._crm_timeline_labels('crm.infinity.consent', 'origin')
        rows = self._crm_timeline_read_ids(
            'crm.infinity.consent', ids,
            ['partner_id', 'purpose', 'channel', 'state', 'origin', 'user_id'])
        items = {}
        for rid, row in rows.items():
            title = _('Consent given: %s (%s)') if row['state'] == 'granted' else \
                _('Consent revoked: %s (%s)')
            items[rid] = {
                'kind': 'consent',
                'title': title % (purposes.get(row['purpose'], row['purpose']),
                                  channels.get(row['channel'], row['channel'])),
                'body': _('Origin: %s') % origins.get(row['origin'], row['origin'] or '-'),
                'res_model': 'crm.infinity.consent', 'res_id': rid,
                'partner_id': row['partner_id'], 'user_id': row['user_id'],
            }
        return items

    @api.model
    def _crm_timeline_calls(self, ids):
        """The calls of the campaigns' call lists to the nominativi become the contact."""
        outcomes = self._crm_timeline_labels('crm.infinity.call.list.line', 'outcome')
        rows = self._crm_timeline_read_ids(
            'crm.infinity.call.list.line', ids,
            ['call_list_id_name', 'nominativo_id', 'outcome', 'note', 'user_id'])
        partners = self._crm_timeline_nominativo_partners(
            [row['nominativo_id'] for row in rows.values()])
        return {rid: {
            'kind': 'call_list',
            'title': _('Campaign call (%s): %s') % (row['call_list_id_name'],
                                                    outcomes.get(row['outcome'], '-')),
            'body': row['note'] or '', 'res_model': 'crm.infinity.call.list.line',
            'res_id': rid, 'partner_id': partners.get(row['nominativo_id'], False),
            'user_id': row['user_id'],
        } for rid, row in rows.items()}

    @api.model
    def _crm_timeline_answers(self, ids):
        # the answers of the nominativo become the contact, for who reads the nominativi
        self.env.cr.execute('SELECT id, crm_nominativo_id FROM survey_user_input '
                            'WHERE id = ANY(%s)', [list(ids)])
        nominativo_of = dict(self.env.cr.fetchall())
        partners = self._crm_timeline_nominativo_partners(
            [nid for nid in nominativo_of.values() if nid])
        rows = self._crm_timeline_read_ids(
            'survey.user_input', ids, ['survey_id_name', 'partner_id', 'crm_campaign_id_name'])
        return {rid: {
            'kind': 'call_list',
            'title': _('Questionnaire answered: %s') % row['survey_id_name'],
            'body': row['crm_campaign_id_name'] or '', 'res_model': 'survey.user_input',
            'res_id': rid,
            'partner_id': partners.get(nominativo_of.get(rid)) or row['partner_id'],
            'user_id': False,
        } for rid, row in rows.items()}

    @api.model
    def _crm_timeline_nominativo_partners(self, nominativo_ids):
        """{nominativo id: its contact} of nominativi the viewer reached through a record."""
        if not nominativo_ids:
            return {}
        self.env.cr.execute('SELECT id, partner_id FROM crm_infinity_nominativo WHERE id = ANY(%s)',
                            [list(set(nominativo_ids))])
        return dict(self.env.cr.fetchall())

    @api.model
    def _crm_timeline_promotions(self, ids):
        """A nominativo promoted to the contact (found among the nominativi he reads)."""
        self.env.cr.execute("""SELECT v.id, m.res_id, v.new_value_integer
                                 FROM mail_tracking_value v
                                 JOIN mail_message m ON m.id = v.mail_message_id
                                WHERE v.id = ANY(%s)""", [list(ids)])
        rows = self.env.cr.fetchall()
        names = dict(self.env['crm.infinity.nominativo'].with_context(active_test=False).browse(
            list({res_id for _id, res_id, _partner in rows})).name_get())
        return {rid: {
            'kind': 'nominativo', 'title': _('Nominativo promoted: %s') % names.get(res_id, ''),
            'body': '', 'res_model': 'crm.infinity.nominativo', 'res_id': res_id,
            'partner_id': partner_id, 'user_id': False,
        } for rid, res_id, partner_id in rows}
