from odoo.exceptions import UserError

from .common import NOMINATIVO, MarketingCase


class TestCallList(MarketingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator2 = cls._create_user('t_mkt_operator2', 'group_crm_marketing_operator')
        cls.campaign = cls.env['utm.campaign'].create({'name': 'Teleselling test'})
        cls.survey = cls.env['survey.survey'].create({
            'title': 'Script test',
            'page_ids': [(0, 0, {'title': 'Domande', 'question_ids': [(0, 0, {
                'question': 'Usate già un gestionale?', 'type': 'simple_choice',
                'labels_ids': [(0, 0, {'value': 'Sì'}), (0, 0, {'value': 'No'})]})]})]})
        cls.question = cls.survey.page_ids.question_ids
        cls.yes, cls.no = cls.question.labels_ids
        cls.n1 = cls._nominativo(cls.anna, name='Chiamata Uno', phone='0521 111222')
        cls.n2 = cls._nominativo(cls.bruno, name='Chiamata Due', phone='0521 333444')
        cls.n3 = cls._nominativo(None, name='Chiamata Tre', phone='0521 555666')
        cls.call_list = cls.env['crm.infinity.call.list'].create({
            'name': 'Richiami test', 'campaign_id': cls.campaign.id, 'survey_id': cls.survey.id,
            'script': '<p>Buongiorno, sono di Infinity Consulting...</p>', 'max_attempts': 2})
        wizard = cls.env['crm.infinity.call.list.add'].with_context(
            active_model=NOMINATIVO, active_ids=(cls.n1 | cls.n2 | cls.n3).ids).create(
            {'call_list_id': cls.call_list.id})
        wizard.action_add()

    def _answer(self, user_input, label):
        self.env['survey.user_input_line'].create({
            'user_input_id': user_input.id, 'question_id': self.question.id,
            'answer_type': 'suggestion', 'value_suggested': label.id, 'skipped': False})

    def test_operator_flow(self):
        self.assertEqual(self.call_list.count_total, 3)
        call_list = self.call_list.sudo(self.mkt)
        action = call_list.action_next_call()
        line = self.env['crm.infinity.call.list.line'].browse(action['res_id'])
        # in the order of the list (sequence, then as added: by name)
        self.assertEqual((line.nominativo_id, line.state, line.user_id),
                         (self.n2, 'in_progress', self.mkt))
        # a second operator gets another nominativo; the first gets his own back
        other = call_list.sudo(self.operator2).action_next_call()['res_id']
        self.assertNotEqual(other, line.id)
        self.assertEqual(call_list.action_next_call()['res_id'], line.id)
        # the questionnaire: answers linked to the nominativo and the campaign
        url = line.sudo(self.mkt).action_start_survey()['url']
        user_input = line.survey_input_id
        self.assertIn(user_input.token, url)
        self.assertEqual((user_input.crm_nominativo_id, user_input.crm_campaign_id),
                         (self.n2, self.campaign))
        self._answer(user_input, self.yes)
        line.sudo(self.mkt).write({'outcome': 'answered', 'note': 'Interessato', 'duration': 4})
        following = line.sudo(self.mkt).action_log_call()
        self.assertEqual(line.state, 'done')
        communication = self.n2.crm_communication_ids
        self.assertEqual((communication.kind, communication.outcome, communication.user_id),
                         ('phone', 'answered', self.mkt))
        self.assertFalse(communication.partner_id)
        self.assertEqual(communication.crm_call_line_id, line)
        self.assertNotEqual(following['res_id'], line.id)
        # answers as a filter on nominativi, and per nominativo
        Nominativo = self.env[NOMINATIVO]
        self.assertEqual(Nominativo.search([('crm_answer_label_ids', 'in', self.yes.ids)]),
                         self.n2)
        self.assertFalse(Nominativo.search([('crm_answer_label_ids', 'in', self.no.ids)]))
        self.assertEqual(self.n2.crm_answer_label_ids, self.yes)
        data = self.env['survey.user_input_line'].read_group(
            [('crm_campaign_id', '=', self.campaign.id)], ['value_suggested'],
            ['value_suggested'])
        self.assertEqual([(d['value_suggested'][0], d['value_suggested_count']) for d in data],
                         [(self.yes.id, 1)])

    def test_attempts_and_call_back(self):
        Line = self.env['crm.infinity.call.list.line']
        line = Line.browse(self.call_list.sudo(self.mkt).action_next_call()['res_id'])
        line = line.sudo(self.mkt)
        with self.assertRaisesRegex(UserError, 'outcome'):
            line.action_log_call()
        line.outcome = 'no_answer'
        line.action_log_call()
        self.assertEqual((line.state, line.attempts), ('todo', 1))
        line.write({'state': 'in_progress', 'outcome': 'callback'})
        with self.assertRaises(UserError):
            line.action_log_call()
        line.callback_date = '2020-01-01 09:00:00'
        line.action_log_call()
        self.assertEqual((line.state, line.attempts), ('callback', 2))
        line.write({'state': 'in_progress', 'outcome': 'busy'})
        line.action_log_call()
        self.assertEqual((line.state, line.attempts), ('failed', 3))
        self.assertEqual(len(line.nominativo_id.crm_communication_ids), 3)

    def test_promotion_carries_the_calls(self):
        line = self.env['crm.infinity.call.list.line'].browse(
            self.call_list.sudo(self.mkt).action_next_call()['res_id']).sudo(self.mkt)
        line.action_start_survey()
        line.outcome = 'answered'
        line.action_log_call()
        nominativo = line.nominativo_id
        wizard = self.env['crm.infinity.nominativo.promote'].sudo(self.mkt).with_context(
            default_nominativo_id=nominativo.id).create({'contact_mode': 'create',
                                                      'company_mode': 'none',
                                                      'user_id': self.anna.id})
        wizard.action_promote()
        self.assertTrue(nominativo.partner_id)
        self.assertEqual(nominativo.crm_communication_ids.partner_id, nominativo.partner_id)
        self.assertEqual(nominativo.crm_survey_input_ids.partner_id, nominativo.partner_id)
