from odoo.tests.common import SavepointCase

# Labels that Italian users read in English too (or that Odoo's Italian translation keeps)
SAME_IN_ITALIAN = {
    'Alias', 'Budget', 'CRM', 'Causale', 'Commessa', 'Commesse', 'E-mail', 'Email', 'Feedback', 'File', 'Followers', 'Hash',
    'ID', 'KPI', 'Lead', 'Link', 'Note', 'OpenDocument (ODT)', 'PDF', 'Partner', 'Payload',
    'Pipeline', 'POST JSON', 'POST form', 'Primanota', 'ROI (%)', 'Record', 'SLA', 'SMS', 'Tags',
    'Team', 'Ticket', 'URL', 'Word (DOCX)',
    # the Italian words the projects addon keeps in its English labels (SPEC C1, C6, C7)
    'Baseline', 'Commessa', 'Commesse', 'Report',
    # ... and the marketing addon (SPEC M1, M5, M6): channels and words Italian uses as they are
    'Chat', 'Fax', 'Nominativi', 'Nominativo', 'ROI', 'Scanner',
}
OWN_PREFIX = 'crm_infinity'
TEST_MODELS = {'crm.infinity.test.record'}  # tests/addons: no translation shipped


class TestLabelsReadItalian(SavepointCase):
    """Issue 13: the labels the UI reads (fields_get: field strings and selection values) of
    the CRM Infinity models, and of the fields the addons add to Odoo's models, are Italian in
    an Italian database: no label equal to its English text unless it is the same word in
    Italian. Catches the Odoo 11 XML-id collisions that left "Category", "Status", "Policy",
    "Started" and "Deadline" in English in the ticket lists and the SLA tab."""

    def test_field_labels_and_selection_values_are_italian(self):
        if not self.env['res.lang'].search([('code', '=', 'it_IT')]):
            self.skipTest('Italian is not installed in this database')
        english = []
        for model_name, names in sorted(self._own_fields().items()):
            Model = self.env[model_name]
            names = [name for name in names if name in Model._fields]
            en = Model.with_context(lang='en_US').fields_get(names, ['string', 'selection'])
            it = Model.with_context(lang='it_IT').fields_get(names, ['string', 'selection'])
            for name in names:
                if name in ('id', 'display_name', '__last_update', 'create_uid', 'create_date',
                            'write_uid', 'write_date'):
                    continue
                label = en[name]['string']
                if label == it[name]['string'] and label not in SAME_IN_ITALIAN:
                    english.append('%s.%s: %s' % (model_name, name, label))
                selection_en = en[name].get('selection')
                if isinstance(selection_en, list):
                    for (key, value), (_k, value_it) in zip(selection_en, it[name]['selection']):
                        if value == value_it and value not in SAME_IN_ITALIAN \
                                and value != key and key not in TEST_MODELS:
                            english.append('%s.%s[%s]: %s' % (model_name, name, key, value))
        self.assertFalse(english, 'Labels in English:\n' + '\n'.join(english))

    def _own_fields(self):
        """{model: [field names]} of the fields the CRM Infinity addons declare (by the module
        of their XML id), and of every field of the models they declare (with the fields that
        mixins add to them), the test models left out."""
        self.env.cr.execute("""
            SELECT DISTINCT f.model, f.name
              FROM ir_model_fields f
              JOIN ir_model m ON m.model = f.model
              LEFT JOIN ir_model_data fd ON fd.model = 'ir.model.fields' AND fd.res_id = f.id
             WHERE (fd.module LIKE %(own)s
                    OR NOT EXISTS (SELECT 1 FROM ir_model_data md
                                    WHERE md.model = 'ir.model' AND md.res_id = m.id
                                      AND md.module NOT LIKE %(own)s))
               AND f.model NOT IN %(test)s
          ORDER BY f.model, f.name""", {'own': OWN_PREFIX + '%', 'test': tuple(TEST_MODELS)})
        fields_by_model = {}
        for model, name in self.env.cr.fetchall():
            if model in self.env:
                fields_by_model.setdefault(model, []).append(name)
        return fields_by_model


class TestAssignmentNoteItalian(SavepointCase):
    """Issue 13: Odoo's "You have been assigned to the ..." note is written in the language of
    the user assigned, even when the call that assigns carries no language (RPC, demo, cron)."""

    def test_assignment_note_in_the_assignee_language(self):
        if not self.env['res.lang'].search([('code', '=', 'it_IT')]):
            self.skipTest('Italian is not installed in this database')
        user = self.env['res.users'].create({
            'name': 'Vera Assegnata', 'login': 't_assigned_it', 'lang': 'it_IT',
            'email': 't_assigned_it@example.com',
            'groups_id': [(6, 0, self.env.ref('base.group_user').ids)]})
        partner = self.env['res.partner'].with_context(lang=None).create(
            {'name': 'Cliente assegnato', 'user_id': user.id})
        partner.with_context(lang=None)._message_auto_subscribe_notify(user.partner_id.ids)
        # a mass-mail note: its recipient is on the e-mail, the message names the user
        note = partner.message_ids.filtered(lambda m: 'Vera Assegnata' in (m.body or ''))[:1]
        self.assertTrue(note, 'the assignment note was posted')
        self.assertIn('Sei stato assegnato', note.body)
        self.assertNotIn('You have been assigned', note.body)
