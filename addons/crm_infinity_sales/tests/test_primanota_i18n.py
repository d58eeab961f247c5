import json

from .common import SalesCase


class TestPrimanotaInTheReadersLanguage(SalesCase):
    """Issue 13: primanota lines keep raw values and read in the reader's language: what an
    English-speaking salesperson changed reads Italian to an Italian administrator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref('base.lang_en').active = True  # the database speaks Italian only
        cls.anna.write({'lang': 'en_US'})
        cls.reader = cls._create_user('t_sales_italian_admin', 'group_crm_admin', lang='it_IT')

    def _lines(self, deal, user):
        return self.env['crm.infinity.primanota'].sudo(user).with_context(lang=user.lang).search(
            [('res_model', '=', 'crm.lead'), ('res_id', '=', deal.id)]).sorted('id')

    def test_a_change_logged_in_english_reads_italian(self):
        deal = self._deal(self.anna, priority='1')
        deal.sudo(self.anna).with_context(lang='en_US').write(
            {'deal_phase': 'potential', 'priority': '2'})
        english = self._lines(deal, self.anna)
        italian = self._lines(deal, self.reader)
        self.assertEqual(english.ids, italian.ids)
        change = json.loads(english[-1].changes)
        # raw values: selection keys, [id, name] of the status as the English user named it
        self.assertEqual(change['deal_phase'], ['lead', 'potential'])
        self.assertEqual(change['priority'], ['1', '2'])
        self.assertEqual(change['deal_status_id'][0], [self.st_lead_initial.id, 'To contact'])
        self.assertIn('Phase: Lead → Potential', english[-1].changes_display)
        self.assertIn('To contact → Waiting for contact', english[-1].changes_display)
        shown = italian[-1].changes_display
        self.assertIn('Fase: Lead → Potenziale', shown)
        self.assertIn('Da contattare → In attesa di contatto', shown)
        self.assertNotIn('Potential', shown)
        self.assertNotIn('Waiting', shown)
        self.assertEqual(italian.mapped('event_label'), ['Creazione', 'Modifica'])
        self.assertEqual(english.mapped('event_label'), ['Creation', 'Change'])

    def test_names_that_are_not_translations_stay_as_logged(self):
        deal = self._deal(self.anna)
        deal.write({'user_id': self.bruno.id})
        self.bruno.name = 'Bruno Rinominato'
        line = self._lines(deal, self.reader)[-1]
        self.assertIn('T Sales Anna → T Sales Bruno', line.changes_display)

    def test_an_event_code_reads_as_the_events_label(self):
        deal = self._deal(self.anna)
        Primanota = self.env['crm.infinity.primanota'].sudo()
        line = Primanota._log([{'res_model': 'crm.lead', 'res_id': deal.id,
                                'event_code': 'quote_accepted'}], author_id=self.anna.id)
        self.assertEqual(line.with_context(lang='it_IT').event_label, 'Preventivo accettato')
        self.assertEqual(line.with_context(lang='en_US').event_label, 'Quote accepted')
        unknown = Primanota._log([{'res_model': 'crm.lead', 'res_id': deal.id,
                                   'event_code': 'something_new'}])
        self.assertEqual(unknown.with_context(lang='it_IT').event_label, 'something_new')

    def test_older_lines_that_logged_english_labels_read_italian_too(self):
        deal = self._deal(self.anna)
        line = self.env['crm.infinity.primanota'].sudo()._log([{
            'res_model': 'crm.lead', 'res_id': deal.id, 'event_code': 'write',
            'changes': {'deal_phase': ['Lead', 'Potential'], 'tag_ids': [[], ['VIP']],
                        'priority': ['Unknown label', 'High']}}])
        shown = line.with_context(lang='it_IT').changes_display
        self.assertIn('Fase: Lead → Potenziale', shown)
        self.assertIn('— → VIP', shown)
        self.assertIn('Unknown label → ', shown)  # not a label of the field: shown as it is
        self.assertNotIn('High', shown)

    def test_the_chatters_tracked_changes_read_italian(self):
        deal = self._deal(self.anna)
        deal = self.env['crm.lead'].browse(deal.id).sudo(self.anna).with_context(
            lang='en_US', tracking_disable=False)
        deal.write({'deal_phase': 'potential'})
        message = deal.sudo().message_ids.filtered('tracking_value_ids')[:1]
        self.assertTrue(message)
        self.assertIn('Potential', message.tracking_value_ids.mapped('new_value_char'))
        shown = self.env['mail.message'].sudo(self.reader).with_context(lang='it_IT').browse(
            message.id).message_format()[0]['tracking_value_ids']
        changes = {value['changed_field']: (value['old_value'], value['new_value'])
                   for value in shown}
        self.assertEqual(changes['Fase'], ('Lead', 'Potenziale'))
        self.assertEqual(changes['Stato'], ('Da contattare', 'In attesa di contatto'))
