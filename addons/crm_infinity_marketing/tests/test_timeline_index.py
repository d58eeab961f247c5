"""The index of the Scheda riepilogo (crm_infinity_timeline_index) and the marketing sources:
after every change that moves a marketing item (a message sent, opened, clicked or bounced, a
consent, a campaign call, a questionnaire answered, a nominativo promoted or moved to another
company) the right sources of the right companies are queued, and the company card read
through the index equals the card made from the sources, as the marketing operator, the
salesperson of the company, a salesperson of another company and the CRM administrator."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.addons.crm_infinity_base.tests.common import TimelineIndexMixin

from .common import NOMINATIVO, MarketingCase

MAILING = {'mailing_sent', 'mailing_opened', 'mailing_clicked', 'mailing_bounced'}
HISTORY = MAILING | {'call', 'answer', 'promotion'}  # what follows a nominativo
MARKETING = HISTORY | {'consent'}
PROMOTE = 'crm.infinity.nominativo.promote'


def _ago(**delta):
    return fields.Datetime.to_string(datetime.utcnow().replace(microsecond=0) -
                                     timedelta(**delta))


class TestMarketingTimelineIndex(TimelineIndexMixin, MarketingCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env['res.partner']
        cls.company = Partner.create({'name': 'Termoidraulica Indice S.r.l.',
                                      'is_company': True, 'user_id': cls.anna.id})
        cls.contact = Partner.create({'name': 'Luca Indice', 'parent_id': cls.company.id,
                                      'email': 'luca@indice.example'})
        cls.other = Partner.create({'name': 'Altra Indice S.p.A.', 'is_company': True,
                                    'user_id': cls.bruno.id})
        cls.other_contact = Partner.create({'name': 'Sara Altra', 'parent_id': cls.other.id,
                                            'email': 'sara@altra.example'})
        camp = cls.env['utm.campaign'].create({'name': 'Caldaie indice', 'crm_user_id': cls.mkt.id,
                                               'crm_state': 'running'})
        cls.mailing = cls.env['mail.mass_mailing'].create({
            'name': 'Offerta caldaie', 'campaign_id': camp.id, 'state': 'sending'})
        cls.stat_contact = cls._stat(cls.contact, sent=_ago(days=3), opened=_ago(days=2),
                                     crm_open_count=1)
        cls.stat_company = cls._stat(cls.company, sent=_ago(days=1, hours=2),
                                     bounced=_ago(days=1), crm_state='bounced',
                                     crm_bounce_reason='Utente sconosciuto')
        cls.stat_other = cls._stat(cls.other_contact, sent=_ago(days=2))
        cls.consent = cls.env['crm.infinity.consent'].create({
            'partner_id': cls.contact.id, 'purpose': 'marketing', 'channel': 'email',
            'state': 'granted', 'origin': 'form'})
        # a nominativo already promoted to the contact, another not promoted yet: its
        # message, call and answer are on no card
        cls.nominativo = cls._nominativo(cls.anna, name='Luca Indice', phone='+390212340001',
                                         partner_id=cls.contact.id)
        cls.lone = cls._nominativo(cls.anna, name='Giulia Indice', phone='+390212340002',
                                   email='giulia@indice.example')
        cls.stat_nominativo = cls._stat(cls.nominativo, sent=_ago(days=40))
        cls.stat_lone = cls._stat(cls.lone, sent=_ago(days=10), opened=_ago(days=9),
                                  clicked=_ago(days=9))
        cls.survey = cls.env['survey.survey'].create({'title': 'Script indice'})
        cls.call_list = cls.env['crm.infinity.call.list'].create({
            'name': 'Richiami indice', 'campaign_id': camp.id, 'survey_id': cls.survey.id,
            'user_ids': [(6, 0, cls.mkt.ids)]})
        Line = cls.env['crm.infinity.call.list.line']
        cls.call = Line.create({'call_list_id': cls.call_list.id,
                                'nominativo_id': cls.nominativo.id, 'state': 'done',
                                'outcome': 'answered', 'user_id': cls.mkt.id,
                                'date': _ago(days=4)})
        cls.call_lone = Line.create({'call_list_id': cls.call_list.id,
                                     'nominativo_id': cls.lone.id, 'state': 'done',
                                     'outcome': 'answered', 'user_id': cls.mkt.id,
                                     'date': _ago(days=6)})
        Input = cls.env['survey.user_input']
        cls.answer = Input.create({'survey_id': cls.survey.id, 'partner_id': cls.contact.id})
        cls.answer_lone = Input.create({'survey_id': cls.survey.id,
                                        'crm_nominativo_id': cls.lone.id,
                                        'crm_campaign_id': camp.id})
        # the marketing operator, the salesperson of the company, a salesperson of another
        # company, the CRM administrator
        cls.viewers = cls.mkt | cls.anna | cls.bruno | cls.admin

    @classmethod
    def _stat(cls, record, **values):
        # one row per address of a message: each row its own address
        cls._stats = getattr(cls, '_stats', 0) + 1
        vals = {'mass_mailing_id': cls.mailing.id, 'model': record._name, 'res_id': record.id,
                'crm_email_normalized': 'r%s@indice.example' % cls._stats,
                'crm_state': 'delivered'}
        if record._name == 'res.partner':
            vals['crm_partner_id'] = record.id
        vals.update(values)
        return cls.env['mail.mail.statistics'].create(vals)

    def _build(self, *companies):
        super()._build(*(companies or (self.company, self.other)))

    def _card(self, user, company):
        items = self.env['crm.infinity.timeline'].sudo(user).crm_timeline_load(
            company.id, limit=40)['items']
        return {(item['res_model'], item['res_id']) for item in items if item['kind'] != 'gap'}

    def _tracked(self, record):
        return record.with_context(tracking_disable=False)

    def test_every_marketing_source_is_indexed(self):
        self._build()
        keys = self._index_keys(self.company)
        # sent: contact, company, nominativo; opened: contact; bounced: company
        self.assertEqual({key: keys.get(key) for key in MARKETING},
                         {'mailing_sent': 3, 'mailing_opened': 1, 'mailing_clicked': None,
                          'mailing_bounced': 1, 'consent': 1, 'call': 1, 'answer': 1,
                          'promotion': None})
        self.assertEqual(self._index_keys(self.other).get('mailing_sent'), 1)
        self.assertCardIndexed(self.company, self.viewers, limit=2, kinds=['mailing'])
        self.assertCardIndexed(self.company, self.mkt | self.anna, limit=3,
                               kinds=['call_list', 'consent'])

    def test_messages_sent_opened_clicked_bounced(self):
        self._build()
        stat = self._stat(self.contact, sent=_ago(hours=3))
        self.assertEqual(self._index_queued(self.company), MAILING)
        self.assertFalse(self._index_queued(self.other))
        self.assertCardIndexed(self.company, self.viewers)
        # the events come later, each on its own date (the tracking controllers, in SQL)
        self.env.cr.execute("UPDATE mail_mail_statistics SET opened = %s, "
                            "crm_open_count = 1 WHERE id = %s", [_ago(hours=2), stat.id])
        stat.invalidate_cache()
        self.assertEqual(self._index_queued(self.company), MAILING)
        self.assertCardIndexed(self.company, self.viewers)
        self.env.cr.execute("UPDATE mail_mail_statistics SET clicked = %s WHERE id = %s",
                            [_ago(hours=1), stat.id])
        stat.invalidate_cache()
        self.assertEqual(self._index_queued(self.company), MAILING)
        self.assertCardIndexed(self.company, self.viewers)
        self.stat_company.write({'bounced': _ago(minutes=5), 'crm_bounce_reason': 'Casella piena'})
        self.assertEqual(self._index_queued(self.company), MAILING)
        self.stat_nominativo.write({'opened': _ago(minutes=30)})  # through the nominativo
        self.assertCardIndexed(self.company, self.viewers)
        self.assertEqual(self._index_keys(self.company).get('mailing_clicked'), 1)
        # a row deleted, a row of the other company's contact: only that company
        self.stat_company.unlink()
        self.assertEqual(self._index_queued(self.company), MAILING)
        self._stat(self.other_contact, sent=_ago(minutes=1))
        self.assertEqual(self._index_queued(self.other), MAILING)
        self.assertCardIndexed(self.company, self.viewers)
        self.assertCardIndexed(self.other, self.viewers)
        self.assertNotIn(('mail.mail.statistics', self.stat_company.id),
                         self._card(self.mkt, self.company))

    def test_a_message_moved_to_another_contact_changes_both_cards(self):
        self._build()
        self.stat_contact.write({'crm_partner_id': self.other_contact.id,
                                 'res_id': self.other_contact.id})
        self.assertEqual(self._index_queued(self.company), MAILING)
        self.assertEqual(self._index_queued(self.other), MAILING)
        # a message to the contact now found to be the nominativo's (model, res_id)
        self.stat_other.write({'crm_partner_id': False, 'model': NOMINATIVO,
                               'res_id': self.nominativo.id})
        self.assertEqual(self._index_queued(self.company), MAILING)
        self.assertCardIndexed(self.company, self.viewers)
        self.assertCardIndexed(self.other, self.viewers)
        self.assertIn(('mail.mail.statistics', self.stat_contact.id),
                      self._card(self.bruno, self.other))
        self.assertIn(('mail.mail.statistics', self.stat_other.id),
                      self._card(self.mkt, self.company))

    def test_consents_given_and_revoked(self):
        self._build()
        Consent = self.env['crm.infinity.consent']
        Consent.sudo(self.anna)._crm_record_consent(self.contact, 'marketing', 'email',
                                                     'revoked', 'operator')
        self.assertEqual(self._index_queued(self.company), {'consent'})
        self.assertFalse(self._index_queued(self.other))
        self.assertCardIndexed(self.company, self.viewers)
        Consent.sudo(self.mkt)._crm_record_consent(self.company, 'marketing', 'phone',
                                                    'granted', 'operator')
        self.assertEqual(self._index_queued(self.company), {'consent'})
        # a consent of a nominativo not promoted is on no card
        Consent.sudo(self.mkt)._crm_record_consent(self.lone, 'marketing', 'email', 'granted',
                                                    'operator')
        self.assertEqual(self._index_queued(self.company), {'consent'})
        self.assertCardIndexed(self.company, self.viewers)
        self.assertEqual(self._index_keys(self.company).get('consent'), 3)
        # erased (the right to be forgotten, as superuser)
        self.consent.with_context(crm_consent_erase=True).unlink()
        self.assertEqual(self._index_queued(self.company), {'consent'})
        self.assertCardIndexed(self.company, self.viewers)

    def test_a_campaign_call_logged(self):
        self._build()
        line = self.call.sudo(self.mkt)
        line.write({'outcome': 'callback', 'callback_date': _ago(days=-1),
                    'note': 'Richiamare domani'})
        self.assertFalse(self._index_queued(self.company))  # the date is the call's
        line.action_log_call()
        # the call (its date) and the communication logged for the contact
        self.assertLessEqual({'call', 'communication'}, self._index_queued(self.company))
        self.assertFalse(MARKETING & self._index_queued(self.other))
        self.assertCardIndexed(self.company, self.viewers)
        # the nominativo put in another call list, then called; the list deleted
        other_list = self.env['crm.infinity.call.list'].create({
            'name': 'Richiami indice due', 'user_ids': [(6, 0, self.mkt.ids)]})
        line = self.env['crm.infinity.call.list.line'].create({
            'call_list_id': other_list.id, 'nominativo_id': self.nominativo.id})
        self.assertCardIndexed(self.company, self.viewers)
        line.write({'state': 'done', 'outcome': 'wrong_number', 'date': _ago(minutes=1)})
        self.assertEqual(self._index_queued(self.company), {'call'})
        self.assertCardIndexed(self.company, self.viewers)
        self.assertIn(('crm.infinity.call.list.line', line.id), self._card(self.mkt, self.company))
        other_list.unlink()
        self.assertEqual(self._index_queued(self.company), {'call'})
        self.assertCardIndexed(self.company, self.viewers)

    def test_questionnaires_answered_by_the_contact_or_the_nominativo(self):
        self._build()
        Input = self.env['survey.user_input']
        Input.create({'survey_id': self.survey.id, 'partner_id': self.company.id})
        self.assertEqual(self._index_queued(self.company), {'answer'})
        self.assertCardIndexed(self.company, self.viewers)
        # the questionnaire of a call to the nominativo of the contact
        answer = self.call.sudo(self.mkt)._crm_survey_input()
        self.assertEqual(answer.crm_nominativo_id, self.nominativo)
        self.assertEqual(self._index_queued(self.company), {'answer'})
        self.assertCardIndexed(self.company, self.viewers)
        answer.sudo().write({'partner_id': False})  # now only through the nominativo
        self.assertEqual(self._index_queued(self.company), {'answer'})
        self.assertCardIndexed(self.company, self.viewers)
        self.assertIn(('survey.user_input', answer.id), self._card(self.mkt, self.company))
        self.answer.write({'partner_id': self.other_contact.id})
        self.assertEqual(self._index_queued(self.company), {'answer'})
        self.assertEqual(self._index_queued(self.other), {'answer'})
        self.assertCardIndexed(self.company, self.viewers)
        self.assertCardIndexed(self.other, self.viewers)

    def test_a_nominativo_promoted_brings_its_history_onto_the_company(self):
        self._build()
        wizard = self.env[PROMOTE].sudo(self.mkt).with_context(
            default_nominativo_id=self.lone.id).create({
                'company_mode': 'link', 'company_id': self.company.id,
                'contact_mode': 'link', 'contact_id': self.contact.id, 'user_id': self.anna.id,
                'deal_name': 'Caldaia Giulia'})
        wizard.action_promote()
        self.assertEqual(self.lone.partner_id, self.contact)
        queued = self._index_queued(self.company)
        self.assertNotIn('*', queued)  # not redone whole: the watch of the nominativo did it
        self.assertLessEqual(HISTORY, queued)
        self.assertFalse(MARKETING & self._index_queued(self.other))
        self.assertCardIndexed(self.company, self.viewers)
        self.assertEqual(self._index_keys(self.company).get('promotion'), 1)
        # the message, call and answer to the nominativo, and its promotion, on the company
        # card of the marketing operator
        card = self._card(self.mkt, self.company)
        for record in (self.stat_lone, self.call_lone, self.answer_lone, self.lone):
            self.assertIn((record._name, record.id), card)
        self.assertCardIndexed(self.company, self.viewers, limit=3,
                               kinds=['mailing', 'call_list', 'nominativo'])

    def test_a_nominativo_promoted_to_a_new_contact(self):
        self._build()
        wizard = self.env[PROMOTE].sudo(self.anna).with_context(
            default_nominativo_id=self.lone.id).create({
                'company_mode': 'link', 'company_id': self.company.id,
                'contact_mode': 'create', 'deal_name': 'Caldaia Giulia'})
        wizard.action_promote()
        self.assertEqual(self.lone.partner_id.parent_id, self.company)
        self.assertLessEqual({'answer', 'promotion'}, self._index_queued(self.company))
        self.assertCardIndexed(self.company, self.viewers)
        self.assertIn((NOMINATIVO, self.lone.id), self._card(self.anna, self.company))
        self.assertIn(('crm.infinity.call.list.line', self.call_lone.id),
                      self._card(self.mkt, self.company))

    def test_the_message_of_a_promotion_deleted(self):
        self._tracked(self.lone).write({'partner_id': self.contact.id})
        self._build()
        self.assertEqual(self._index_keys(self.company).get('promotion'), 1)
        # the message goes, its tracking with it: off the card
        tracking = self.env['mail.tracking.value'].search([
            ('mail_message_id.model', '=', NOMINATIVO),
            ('mail_message_id.res_id', '=', self.lone.id), ('field', '=', 'partner_id')])
        self.assertEqual(len(tracking), 1)
        tracking.mail_message_id.unlink()
        self.assertEqual(self._index_queued(self.company), {'promotion'})
        self.assertCardIndexed(self.company, self.viewers)
        self.assertFalse(self._index_keys(self.company).get('promotion'))

    def test_a_nominativo_moved_to_another_company_moves_its_history(self):
        self._build()
        self._tracked(self.nominativo).write({'partner_id': self.other_contact.id})
        self.assertLessEqual(HISTORY, self._index_queued(self.company))
        self.assertLessEqual(HISTORY, self._index_queued(self.other))
        self.assertCardIndexed(self.company, self.viewers)
        self.assertCardIndexed(self.other, self.viewers)
        moved = {('mail.mail.statistics', self.stat_nominativo.id),
                 ('crm.infinity.call.list.line', self.call.id)}
        self.assertFalse(moved & self._card(self.mkt, self.company))
        self.assertLessEqual(moved | {(NOMINATIVO, self.nominativo.id)},
                             self._card(self.mkt, self.other))
        # back to no partner, then deleted: off every card
        self._tracked(self.nominativo).write({'partner_id': False})
        self.assertLessEqual(HISTORY, self._index_queued(self.other))
        self.assertCardIndexed(self.other, self.viewers)
        self._tracked(self.nominativo).write({'partner_id': self.contact.id})
        self.assertLessEqual(HISTORY, self._index_queued(self.company))
        self.assertCardIndexed(self.company, self.viewers)
        self.assertIn(('crm.infinity.call.list.line', self.call.id),
                      self._card(self.mkt, self.company))
        self.nominativo.unlink()
        self.assertLessEqual(HISTORY, self._index_queued(self.company))
        self.assertCardIndexed(self.company, self.viewers)
        self.assertCardIndexed(self.other, self.viewers)

    def test_a_contact_moved_to_another_company_takes_its_marketing_history(self):
        self._build()
        self.contact.write({'parent_id': self.other.id})
        self.assertIn('*', self._index_queued(self.company))
        self.assertIn('*', self._index_queued(self.other))
        self.assertCardIndexed(self.company, self.viewers)
        self.assertCardIndexed(self.other, self.viewers)
        self.assertLessEqual({('mail.mail.statistics', self.stat_contact.id),
                              ('crm.infinity.consent', self.consent.id),
                              ('crm.infinity.call.list.line', self.call.id)},
                             self._card(self.mkt, self.other))

    def test_an_update_of_columns_not_shown_queues_nothing(self):
        self._build()
        self.stat_contact.write({'crm_open_count': 5, 'crm_click_count': 2})
        self.stat_company.write({'crm_bounce_reason': 'Dominio inesistente'})
        self._tracked(self.nominativo).write({'phone': '+390299990000', 'note': 'Preferisce'})
        self._tracked(self.lone).write({'email': 'giulia.nuova@indice.example'})
        self.call.write({'note': 'Interessato alla caldaia', 'duration': 4})
        self.answer.write({'state': 'done'})
        self.mailing.write({'name': 'Offerta caldaie 2027'})
        self.assertFalse(self._index_queued(self.company))
        self.assertFalse(self._index_queued(self.other))
        self.assertCardIndexed(self.company, self.viewers)
