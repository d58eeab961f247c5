"""The index of the Scheda riepilogo (crm_infinity_timeline_index): a company's card read
through it equals the card made from the providers' sources, as each viewer, after every kind
of change the triggers watch; the triggers are valid SQL; a viewer who reads little of a large
company still gets his page (from the sources); the cron redoes the changed companies."""
from datetime import datetime, timedelta

from odoo import fields

from .common import CoreEngineCase, TimelineIndexMixin


class TestTimelineIndex(TimelineIndexMixin, CoreEngineCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env['res.partner']
        cls.contact = Partner.create({'name': 'Mario Verdi', 'parent_id': cls.customer.id,
                                      'user_id': cls.anna.id})
        cls.other = Partner.create({'name': 'Altra Azienda S.p.A.', 'is_company': True,
                                    'user_id': cls.anna.id})
        cls.now = datetime.utcnow().replace(microsecond=0)
        cls.calls = [cls._call(partner, user, days, subject) for partner, user, days, subject in (
            (cls.customer, cls.anna, 1, 'Chiamata azienda'),
            (cls.contact, cls.anna, 5, 'Chiamata contatto'),
            (cls.customer, cls.dario, 3, 'Chiamata di Dario'),
            (cls.other, cls.anna, 2, 'Chiamata altra azienda'))]
        cls.contact.message_post(body='<p>Nota sul contatto</p>', message_type='comment',
                                 subtype='mail.mt_note')
        cls.viewers = cls.anna | cls.dario | cls.boss | cls.admin

    @classmethod
    def _call(cls, partner, user, days, subject):
        return cls.env['crm.infinity.communication'].create({
            'partner_id': partner.id, 'user_id': user.id, 'subject': subject, 'kind': 'phone',
            'direction': 'out',
            'date': fields.Datetime.to_string(cls.now - timedelta(days=days))})

    def _load(self, user, partner, **kwargs):
        return self.env['crm.infinity.timeline'].sudo(user).crm_timeline_load(partner.id,
                                                                               **kwargs)

    def test_every_watch_is_valid_sql(self):
        # each watch's select, on rows shaped as its table's (the triggers' transition tables)
        Timeline = self.env['crm.infinity.timeline']
        watches = self.env['crm.infinity.timeline.provider']._crm_timeline_watches()
        self.assertTrue(watches)
        for watch in watches:
            for event in ('insert', 'update', 'delete'):
                with self.subTest(table=watch['table'], keys=watch['keys'], event=event):
                    self.env.cr.execute('CREATE TEMP TABLE new_rows AS SELECT * FROM "%s" '
                                        'LIMIT 0' % watch['table'])
                    self.env.cr.execute('CREATE TEMP TABLE old_rows AS SELECT * FROM "%s" '
                                        'LIMIT 0' % watch['table'])
                    for row_set in ('new', 'old'):
                        rows = Timeline._crm_index_rows(event, row_set, watch.get('columns'))
                        self.env.cr.execute(watch['partners'].format(rows=rows))
                    self.env.cr.execute('DROP TABLE new_rows; DROP TABLE old_rows')

    def test_every_watched_table_has_its_triggers(self):
        watches = self.env['crm.infinity.timeline.provider']._crm_timeline_watches()
        self.env.cr.execute("""SELECT c.relname, count(*) FROM pg_trigger t
                                 JOIN pg_class c ON c.oid = t.tgrelid
                                WHERE t.tgname LIKE 'crm_timeline_watch%%' GROUP BY c.relname""")
        triggers = dict(self.env.cr.fetchall())
        for watch in watches:
            self.assertGreaterEqual(triggers.get(watch['table'], 0),
                                    len(watch.get('events', 'iud')), watch['table'])

    def test_the_company_card_is_read_through_the_index(self):
        self.assertFalse(self._index_keys(self.customer))
        self._load(self.anna, self.customer)  # made the first time the card is read
        self.assertEqual(self._index_keys(self.customer).get('communication'), 3)
        self.assertCardIndexed(self.customer, self.viewers, limit=2)

    def test_changes_are_queued_and_redone(self):
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertCardIndexed(self.other, self.viewers)
        # a call, a note, an e-mail the contact sent on a call, a call moved to the other
        # company, its date changed
        self._call(self.contact, self.anna, 0, 'Nuova chiamata')
        self.assertEqual(self._index_queued(self.customer), {'communication'})
        self.customer.message_post(body='<p>Nota</p>', message_type='comment',
                                   subtype='mail.mt_note')
        self.env['mail.message'].create({
            'model': 'crm.infinity.communication', 'res_id': self.calls[0].id,
            'message_type': 'email', 'author_id': self.contact.id, 'body': '<p>Risposta</p>'})
        self.assertEqual(self._index_queued(self.customer),
                         {'communication', 'message', 'message_sent'})
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertFalse(self._index_queued(self.customer))
        self.calls[1].write({'partner_id': self.other.id})
        self.assertIn('communication', self._index_queued(self.customer))
        self.assertIn('communication', self._index_queued(self.other))
        self.calls[0].write({'date': fields.Datetime.to_string(self.now - timedelta(days=40))})
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertCardIndexed(self.other, self.viewers)

    def test_an_update_of_columns_not_shown_queues_nothing(self):
        self.assertCardIndexed(self.customer, self.viewers)
        self.calls[0].write({'note': 'Richiamare lunedì'})
        self.contact.write({'phone': '+39 02 1234567'})
        self.assertFalse(self._index_queued(self.customer))

    def test_a_contact_moved_to_another_company_moves_its_history(self):
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertCardIndexed(self.other, self.viewers)
        self.contact.write({'parent_id': self.other.id})
        self.assertIn('*', self._index_queued(self.customer))  # all its sources redone
        self.assertIn('*', self._index_queued(self.other))
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertCardIndexed(self.other, self.viewers)
        calls = [item['res_id'] for item in self._load(self.anna, self.other)['items']
                 if item['kind'] == 'communication']
        self.assertIn(self.calls[1].id, calls)

    def test_changes_of_companies_without_an_index_are_forgotten_by_the_cron(self):
        # queued even before the first card (another transaction may be making its index
        # without seeing this change), redone by the first card, forgotten after six hours
        self._call(self.customer, self.anna, 0, 'Prima della scheda')
        self._call(self.other, self.anna, 0, 'Prima della scheda')
        self.assertIn('communication', self._index_queued(self.customer))
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertFalse(self._index_queued(self.customer))
        Timeline = self.env['crm.infinity.timeline']
        Timeline._crm_index_cron()
        self.assertIn('communication', self._index_queued(self.other))  # too recent
        self.env.cr.execute("UPDATE crm_infinity_timeline_dirty "
                            "SET created = created - interval '7 hours'")
        Timeline._crm_index_cron()
        self.assertFalse(self._index_queued(self.other))
        self.assertFalse(self._index_keys(self.other))  # the cron makes no new index

    def test_the_cron_redoes_the_changed_companies(self):
        self.assertCardIndexed(self.customer, self.viewers)
        self._call(self.customer, self.anna, 0, 'Dopo la scheda')
        self.assertTrue(self._index_queued(self.customer))
        self.env['crm.infinity.timeline']._crm_index_cron()
        self.assertFalse(self._index_queued(self.customer))
        self.assertEqual(self._index_keys(self.customer).get('communication'), 4)

    def test_the_cron_drops_the_index_of_partners_no_longer_companies(self):
        self.assertCardIndexed(self.other, self.viewers)
        self.assertTrue(self._index_keys(self.other))
        self.other.write({'parent_id': self.customer.id, 'is_company': False})  # a contact now
        self.env['crm.infinity.timeline']._crm_index_cron()
        self.assertFalse(self._index_keys(self.other))
        self.assertFalse(self._index_queued(self.other))
        self.assertCardIndexed(self.customer, self.viewers)

    def test_a_viewer_who_reads_little_of_a_large_company_gets_his_page(self):
        # 1,500 newer calls of dario that anna may not read: the index gives up after a few
        # batches and her page is made from the sources, the same page
        self._load(self.anna, self.customer)
        self.env.cr.execute("""
            INSERT INTO crm_infinity_communication (partner_id, commercial_partner_id, kind,
                        direction, date, user_id, subject, state, create_uid, write_uid,
                        create_date, write_date)
            SELECT %s, %s, 'phone', 'out', %s::timestamp - g * interval '1 minute', %s,
                   'Chiamata ' || g, 'done', 1, 1, now(), now()
              FROM generate_series(1, 1500) g""",
                            [self.customer.id, self.customer.id,
                             fields.Datetime.to_string(self.now), self.dario.id])
        self.env['crm.infinity.communication'].invalidate_cache()
        Timeline = self.env['crm.infinity.timeline'].sudo(self.anna)
        partner_ids = Timeline._crm_timeline_rollup(self.customer)[0]
        calls = ['communication']
        self.assertIsNone(Timeline._crm_index_fetch(self.customer.id, partner_ids, calls, None,
                                                    3))
        page = self._load(self.anna, self.customer, limit=3, kinds=calls)['items']
        self.assertEqual([item['res_id'] for item in page if item['kind'] == 'communication'],
                         [self.calls[0].id, self.calls[1].id])
        # the others read it through the index
        self.assertCardIndexed(self.customer, self.dario | self.boss, limit=40)

    def test_a_contact_card_is_made_from_the_sources(self):
        Timeline = self.env['crm.infinity.timeline'].sudo(self.anna)
        self.assertFalse(Timeline._crm_timeline_rollup(self.contact)[3])
        items = self._load(self.anna, self.contact)['items']
        self.assertIn(self.calls[1].id, [item['res_id'] for item in items])
        self.assertFalse(self._index_keys(self.contact))

    def test_a_client_context_cannot_switch_the_sources_to_the_index(self):
        # the index's sources keep "due" items before their date: a client's context saying
        # "indexing" changes nothing of his page
        Timeline = self.env['crm.infinity.timeline'].sudo(self.anna)
        plain = Timeline.crm_timeline_load(self.customer.id)['items']
        for context in ({'crm_timeline_index': True}, {'indexing': True},
                        {'crm_timeline_memo': {'indexing': True}}):
            forged = Timeline.with_context(**context).crm_timeline_load(self.customer.id)
            self.assertEqual(forged['items'], plain)

    def test_triggers_dropped_by_an_upgrade_are_made_again_and_the_index_emptied(self):
        Timeline = self.env['crm.infinity.timeline']
        self.assertCardIndexed(self.customer, self.viewers)
        Timeline._crm_index_drop_triggers()  # what an upgrade of the base does first
        self._call(self.customer, self.anna, 0, 'Durante l\'aggiornamento')  # not queued
        Timeline._crm_index_install()  # what the registry does once every module is loaded
        self.assertFalse(self._index_keys(self.customer))
        self.test_every_watched_table_has_its_triggers()
        self.assertCardIndexed(self.customer, self.viewers)

    def test_a_trigger_queues_in_the_writers_own_transaction(self):
        # no subtransaction in the triggers (an exception block is one): a queue row written
        # in one took an XID of its own for every statement, past 64 in one transaction (an
        # import, a mass mailing) every snapshot of every session became suboverflowed
        self.contact.message_post(body='<p>Nota</p>', message_type='comment',
                                  subtype='mail.mt_note')
        self.env.cr.execute("""SELECT m.xmin::text, d.xmin::text FROM mail_message m,
                                      crm_infinity_timeline_dirty d
                                WHERE m.id = (SELECT max(id) FROM mail_message)
                                  AND d.id = (SELECT max(id) FROM crm_infinity_timeline_dirty)""")
        message_xid, queue_xid = self.env.cr.fetchone()
        self.assertEqual(queue_xid, message_xid)

    def test_uninstalling_the_module_removes_the_index(self):
        from odoo.addons.crm_infinity_base import uninstall_hook
        uninstall_hook(self.env.cr, self.env.registry)
        self.env.cr.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'crm_timeline%%'")
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.env.cr.execute("SELECT count(*) FROM pg_proc WHERE proname LIKE 'crm_timeline%%'")
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.env.cr.execute("SELECT to_regclass('crm_infinity_timeline_item'), "
                            "to_regclass('crm_infinity_timeline_built'), "
                            "to_regclass('crm_infinity_timeline_dirty')")
        self.assertEqual(self.env.cr.fetchone(), (None, None, None))
        # Odoo's tables take changes as before
        self.other.message_post(body='<p>Dopo</p>', message_type='comment',
                                subtype='mail.mt_note')
        self.contact.write({'parent_id': self.other.id})

    def test_a_company_merged_into_another(self):
        # Odoo's merge moves the records of the company merged in SQL (every foreign key),
        # its messages through the ORM, then deletes it: the card of the one kept shows them
        self.other.message_post(body='<p>Nota altra azienda</p>', message_type='comment',
                                subtype='mail.mt_note')
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertCardIndexed(self.other, self.viewers)
        self.env['base.partner.merge.automatic.wizard']._merge(
            [self.other.id, self.customer.id], self.customer)
        self.assertFalse(self.other.exists())
        self.assertIn('communication', self._index_queued(self.customer))
        self.assertCardIndexed(self.customer, self.viewers)
        calls = [item['res_id'] for item in self._load(self.admin, self.customer)['items']
                 if item['kind'] == 'communication']
        self.assertIn(self.calls[3].id, calls)
        # the index of the company deleted is removed by the cron
        other_id = self.other.id
        self.env['crm.infinity.timeline']._crm_index_cron()
        self.env.cr.execute('SELECT (SELECT count(*) FROM crm_infinity_timeline_item '
                            '         WHERE commercial_id = %s), '
                            '       (SELECT count(*) FROM crm_infinity_timeline_built '
                            '         WHERE commercial_id = %s)', [other_id, other_id])
        self.assertEqual(self.env.cr.fetchone(), (0, 0))
        self.assertTrue(self._index_keys(self.customer))

    def test_uninstalling_an_addon_drops_the_triggers_first(self):
        # an addon's columns and tables are dropped by the uninstall, which the triggers read:
        # they are dropped before, and made again by the registry loaded afterwards
        from unittest.mock import patch
        from odoo.addons.base.module.module import Module
        count = "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'crm\\_timeline\\_watch%%'"
        self.env.cr.execute(count)
        self.assertTrue(self.env.cr.fetchone()[0])
        addon = self.env['ir.module.module'].search([('name', '=', 'crm_infinity_base')])
        with patch.object(Module, 'module_uninstall', lambda self: True):
            addon.sudo(self.anna).module_uninstall()  # not an administrator: nothing dropped
            self.env.cr.execute(count)
            self.assertTrue(self.env.cr.fetchone()[0])
            addon.module_uninstall()
        self.env.cr.execute(count)
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.env['crm.infinity.timeline']._crm_index_install()
        self.env.cr.execute(count)
        self.assertTrue(self.env.cr.fetchone()[0])

    def test_triggers_not_installed_the_cards_are_made_from_the_sources(self):
        # the triggers could not be made (the upgrade dropped them): nothing queues the
        # changes, the index would be read stale; the cards are made from the sources
        from unittest.mock import patch
        Timeline = self.env['crm.infinity.timeline']
        self._load(self.anna, self.customer)  # its index made
        self.env.cr.execute("COMMENT ON TABLE crm_infinity_timeline_item IS 'older code'")
        try:
            with patch.object(type(Timeline), '_crm_index_ddl',
                              lambda self, watches: ['CREATE TRIGGER crm_timeline_watch_broken']):
                Timeline._crm_index_install()
            partner_ids = Timeline._crm_timeline_rollup(self.customer)[0]
            self.assertIsNone(Timeline.sudo(self.anna)._crm_index_fetch(
                self.customer.id, partner_ids, None, None, 5))
            calls = [item['res_id'] for item in self._load(self.anna, self.customer)['items']
                     if item['kind'] == 'communication']
            self.assertEqual(calls, [self.calls[0].id, self.calls[1].id])
        finally:
            self.env.registry.crm_timeline_index_off = False
