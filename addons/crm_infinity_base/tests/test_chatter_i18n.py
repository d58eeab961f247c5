import re

from odoo.tests.common import SavepointCase

from .common import CrmInfinityCase

TAGS = re.compile(r'<[^>]+>')
ENGLISH = re.compile(r'\b(created|modified|has been|This)\b')
CREATED = re.compile(r'^(.+) creat[oa]$')
ORIGIN = re.compile(r'^Quest[oa] (.+?) è stat[oa] (?:creat|modificat)[oa] da', re.S)
# Odoo's credit-note note names the kind in English whatever the language (account_invoice.py)
ENGLISH_KINDS = {'customer invoices credit note', 'vendor bill credit note'}


def _text(body):
    return ' '.join(TAGS.sub(' ', body or '').split())


def english_chatter(env, messages):
    """The creation and "created from" notes of ``messages`` that an Italian user would read
    (partly) in English: "... created", "This ... has been created from:", "Contact creato" (the
    model's English name), "Questo invoice è stato creato da:"."""
    Model = env['ir.model'].sudo()
    models = Model.search([])
    italian = {m.name.lower() for m in models.with_context(lang='it_IT')}
    english_names = {m.name.lower() for m in models.with_context(lang='en_US')}
    english_names = (english_names - italian) | ENGLISH_KINDS
    found = []
    for message in messages:
        text = _text(message.body)
        created = CREATED.match(text)
        origin = ORIGIN.match(text)
        if ENGLISH.search(text) or (created and created.group(1).lower() in english_names) \
                or (origin and origin.group(1).lower() in english_names):
            found.append('%s,%s: %s' % (message.model, message.res_id, text))
    return found


