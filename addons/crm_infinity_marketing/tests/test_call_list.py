from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

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
            'script': '<p>Buongiorno, sono di Infinity Consulting...</p>', 'max_attempts': 2,
            'user_ids': [(6, 0, (cls.mkt | cls.operator2).ids)]})
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


class TestCallListAccess(MarketingCase):
    """Who reads and changes a call list and its calls (the addresses and phone numbers of the
    nominativi): the operators it is assigned to, its creator, the responsible and assignees
    of its campaign; the CRM administrator all. Another marketing operator neither reads nor
    changes them, over the ORM as himself."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marta = cls._create_user('t_mkt_marta_calls', 'group_crm_marketing_operator')
        cls.carlo = cls._create_user('t_mkt_carlo_calls', 'group_crm_marketing_operator')
        cls.lucia = cls._create_user('t_mkt_lucia_calls', 'group_crm_marketing_operator')
        CallList = cls.env['crm.infinity.call.list']
        cls.n_mine = cls._nominativo(cls.anna, name='Chiamata mia', phone='0521 000001')
        cls.n_other = cls._nominativo(cls.bruno, name='Chiamata altrui', phone='0521 000002')
        cls.mine = CallList.create({'name': 'Richiami di mkt', 'user_ids': [(6, 0, cls.mkt.ids)]})
        campaign = cls.env['utm.campaign'].create({
            'name': 'Campagna di marta', 'crm_user_id': cls.marta.id,
            'crm_assignee_ids': [(6, 0, cls.lucia.ids)]})
        cls.other = CallList.create({'name': 'Richiami di marta', 'campaign_id': campaign.id,
                                     'user_ids': [(6, 0, cls.carlo.ids)]})
        Line = cls.env['crm.infinity.call.list.line']
        cls.line_mine = Line.create({'call_list_id': cls.mine.id,
                                     'nominativo_id': cls.n_mine.id})
        cls.line_other = Line.create({'call_list_id': cls.other.id,
                                      'nominativo_id': cls.n_other.id})

    @mute_logger('odoo.models', 'odoo.addons.base.ir.ir_model')
    def test_operator_neither_reads_nor_changes_another_list(self):
        CallList = self.env['crm.infinity.call.list'].sudo(self.mkt)
        Line = self.env['crm.infinity.call.list.line'].sudo(self.mkt)
        self.assertEqual(CallList.search([('id', 'in', (self.mine | self.other).ids)]), self.mine)
        self.assertEqual(Line.search([('call_list_id', 'in', (self.mine | self.other).ids)]),
                         self.line_mine)
        other, line = self.other.sudo(self.mkt), self.line_other.sudo(self.mkt)
        for attempt in (lambda: other.read(['name', 'line_ids']),
                        lambda: other.write({'name': 'Preso'}),
                        lambda: other.unlink(),
                        lambda: other.action_next_call(),
                        lambda: line.read(['phone', 'nominativo_id']),
                        lambda: line.write({'note': 'Letto', 'outcome': 'answered'}),
                        lambda: line.action_log_call(),
                        lambda: line.unlink(),
                        lambda: Line.create({'call_list_id': self.other.id,
                                             'nominativo_id': self.n_mine.id})):
            # as over RPC: a refused request leaves nothing (create checks after its INSERT)
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                attempt()
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.env['crm.infinity.call.list.add'].sudo(self.mkt).create({
                'call_list_id': self.other.id,
                'nominativo_ids': [(6, 0, self.n_mine.ids)]}).action_add()
        self.assertEqual((self.other.name, self.line_other.state, len(self.other.line_ids)),
                         ('Richiami di marta', 'todo', 1))

    def test_operator_works_his_own_list(self):
        call_list = self.mine.sudo(self.mkt)
        line = self.env['crm.infinity.call.list.line'].browse(
            call_list.action_next_call()['res_id']).sudo(self.mkt)
        self.assertEqual(line, self.line_mine)
        line.write({'outcome': 'answered', 'note': 'Interessato'})
        line.action_log_call()
        self.assertEqual(line.state, 'done')
        self.assertEqual(call_list.count_done, 1)
        # a list he creates is his, and he fills it
        created = call_list.create({'name': 'Nuova lista di mkt'})
        self.env['crm.infinity.call.list.add'].sudo(self.mkt).create({
            'call_list_id': created.id,
            'nominativo_ids': [(6, 0, self.n_mine.ids)]}).action_add()
        self.assertEqual(created.line_ids.nominativo_id, self.n_mine)

    def test_campaign_people_and_administrator_see_the_list(self):
        for user in (self.marta, self.lucia, self.carlo, self.admin):
            lists = self.env['crm.infinity.call.list'].sudo(user).search(
                [('id', 'in', (self.mine | self.other).ids)])
            self.assertEqual(lists, self.other | self.mine if user == self.admin
                             else self.other, user.login)
            line = self.line_other.sudo(user)
            line.write({'note': 'Richiamare dopo le 15'})
            self.assertEqual(line.phone, '0521 000002')
