"""Exactly-once under real concurrency: two cron workers (two threads, each with its own
cursor, REPEATABLE READ, committing) send the same mailing at once to a real SMTP server on
loopback. Every recipient receives it once, nobody is skipped. The records are committed and
removed at the end."""
import threading

import odoo
from odoo.tests.common import BaseCase, get_db_name

from odoo.addons.crm_infinity_base.tests.concurrency import CommittedTransactionsMixin
from odoo.addons.crm_infinity_base.tests.servers import SmtpCatcher

COUNT = 24
TAG = 'race-mkt'


class TestSendConcurrency(CommittedTransactionsMixin, BaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = odoo.registry(get_db_name())

    def setUp(self):
        super().setUp()
        self.smtp = SmtpCatcher().start()
        with self._env() as env:
            server = env['ir.mail_server'].create({'name': TAG, 'smtp_host': '127.0.0.1',
                                                   'smtp_port': self.smtp.port, 'sequence': 0})
            records = _create_each(env)
            for record in records:
                env['crm.infinity.consent']._crm_record_consent(
                    record, 'marketing', 'email', 'granted', 'operator')
            mailing = env['mail.mass_mailing'].create({
                'name': 'Gara %s' % TAG, 'body_html': '<p>Ciao {{ recipient.name }}</p>',
                'mailing_model_id': env['ir.model']._get('crm.infinity.nominativo').id,
                'mailing_domain': repr([('id', 'in', records.ids)]),
                'reply_to_mode': 'email', 'reply_to': 'm@infinity.example',
                'email_from': 'm@infinity.example'})
            mailing.action_crm_send()
            self.ids = {'server': server.id, 'records': records.ids, 'mailing': mailing.id}

    def tearDown(self):
        self.smtp.stop()
        with self._env() as env:
            cr = env.cr
            cr.execute('DELETE FROM mail_mail_statistics WHERE mass_mailing_id = %s',
                       (self.ids['mailing'],))
            cr.execute('DELETE FROM mail_mass_mailing WHERE id = %s', (self.ids['mailing'],))
            cr.execute('DELETE FROM crm_infinity_consent WHERE nominativo_id = ANY(%s)',
                       (self.ids['records'],))
            cr.execute('DELETE FROM crm_infinity_nominativo WHERE id = ANY(%s)',
                       (self.ids['records'],))
            cr.execute('DELETE FROM ir_mail_server WHERE id = %s', (self.ids['server'],))
        super().tearDown()

    def _worker(self, start):
        def run():
            start.wait(30)
            with self._env() as env:
                env['mail.mass_mailing'].browse(self.ids['mailing'])._crm_send_queue(
                    batch_size=3)
        return run

    def test_two_workers_send_each_recipient_once(self):
        start = threading.Barrier(2)
        self._in_threads(self._worker(start), self._worker(start))
        received = sorted(m['to'][0] for m in self.smtp.messages)
        self.assertEqual(received, ['%s-%02d@example.it' % (TAG, i) for i in range(COUNT)])
        with self._env() as env:
            env.cr.execute("""SELECT crm_state, count(*), count(DISTINCT crm_claim)
                                FROM mail_mail_statistics WHERE mass_mailing_id = %s
                            GROUP BY 1""", (self.ids['mailing'],))
            states = {row[0]: row[1:] for row in env.cr.fetchall()}
            self.assertEqual(states['sent'][0], COUNT)
            self.assertEqual(list(states), ['sent'])
            self.assertEqual(env['mail.mass_mailing'].browse(self.ids['mailing']).state, 'done')

    def test_a_dead_worker_is_recovered_without_duplicates(self):
        """A worker claimed 3 rows and died: one was being handed over (attempted), two were
        never attempted. The next run sends the two, not the attempted one (it may have left)."""
        with self._env() as env:
            mailing = env['mail.mass_mailing'].browse(self.ids['mailing'])
            ids = mailing._crm_claim('dead-worker', 3, commit=False)
            env.cr.execute("""UPDATE mail_mail_statistics
                                 SET crm_claim_date = crm_claim_date - interval '1 hour'
                               WHERE id = ANY(%s)""", (ids,))
            env.cr.execute("UPDATE mail_mail_statistics SET crm_attempt = now() WHERE id = %s",
                           (ids[0],))
        with self._env() as env:
            env['mail.mass_mailing'].browse(self.ids['mailing'])._crm_send_queue()
        self.assertEqual(len(self.smtp.messages), COUNT - 1)
        with self._env() as env:
            stat = env['mail.mail.statistics'].browse(ids[0])
            self.assertEqual(stat.crm_state, 'sent')
            self.assertTrue(stat.crm_error)


def _create_each(env):
    Nominativo = env['crm.infinity.nominativo']
    records = Nominativo.browse()
    for i in range(COUNT):
        records |= Nominativo.create({'name': 'Destinatario %02d' % i,
                                      'email': '%s-%02d@example.it' % (TAG, i)})
    return records