class TestChatterItalian(CrmInfinityCase):
    """Odoo's chatter notes written by a call that carries no language (XML data, demo builders,
    crons, RPC) read in the user's language, the model name included: "Contatto creato", not
    "Contact creato" (verb in the user's language, name in English) nor "Contact created"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env['res.lang'].search([('code', '=', 'it_IT')]):
            return
        cls.seller = cls._create_user('t_chatter_seller', 'group_crm_salesperson',
                                      'base.group_partner_manager', lang='it_IT')

    def setUp(self):
        super().setUp()
        if not self.env['res.lang'].search([('code', '=', 'it_IT')]):
            self.skipTest('Italian is not installed in this database')
        self.env_it = self.env(user=self.seller.id, context={})  # no 'lang', as RPC or XML data

    def test_creation_note_in_the_user_language(self):
        partner = self.env_it['res.partner'].create({'name': 'Officina Chatter'})
        self.assertEqual(partner.env.lang, None)
        bodies = [_text(m.body) for m in partner.message_ids]
        self.assertIn('Contatto creato', bodies)
        self.assertFalse([b for b in bodies if 'Contact' in b or 'created' in b], bodies)
        self.assertEqual(english_chatter(self.env, partner.message_ids), [])

    def test_model_name_follows_the_context_language_when_given(self):
        IrModel = self.env_it['ir.model']
        self.assertEqual(IrModel._get('res.partner').name, 'Contatto')
        self.assertEqual(IrModel.with_context(lang='en_US')._get('res.partner').name, 'Contact')

    def test_origin_note_in_the_user_language(self):
        Partner = self.env_it['res.partner']
        origin = Partner.create({'name': 'Origine Chatter'})
        copy = Partner.create({'name': 'Copia Chatter'})
        copy.message_post_with_view('mail.message_origin_link',
                                    values={'self': copy, 'origin': origin},
                                    subtype_id=self.env.ref('mail.mt_note').id)
        note = copy.message_ids.filtered(lambda m: 'Origine Chatter' in (m.body or ''))
        self.assertEqual(len(note), 1)
        self.assertIn('Documento creato da:', _text(note.body))
        self.assertIn('data-oe-id="%d"' % origin.id, note.body)
        self.assertEqual(english_chatter(self.env, note), [])

    def test_creation_notes_logged_before_the_translations_are_translated(self):
        """Odoo 11 loads a module's translations after its data: the records of its data
        files are logged "Employee creato"; once the translations are there, they read
        "Impiegato creato" (the other notes are left alone)."""
        partner = self.env_it['res.partner'].create({'name': 'Fornitore Storico'})
        Message = self.env['mail.message'].sudo()
        values = {'model': 'res.partner', 'res_id': partner.id, 'message_type': 'notification'}
        early = Message.create(dict(values, body='<p>Contact creato</p>'))
        comment = Message.create(dict(values, body='<p>Contact creato</p>',
                                      message_type='comment'))
        other = Message.create(dict(values, body='<p>Contact creato ieri</p>'))
        self.env['ir.model']._crm_translate_creation_notes(['res.partner'], ['it_IT'])
        self.assertEqual(early.body, '<p>Contatto creato</p>')
        self.assertEqual(comment.body, '<p>Contact creato</p>')
        self.assertEqual(other.body, '<p>Contact creato ieri</p>')
        self.assertEqual(english_chatter(self.env, early), [])


class TestDemoChatterItalian(SavepointCase):
    """The chatter of the demo records (Odoo's and ours, installed without a language in the
    context) reads Italian: no "created"/"has been created from" note, no English model name."""

    def test_demo_chatter_is_italian(self):
        if not self.env.ref('crm_infinity_base.user_paolo_ricci_demo', raise_if_not_found=False):
            self.skipTest('no demo data')
        # records of the data files (they have an XML id), and the demo builders' invoices and
        # orders (of the demo customers): the records the tests leave behind are not demo
        of_demo_customers = ''.join("""
                    OR (m.model = '%s' AND EXISTS (
                            SELECT 1 FROM %s r
                              JOIN ir_model_data d ON d.model = 'res.partner'
                                                  AND d.res_id = r.partner_id
                             WHERE r.id = m.res_id))""" % (model, self.env[model]._table)
                                    for model in ('account.invoice', 'sale.order')
                                    if model in self.env)
        self.env.cr.execute("""
            SELECT m.id FROM mail_message m
             WHERE m.model IS NOT NULL AND m.res_id IS NOT NULL
               AND m.body ~ '(creat|modifi|has been)'
               AND (EXISTS (SELECT 1 FROM ir_model_data d
                             WHERE d.model = m.model AND d.res_id = m.res_id)%s)
        """ % of_demo_customers)
        messages = self.env['mail.message'].browse([r[0] for r in self.env.cr.fetchall()])
        self.assertTrue(messages)
        english = english_chatter(self.env, messages)
        self.assertFalse(english, 'Demo chatter in English:\n' + '\n'.join(english[:50]))

    def test_demo_primanota_notes_are_italian(self):
        # the notes are written once, in the language of who acted: the demo's builders act
        # without one, and must write them in Italian
        if not self.env.ref('crm_infinity_base.user_paolo_ricci_demo', raise_if_not_found=False):
            self.skipTest('no demo data')
        self.env.cr.execute("""
            SELECT DISTINCT l.note FROM crm_infinity_primanota l
              JOIN ir_model_data d ON d.model = 'res.partner'
             WHERE l.note ~ '\\m(accepted|created|sent|assigned|confirmed)\\M'
               AND l.res_model IN ('sale.order', 'crm.lead')
               AND (l.res_model = 'sale.order' AND EXISTS (
                        SELECT 1 FROM sale_order o WHERE o.id = l.res_id
                           AND o.partner_id = d.res_id)
                    OR l.res_model = 'crm.lead' AND EXISTS (
                        SELECT 1 FROM crm_lead o WHERE o.id = l.res_id
                           AND o.partner_id = d.res_id))""")
        english = [row[0] for row in self.env.cr.fetchall()]
        self.assertFalse(english, 'Demo primanota notes in English: %s' % english[:10])
