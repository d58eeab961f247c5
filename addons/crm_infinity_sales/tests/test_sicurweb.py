from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import ValidationError

from odoo.addons.crm_infinity_base.tests.servers import SmtpCatcher

from .common import SalesCase


class SicurwebCase(SalesCase):
    """Sicurweb leads (SPEC S4) of the salesperson ``anna``; ``sysadmin`` and ``admin`` are the
    administrators told of an acquisition."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sysadmin = cls._create_user('t_sales_sysadmin', 'group_crm_system_admin')
        cls.source = cls.env['utm.source'].create({'name': 'Fiera test'})

    @classmethod
    def _lead(cls, owner=None, **values):
        vals = {'name': 'Lead Sicurweb', 'type': 'lead', 'crm_lead_status': 'new',
                'partner_name': 'Prospect Sicurweb S.r.l.', 'source_id': cls.source.id,
                'user_id': (owner or cls.anna).id}
        vals.update(values)
        return cls.Lead.sudo(owner or cls.anna).create(vals).sudo()


class TestSicurwebLeads(SicurwebCase):

    def test_statuses_of_the_seed(self):
        labels = dict(self.env['crm.lead']._fields['crm_lead_status'].selection)
        for key in ('new', 'to_contact', 'contacted', 'recall', 'not_interested', 'acquired'):
            self.assertIn(key, labels)
        self.assertEqual(labels['recall'], 'Contact in future')
        lead = self._lead()
        for status in ('to_contact', 'contacted', 'not_interested'):
            lead.sudo(self.anna).write({'crm_lead_status': status})
            self.assertEqual(lead.crm_lead_status, status)

    def test_italian_users_see_the_seed_words(self):
        fields_it = self.env['crm.lead'].with_context(lang='it_IT').fields_get(
            ['crm_lead_status', 'crm_lead_recall_date'])
        self.assertEqual(fields_it['crm_lead_status']['string'], 'Stato del lead')
        labels = dict(fields_it['crm_lead_status']['selection'])
        self.assertEqual((labels['recall'], labels['acquired'], labels['to_contact']),
                         ('Contatta in futuro', 'Acquisito', 'Da contattare'))

    def test_menu_action_shows_only_sicurweb_leads(self):
        lead = self._lead()
        deal = self._deal(self.anna)
        action = self.env.ref('crm_infinity_sales.crm_lead_sicurweb_action')
        from odoo.tools.safe_eval import safe_eval
        found = self.env['crm.lead'].search(safe_eval(action.domain))
        self.assertIn(lead, found)
        self.assertNotIn(deal, found)
        # created from the menu: a new lead (not an opportunity)
        created = self.env['crm.lead'].sudo(self.anna).with_context(
            safe_eval(action.context)).create({'name': 'Dal menu', 'partner_name': 'Menu S.r.l.'})
        self.assertEqual((created.crm_lead_status, created.type, created.user_id),
                         ('new', 'lead', self.anna))

    def test_contact_in_future_needs_a_date(self):
        lead = self._lead()
        with self.assertRaises(ValidationError):
            lead.sudo(self.anna).write({'crm_lead_status': 'recall'})
        with self.assertRaises(ValidationError):
            self._lead(crm_lead_status='recall')

    def test_contact_in_future_schedules_an_activity_for_the_owner(self):
        day = fields.Date.to_string(date.today() + timedelta(days=10))
        lead = self._lead()
        lead.sudo(self.anna).write({'crm_lead_status': 'recall', 'crm_lead_recall_date': day})
        activity = lead.crm_lead_recall_activity_id
        self.assertTrue(activity)
        self.assertEqual((activity.res_model, activity.res_id, activity.user_id, activity.date_deadline),
                         ('crm.lead', lead.id, self.anna, day))
        # a new date moves the activity, a new owner takes it
        later = fields.Date.to_string(date.today() + timedelta(days=20))
        lead.write({'crm_lead_recall_date': later, 'user_id': self.bruno.id})
        self.assertEqual((activity.date_deadline, activity.user_id), (later, self.bruno))
        self.assertEqual(len(lead.activity_ids), 1)
        # leaving the status drops the date and the activity
        lead.sudo(self.bruno).write({'crm_lead_status': 'contacted'})
        self.assertFalse(lead.crm_lead_recall_date)
        self.assertFalse(activity.exists())
        self.assertFalse(lead.activity_ids)

    def test_to_recall_filter_today_and_overdue(self):
        today = date.today()
        overdue = self._lead(crm_lead_status='recall',
                             crm_lead_recall_date=fields.Date.to_string(today - timedelta(days=3)))
        due = self._lead(crm_lead_status='recall', crm_lead_recall_date=fields.Date.to_string(today))
        future = self._lead(crm_lead_status='recall',
                            crm_lead_recall_date=fields.Date.to_string(today + timedelta(days=3)))
        self.assertTrue(overdue.crm_lead_recall_activity_id)  # created directly in the status
        view = self.env.ref('crm_infinity_sales.crm_lead_sicurweb_view_search')
        self.assertIn('name="to_recall"', view.arch)
        domain = [('crm_lead_status', '=', 'recall'),
                  ('crm_lead_recall_date', '<=', fields.Date.to_string(today))]
        found = self.env['crm.lead'].search(domain)
        self.assertIn(overdue, found)
        self.assertIn(due, found)
        self.assertNotIn(future, found)

    def test_status_and_source_in_the_primanota(self):
        lead = self._lead()
        lead.sudo(self.anna).write({'crm_lead_status': 'contacted'})
        other = self.env['utm.source'].create({'name': 'Passaparola test'})
        lead.sudo(self.anna).write({'source_id': other.id})
        lines = self.env['crm.infinity.primanota'].search(
            [('res_model', '=', 'crm.lead'), ('res_id', '=', lead.id)])
        changes = ' '.join(lines.mapped('changes'))
        self.assertIn('"crm_lead_status": ["new", "contacted"]', changes)  # raw keys
        shown = ' '.join(lines.mapped('changes_display'))
        self.assertIn('New → Contacted', shown)  # labels in the reader's language
        self.assertIn('Passaparola test', shown)
        # the deals keep their own tracked fields
        self.assertIn('deal_status_id', lead._primanota_tracked_fields)

    def test_status_change_is_a_system_event(self):
        lead = self._lead()
        lead.sudo(self.anna).write({'crm_lead_status': 'contacted'})
        events = self.env['crm.infinity.event'].search(
            [('code', '=', 'lead_status_changed'), ('res_model', '=', 'crm.lead'),
             ('res_id', '=', lead.id)])
        # one when the lead was created as New, one for the change
        self.assertEqual(len(events), 2)
        self.assertIn('Contacted', events[0].payload)
        self.assertIn('New', events[0].payload)

    def test_salesperson_sees_only_his_leads(self):
        mine = self._lead(self.anna)
        other = self._lead(self.bruno)
        visible = self.env['crm.lead'].sudo(self.anna).search([('crm_lead_status', '!=', False)])
        self.assertIn(mine, visible)
        self.assertNotIn(other, visible)

    def test_views_load_for_a_salesperson(self):
        self._lead(self.anna)
        Lead = self.env['crm.lead'].sudo(self.anna)
        for xmlid, kind in (('crm_lead_sicurweb_view_tree', 'tree'),
                            ('crm_lead_sicurweb_view_form', 'form'),
                            ('crm_lead_sicurweb_view_kanban', 'kanban'),
                            ('crm_lead_sicurweb_view_search', 'search'),
                            ('crm_lead_sicurweb_view_pivot', 'pivot'),
                            ('crm_lead_sicurweb_view_graph', 'graph')):
            view = self.env.ref('crm_infinity_sales.' + xmlid)
            self.assertTrue(Lead.fields_view_get(view_id=view.id, view_type=kind)['arch'])
        groups = Lead.read_group([('crm_lead_status', '!=', False)], ['crm_lead_status'],
                                 ['crm_lead_status'])
        self.assertTrue(groups)


class TestAcquiredNotification(SicurwebCase):
    """"Acquisito" e-mails all system and CRM administrators (Sicurweb seed, SPEC B7) through
    the base notification rule, over a real SMTP server on loopback."""

    def _admins(self):
        admins = self.env.ref('crm_infinity_base.group_crm_admin').users \
            | self.env.ref('crm_infinity_base.group_crm_system_admin').users
        return admins.filtered(lambda u: u.active and u.email)

    def _rule_mails(self, lead):
        return self.env['mail.mail'].search([('model', '=', 'crm.lead'), ('res_id', '=', lead.id),
                                             ('subject', 'ilike', 'acquired')])

    def test_rule_is_active_on_the_lead_status(self):
        rule = self.env.ref('crm_infinity_base.notification_rule_lead_acquired')
        self.assertTrue(rule.active)
        self.assertIn("('crm_lead_status', '=', 'acquired')", rule.domain)

    def test_acquired_mail_reaches_exactly_the_admins(self):
        lead = self._lead(name='Officine Test acquisite')
        admins = self._admins()
        self.assertIn(self.sysadmin, admins)
        self.assertIn(self.admin, admins)
        with SmtpCatcher() as smtp:
            self.env['ir.mail_server'].create({'name': 'loopback', 'smtp_host': '127.0.0.1',
                                               'smtp_port': smtp.port, 'sequence': 1})
            lead.sudo(self.anna).write({'crm_lead_status': 'acquired'})
            mails = self._rule_mails(lead)
            self.assertEqual(len(mails), len(admins))
            mails.send()
            self.assertEqual(set(mails.mapped('state')), {'sent'})
            received = sorted(rcpt for msg in smtp.messages for rcpt in msg['to'])
            self.assertEqual(received, sorted(admins.mapped('email')))
            self.assertNotIn(self.anna.email, received)
            self.assertNotIn(self.bruno.email, received)
            self.assertTrue(all('Officine Test acquisite' in m['subject'] for m in smtp.messages))
        self.assertTrue(lead.crm_lead_acquired_notified)
        self.assertTrue(lead.crm_lead_acquired_date)

    def test_only_the_first_save_in_acquired_notifies(self):
        lead = self._lead()
        lead.sudo(self.anna).write({'crm_lead_status': 'acquired'})
        count = len(self._rule_mails(lead))
        self.assertTrue(count)
        # saving again, or changing the deal status of the acquired lead, sends nothing more
        lead.sudo(self.anna).write({'crm_lead_status': 'acquired', 'description': 'ok'})
        offer = self.env.ref('crm_infinity_sales.deal_status_lead_offer')
        lead.write({'deal_status_id': offer.id})
        lead.write({'crm_lead_status': 'acquired', 'deal_status_id': self.st_lead_initial.id})
        self.assertEqual(len(self._rule_mails(lead)), count)
        # back and acquired again: a new acquisition, a new e-mail
        lead.write({'crm_lead_status': 'contacted'})
        lead.write({'crm_lead_status': 'acquired'})
        self.assertEqual(len(self._rule_mails(lead)), 2 * count)

    def test_acquired_with_a_new_deal_status_in_one_save_sends_one_mail(self):
        lead = self._lead(crm_lead_status='contacted')
        offer = self.env.ref('crm_infinity_sales.deal_status_lead_offer')
        lead.sudo(self.anna).write({'crm_lead_status': 'acquired', 'deal_status_id': offer.id})
        self.assertEqual(lead.deal_status_id, offer)
        self.assertEqual(len(self._rule_mails(lead)), len(self._admins()))

    def test_other_statuses_and_deals_send_nothing(self):
        lead = self._lead()
        lead.write({'crm_lead_status': 'contacted'})
        deal = self._deal(self.anna)
        deal.write({'deal_phase': 'opportunity', 'deal_status_id': self.st_offer_issued.id})
        self.assertFalse(self._rule_mails(lead))
        self.assertFalse(self._rule_mails(deal))

    def test_created_acquired_notifies(self):
        lead = self._lead(crm_lead_status='acquired')
        self.assertEqual(len(self._rule_mails(lead)), len(self._admins()))
