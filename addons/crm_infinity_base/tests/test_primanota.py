from odoo.exceptions import UserError

from .common import CoreEngineCase


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

    def test_created_lines_get_the_hash_chain_not_the_callers(self):
        record = self._record(self.anna)
        forged = self.env['crm.infinity.primanota'].create({
            'res_model': record._name, 'res_id': record.id, 'note': 'inserita a mano',
            'hash': 'f' * 64, 'prev_hash': 'f' * 64})
        self.assertNotEqual(forged.hash, 'f' * 64)
        self.assertIsNone(self.env['crm.infinity.primanota'].verify_chain(record._name, record.id))

    def test_chain_holds_and_sql_tampering_is_found(self):
        record = self._log_some()
        Primanota = self.env['crm.infinity.primanota']
        self.assertIsNone(Primanota.verify_chain(record._name, record.id))
        lines = record.primanota_ids.sorted('id')
        self.env.cr.execute("UPDATE crm_infinity_primanota SET note = 'ritoccata' WHERE id = %s",
                            (lines[1].id,))
        self.assertEqual(Primanota.verify_chain(record._name, record.id), lines[1])
        broken = Primanota.verify_all()
        self.assertEqual(broken[(record._name, record.id)], lines[1].id)
        with self.assertRaises(UserError) as info:
            record.action_verify_primanota()
        self.assertIn('tampered', info.exception.name)

    def test_deleted_line_is_found(self):
        record = self._log_some()
        lines = record.primanota_ids.sorted('id')
        self.env.cr.execute('DELETE FROM crm_infinity_primanota WHERE id = %s', (lines[1].id,))
        self.assertEqual(self.env['crm.infinity.primanota'].verify_chain(record._name, record.id), lines[2])

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
        attachment = self.env['ir.attachment'].browse(int(action['url'].split('/')[3].split('?')[0]))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        rows = list(book.active.iter_rows(values_only=True))
        self.assertEqual(len(rows), 4)  # header + 3 lines
        self.assertTrue(any('Open → Done' in (r[7] or '') for r in rows[1:]))
