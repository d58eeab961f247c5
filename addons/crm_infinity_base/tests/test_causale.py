import base64

from odoo.exceptions import AccessError, UserError

from .common import CoreEngineCase


class TestCausale(CoreEngineCase):
    """SPEC B4: a causale applies all its effects and logs them, or changes nothing."""

    def test_status_causale_changes_fields_and_logs_old_new(self):
        record = self._record(self.anna)
        causale = self._causale('Apertura pratica', [
            {'effect_type': 'set_field', 'field_id': self._field(record._name, 'state').id, 'value': 'open'},
            {'effect_type': 'set_field', 'field_id': self._field(record._name, 'priority').id, 'value': '1'},
        ], channel='phone')
        record.sudo(self.anna).apply_causale(causale.id, {'note': 'Cliente richiamato'})
        self.assertEqual(record.state, 'open')
        line = record.primanota_ids.filtered(lambda l: l.causale_id == causale)
        self.assertEqual(len(line), 1)
        self.assertEqual(line.user_id, self.anna)
        self.assertEqual(line.channel, 'phone')
        self.assertEqual(line.note, 'Cliente richiamato')
        self.assertIn('Draft → Open', line.changes_display.replace('state: ', ''))

    def test_every_effect_kind(self):
        record = self._record(self.anna, partner_id=self.customer.id)
        template = self.env['mail.template'].create({
            'name': 'Conferma', 'model_id': self.env['ir.model']._get(record._name).id,
            'subject': 'Conferma ${object.name}', 'email_to': 'cliente@example.com',
            'body_html': '<p>Gentile cliente</p>'})
        team = self.env['crm.team'].create({'name': 'Team Nord'})
        causale = self._causale('Completa', [
            {'effect_type': 'assign_user', 'user_source': 'input', 'sequence': 1},
            {'effect_type': 'assign_team', 'team_id': team.id, 'sequence': 2},
            {'effect_type': 'activity', 'activity_type_id': self.env.ref('mail.mail_activity_data_call').id,
             'summary': 'Richiamare', 'days': 3, 'user_source': 'owner', 'sequence': 3},
            {'effect_type': 'event', 'summary': 'Visita', 'duration': 2, 'user_source': 'applicant', 'sequence': 4},
            {'effect_type': 'mail', 'mail_template_id': template.id, 'sequence': 5},
            {'effect_type': 'attach', 'attachment': base64.b64encode(b'%PDF-1.4 offerta'),
             'attachment_name': 'offerta.pdf', 'sequence': 6},
            {'effect_type': 'method', 'method_name': 'causale_mark_done', 'sequence': 7},
        ], kind='management')
        record.apply_causale(causale.id, {'user_id': self.bruno.id, 'date': '2026-03-02 09:00:00'})
        self.assertEqual(record.user_id, self.bruno)
        self.assertEqual(record.team_id, team)
        # (the calendar event adds a meeting activity of its own)
        activity = record.activity_ids.filtered(lambda a: a.summary == 'Richiamare')
        self.assertEqual((activity.summary, activity.user_id, activity.date_deadline),
                         ('Richiamare', self.bruno, '2026-03-02'))
        event = self.env['calendar.event'].search([('res_model', '=', record._name), ('res_id', '=', record.id)])
        self.assertEqual(event.start, '2026-03-02 09:00:00')
        self.assertIn(self.customer, event.partner_ids)
        mail = self.env['mail.mail'].search([('model', '=', record._name), ('res_id', '=', record.id)])
        self.assertEqual(mail.subject, 'Conferma %s' % record.name)
        attachment = self.env['ir.attachment'].search([('res_model', '=', record._name), ('res_id', '=', record.id)])
        self.assertEqual(attachment.datas_fname, 'offerta.pdf')
        self.assertEqual((record.state, record.amount), ('done', 100.0))
        line = record.primanota_ids.filtered('causale_id')
        self.assertIn('user_id', line.changes)
        self.assertIn('team_id', line.changes)

    def test_failing_effect_leaves_no_trace(self):
        record = self._record(self.anna)
        causale = self._causale('Invia al gestionale', [
            {'effect_type': 'set_field', 'field_id': self._field(record._name, 'state').id,
             'value': 'open', 'sequence': 1},
            {'effect_type': 'activity', 'activity_type_id': self.env.ref('mail.mail_activity_data_todo').id,
             'summary': 'Da fare', 'user_source': 'applicant', 'sequence': 2},
            {'effect_type': 'method', 'method_name': 'causale_fail', 'sequence': 3},
        ])
        lines_before = self.env['crm.infinity.primanota'].search_count([])
        with self.assertRaises(UserError) as info:
            record.apply_causale(causale.id, {})
        self.assertIn('was not applied', info.exception.name)
        self.assertIn('management system unreachable', info.exception.name)
        self.assertEqual(record.state, 'draft')
        self.assertFalse(record.activity_ids)
        self.assertEqual(self.env['crm.infinity.primanota'].search_count([]), lines_before)

    def test_unexpected_exception_is_reported_not_leaked(self):
        record = self._record(self.anna)
        causale = self._causale('Rotta', [
            {'effect_type': 'set_field', 'field_id': self._field(record._name, 'state').id, 'value': 'open'},
            {'effect_type': 'method', 'method_name': 'causale_crash', 'sequence': 20}])
        with self.assertRaises(UserError):
            record.apply_causale(causale.id, {})
        self.assertEqual(record.state, 'draft')

    def test_bad_configured_value_is_a_clear_error(self):
        record = self._record(self.anna)
        causale = self._causale('Stato inesistente', [
            {'effect_type': 'set_field', 'field_id': self._field(record._name, 'state').id, 'value': 'chiuso'}])
        with self.assertRaises(UserError) as info:
            record.apply_causale(causale.id, {})
        self.assertIn('"chiuso" is not valid', info.exception.name)

    def test_only_methods_named_causale_can_be_called(self):
        with self.assertRaises(Exception):
            self._causale('Hack', [{'effect_type': 'method', 'method_name': 'unlink'}])
        with self.assertRaises(Exception):
            self._causale('Hack', [{'effect_type': 'method', 'method_name': 'helper_not_for_causali'}])

    def test_required_inputs_are_enforced(self):
        record = self._record(self.anna)
        causale = self._causale('Riassegna', [{'effect_type': 'assign_user', 'user_source': 'input'}],
                                note_required=True, user_required=True, date_required=True)
        with self.assertRaises(UserError) as info:
            record.apply_causale(causale.id, {'note': '  '})
        for what in ('a note', 'a date', 'a user'):
            self.assertIn(what, info.exception.name)
        record.apply_causale(causale.id, {'note': 'ok', 'user_id': self.bruno.id,
                                          'date': '2026-01-10 10:00:00'})
        self.assertEqual(record.user_id, self.bruno)

    def test_values_of_the_wrong_type_are_a_clear_error(self):
        """By RPC the values are the caller's: a dict or a list for the note, the date or the
        channel gave AttributeError/TypeError tracebacks instead of a message."""
        record = self._record(self.anna).sudo(self.anna)
        causale = self._causale('Libera', [])
        for causale_id, values in ((causale.id, {'note': {'x': 1}}), (causale.id, {'note': ['a']}),
                                   (causale.id, {'date': {'a': 1}}),
                                   (causale.id, {'channel': ['phone']}),
                                   (causale.id, {'user_id': 'abc'}), (causale.id, ['note']),
                                   ('1 or 1=1', {}), ([causale.id], {})):
            with self.assertRaises(UserError, msg=(causale_id, values)) as info:
                record.apply_causale(causale_id, values)
            self.assertIn('not valid', info.exception.name)
        self.assertFalse(record.primanota_ids.filtered(lambda line: line.causale_id == causale))
        record.apply_causale(str(causale.id), {'note': 'ok', 'channel': 'phone'})

    def test_user_outside_allowed_groups_is_refused(self):
        record = self._record(self.anna)
        causale = self._causale('Solo admin', [], group_ids=[(6, 0, [self.env.ref('crm_infinity_base.group_crm_admin').id])])
        with self.assertRaises(AccessError):
            record.sudo(self.anna).apply_causale(causale.id, {})
        record.sudo(self.admin).apply_causale(causale.id, {})

    def test_causale_for_another_model_is_refused(self):
        record = self._record(self.anna)
        causale = self._causale('Per contatti', [], models=('res.partner',))
        with self.assertRaises(UserError):
            record.apply_causale(causale.id, {})

    def test_user_cannot_apply_to_records_he_cannot_see(self):
        record = self._record(self.carla)
        causale = self._causale('Libera', [])
        with self.assertRaises(AccessError):
            record.sudo(self.anna).apply_causale(causale.id, {})

    def test_wizard_applies_to_a_selection(self):
        records = self._record(self.anna) | self._record(self.anna)
        causale = self._causale('Apri', [
            {'effect_type': 'set_field', 'field_id': self._field(records._name, 'state').id, 'value': 'open'}])
        action = records.action_open_causale_wizard()
        wizard = self.env[action['res_model']].with_context(action['context']).create({
            'causale_id': causale.id, 'note': 'in blocco'})
        self.assertEqual(wizard.record_count, 2)
        wizard.action_apply()
        self.assertEqual(set(records.mapped('state')), {'open'})
        self.assertEqual(len(records.mapped('primanota_ids').filtered('causale_id')), 2)

    def test_partner_is_a_causale_model_too(self):
        causale = self._causale('Presa in carico', [{'effect_type': 'assign_user', 'user_source': 'applicant'}],
                                models=('res.partner',))
        self.customer.sudo(self.anna).apply_causale(causale.id, {})
        self.assertEqual(self.customer.user_id, self.anna)
        self.assertTrue(self.customer.primanota_ids.filtered(lambda l: l.causale_id == causale))
