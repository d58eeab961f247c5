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
    def _crm_timeline_items(self, partner_ids, date_from=None, date_to=None, kinds=None,
                            limit=None):
        items = super()._crm_timeline_items(partner_ids, date_from=date_from, date_to=date_to,
                                            kinds=kinds, limit=limit)
        if self._crm_timeline_wants('mailing', kinds) and \
                self._crm_timeline_can_read('mail.mail.statistics'):
            items += self._crm_timeline_mailings(partner_ids, date_from, date_to, limit)
        if self._crm_timeline_wants('consent', kinds) and \
                self._crm_timeline_can_read('crm.infinity.consent'):
            items += self._crm_timeline_consents(partner_ids, date_from, date_to, limit)
        if self._crm_timeline_wants('call_list', kinds):
            if self._crm_timeline_can_read('crm.infinity.call.list.line') and \
                    self._crm_timeline_can_read('crm.infinity.nominativo'):
                items += self._crm_timeline_calls(partner_ids, date_from, date_to, limit)
            if self._crm_timeline_can_read('survey.user_input'):
                items += self._crm_timeline_answers(partner_ids, date_from, date_to, limit)
        if self._crm_timeline_wants('nominativo', kinds) and \
                self._crm_timeline_can_read('crm.infinity.nominativo'):
            items += self._crm_timeline_promotions(partner_ids, date_from, date_to, limit)
        return items

    @api.model
    def _crm_timeline_mailings(self, partner_ids, date_from, date_to, limit):
        """One query per event (each the newest ``limit``), so that paging on the date is
        exact: a message opened today but sent last month is today's item."""
        titles = {'sent': _('Message sent: %s'), 'opened': _('Message opened: %s'),
                  'clicked': _('Link clicked in: %s'), 'bounced': _('Message bounced: %s')}
        # the messages sent to a nominativo before it was promoted to the contact
        nominativi = {}
        if self._crm_timeline_can_read('crm.infinity.nominativo'):
            nominativi = {n['id']: n['partner_id'][0] for n in self.env[
                'crm.infinity.nominativo'].with_context(active_test=False).search_read(
                [('partner_id', 'in', partner_ids)], ['partner_id'])}
        recipients = [('crm_partner_id', 'in', partner_ids)]
        if nominativi:
            recipients = ['|'] + recipients + [
                '&', ('model', '=', 'crm.infinity.nominativo'),
                ('res_id', 'in', list(nominativi))]
        items = []
        for event in MAILING_EVENTS:
            rows = self._crm_timeline_read(
                'mail.mail.statistics', recipients + [(event, '!=', False)] +
                self._crm_timeline_date_domain(event, date_from, date_to),
                [event, 'mass_mailing_id', 'crm_partner_id', 'model', 'res_id', 'crm_email',
                 'crm_open_count',
                 'crm_click_count', 'crm_bounce_reason', 'crm_channel'],
                '%s desc, id desc' % event, limit)
            for row in rows:
                body = row['crm_email'] or ''
                if event == 'bounced' and row['crm_bounce_reason']:
                    body = '%s: %s' % (body, row['crm_bounce_reason'])
                elif event in ('opened', 'clicked'):
                    body = _('Opens: %s, clicks: %s') % (row['crm_open_count'] or 0,
                                                          row['crm_click_count'] or 0)
                items.append({
                    'kind': 'mailing', 'date': row[event],
                    'title': titles[event] % (row['mass_mailing_id_name'] or '-'),
                    'body': body, 'res_model': 'mail.mail.statistics', 'res_id': row['id'],
                    'partner_id': row['crm_partner_id'] if row['crm_partner_id'] in partner_ids
                    else nominativi.get(row['res_id']) if row['model'] ==
                    'crm.infinity.nominativo' else False,
                    'user_id': False,
                })
        return items

    @api.model
    def _crm_timeline_consents(self, partner_ids, date_from, date_to, limit):
        Consent = self.env['crm.infinity.consent']
        purposes = dict(Consent._fields['purpose']._description_selection(self.env))
        channels = dict(Consent._fields['channel']._description_selection(self.env))
        origins = dict(Consent._fields['origin']._description_selection(self.env))
        rows = self._crm_timeline_read(
            'crm.infinity.consent', [('partner_id', 'in', partner_ids)] +
            self._crm_timeline_date_domain('date', date_from, date_to),
            ['date', 'partner_id', 'purpose', 'channel', 'state', 'origin', 'user_id'],
            'date desc, id desc', limit)
        items = []
        for row in rows:
            title = _('Consent given: %s (%s)') if row['state'] == 'granted' else \
                _('Consent revoked: %s (%s)')
            items.append({
                'kind': 'consent', 'date': row['date'],
                'title': title % (purposes.get(row['purpose'], row['purpose']),
                                  channels.get(row['channel'], row['channel'])),
                'body': _('Origin: %s') % origins.get(row['origin'], row['origin'] or '-'),
                'res_model': 'crm.infinity.consent', 'res_id': row['id'],
                'partner_id': row['partner_id'], 'user_id': row['user_id'],
            })
        return items

    @api.model
    def _crm_timeline_calls(self, partner_ids, date_from, date_to, limit):
        """The calls of the campaigns' call lists to the nominativi become the contact."""
        Line = self.env['crm.infinity.call.list.line']
        outcomes = dict(Line._fields['outcome']._description_selection(self.env))
        rows = self._crm_timeline_read(
            'crm.infinity.call.list.line',
            [('nominativo_id.partner_id', 'in', partner_ids), ('date', '!=', False)] +
            self._crm_timeline_date_domain('date', date_from, date_to),
            ['date', 'call_list_id', 'nominativo_id', 'outcome', 'note', 'user_id'],
            'date desc, id desc', limit)
        partners = self._crm_timeline_nominativo_partners([r['nominativo_id'] for r in rows])
        return [{
            'kind': 'call_list', 'date': row['date'],
            'title': _('Campaign call (%s): %s') % (row['call_list_id_name'],
                                                    outcomes.get(row['outcome'], '-')),
            'body': row['note'] or '', 'res_model': 'crm.infinity.call.list.line',
            'res_id': row['id'], 'partner_id': partners.get(row['nominativo_id'], False),
            'user_id': row['user_id'],
        } for row in rows]

    @api.model
    def _crm_timeline_answers(self, partner_ids, date_from, date_to, limit):
        # the answers of the nominativo become the contact, for who reads the nominativi
        by_nominativo = self._crm_timeline_can_read('crm.infinity.nominativo')
        domain = [('partner_id', 'in', partner_ids)]
        fields_ = ['create_date', 'survey_id', 'partner_id', 'crm_campaign_id']
        if by_nominativo:
            domain = ['|'] + domain + [('crm_nominativo_id.partner_id', 'in', partner_ids)]
            fields_.append('crm_nominativo_id')
        rows = self._crm_timeline_read(
            'survey.user_input',
            domain + self._crm_timeline_date_domain('create_date', date_from, date_to),
            fields_, 'create_date desc, id desc', limit)
        partners = self._crm_timeline_nominativo_partners(
            [r['crm_nominativo_id'] for r in rows if r.get('crm_nominativo_id')])
        return [{
            'kind': 'call_list', 'date': row['create_date'],
            'title': _('Questionnaire answered: %s') % row['survey_id_name'],
            'body': row['crm_campaign_id_name'] or '', 'res_model': 'survey.user_input',
            'res_id': row['id'],
            'partner_id': row['partner_id'] if row['partner_id'] in partner_ids else
            partners.get(row.get('crm_nominativo_id'), False),
            'user_id': False,
        } for row in rows]

    @api.model
    def _crm_timeline_nominativo_partners(self, nominativo_ids):
        """{nominativo id: its contact} of nominativi the viewer reached through a record."""
        if not nominativo_ids:
            return {}
        self.env.cr.execute('SELECT id, partner_id FROM crm_infinity_nominativo WHERE id = ANY(%s)',
                            [list(set(nominativo_ids))])
        return dict(self.env.cr.fetchall())

    @api.model
    def _crm_timeline_promotions(self, partner_ids, date_from, date_to, limit):
        """A nominativo promoted to the contact: the change of its ``partner_id`` in the
        chatter tracking of the nominativi the viewer reads."""
        nominativi = self.env['crm.infinity.nominativo'].with_context(active_test=False).search(
            [('partner_id', 'in', partner_ids)])
        if not nominativi:
            return []
        query = """SELECT v.create_date, m.res_id, v.new_value_integer, m.author_id
                     FROM mail_tracking_value v
                     JOIN mail_message m ON m.id = v.mail_message_id
                    WHERE m.model = 'crm.infinity.nominativo' AND m.res_id = ANY(%s)
                      AND v.field = 'partner_id' AND v.new_value_integer = ANY(%s)"""
        params = [nominativi.ids, list(partner_ids)]
        if date_from:
            query += ' AND v.create_date >= %s'
            params.append(date_from)
        if date_to:
            query += ' AND v.create_date <= %s'
            params.append(date_to)
        query += ' ORDER BY v.create_date DESC, v.id DESC'
        if limit:
            query += ' LIMIT %s'
            params.append(limit)
        self.env.cr.execute(query, params)
        names = dict(nominativi.name_get())
        return [{
            'kind': 'nominativo', 'date': date,
            'title': _('Nominativo promoted: %s') % names.get(res_id, ''), 'body': '',
            'res_model': 'crm.infinity.nominativo', 'res_id': res_id, 'partner_id': partner_id,
            'user_id': False,
        } for date, res_id, partner_id, _author in self.env.cr.fetchall()]
