from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .campaign_common import MarketingCase


class TestLists(MarketingCase):
    """Static and dynamic lists (SPEC M3): recipients, counts, freeze, last look."""

    def _keys(self, recipients):
        return sorted((r['res_model'], r['res_id']) for r in recipients)

    def test_dynamic_list_count_is_its_recipients(self):
        mlist = self._dynamic(self.silvia, "[('city', '=', 'Milano'), "
                                           "('name', 'like', 'Lista Test')]")
        recipients = mlist._crm_recipients()
        self.assertEqual(self._keys(recipients),
                         sorted(('res.partner', p.id) for p in self.companies[:2]))
        self.assertEqual(mlist.crm_count, len(recipients))
        first = [r for r in recipients if r['res_id'] == self.companies[0].id][0]
        self.assertEqual(first, {'res_model': 'res.partner', 'res_id': self.companies[0].id,
                                 'name': 'Lista Test 0 S.r.l.',
                                 'email': 'info0@listatest.example.com',
                                 'phone': '+39 02 1234 5600',
                                 'partner_id': self.companies[0].id})
        # evaluated now: a new company of Milano is in at the next look
        self.companies[3].city = 'Milano'
        mlist.invalidate_cache()
        self.assertEqual(mlist.crm_count, 3)
        self.assertEqual(len(mlist._crm_recipients()), 3)

    def test_empty_or_broken_filter_is_refused_never_everybody(self):
        for domain in ('', '[]', "[(1, '=', 1)]", '[(', "[('no_such_field', '=', 1)]"):
            with self.assertRaises(ValidationError, msg=domain):
                self._dynamic(self.silvia, domain)
        mlist = self._dynamic(self.silvia, "[('city', '=', 'Milano')]")
        # a filter broken after saving (written around the check) is an error, not everybody
        self.env.cr.execute("UPDATE mail_mass_mailing_list SET crm_domain = '[]' WHERE id = %s",
                            (mlist.id,))
        mlist.invalidate_cache()
        with self.assertRaises(UserError):
            mlist._crm_recipients()
        self.assertEqual(mlist.crm_count, 0)
        self.assertIn('empty', mlist.crm_error)

    def test_static_list_members_and_odoo_contacts(self):
        mlist = self.List.sudo(self.silvia).create({'name': 'Statica test'})
        contact = self.env['mail.mass_mailing.contact'].create({
            'name': 'Iscritto', 'email': 'iscritto@example.com', 'list_ids': [(4, mlist.id)]})
        self.env['mail.mass_mailing.contact'].create({
            'name': 'Disiscritto', 'email': 'no@example.com', 'opt_out': True,
            'list_ids': [(4, mlist.id)]})
        self.env['crm.infinity.list.member']._crm_bulk_add(
            mlist, [{'res_model': 'res.partner', 'res_id': p.id, 'name': p.name}
                    for p in self.companies[:3]])
        recipients = mlist._crm_recipients()
        self.assertEqual(self._keys(recipients),
                         sorted([('mail.mass_mailing.contact', contact.id)]
                                + [('res.partner', p.id) for p in self.companies[:3]]))
        self.assertEqual(mlist.crm_count, 4)
        # twice the same record: once
        added = self.env['crm.infinity.list.member']._crm_bulk_add(
            mlist, [{'res_model': 'res.partner', 'res_id': self.companies[0].id}])
        self.assertEqual(added, 0)

    def test_freeze_a_dynamic_list(self):
        mlist = self._dynamic(self.silvia, "[('name', 'like', 'Lista Test'), "
                                           "('city', '=', 'Milano')]")
        action = mlist.action_crm_freeze()
        frozen = self.List.sudo(self.silvia).browse(action['res_id'])
        self.assertEqual((frozen.crm_list_type, frozen.crm_frozen_from_id), ('static', mlist))
        self.assertTrue(frozen.crm_frozen_date)
        self.assertIn('snapshot', frozen.name)
        self.assertEqual(self._keys(frozen._crm_recipients()), self._keys(mlist._crm_recipients()))
        # the snapshot does not move when the filter's records change
        self.companies[2].city = 'Milano'
        mlist.invalidate_cache()
        frozen.invalidate_cache()
        self.assertEqual((mlist.crm_count, frozen.crm_count), (3, 2))

    def test_changes_since_last_look(self):
        mlist = self._dynamic(self.silvia, "[('name', 'like', 'Lista Test'), "
                                           "('city', '=', 'Milano')]").sudo(self.silvia)
        count, added, removed, seen = mlist._crm_changes_since_seen()
        self.assertEqual((count, len(added), removed, seen), (2, 2, [], False))
        mlist._crm_mark_seen()
        self.assertEqual(mlist._crm_changes_since_seen()[1:3], ([], []))
        self.companies[0].city = 'Roma'
        self.companies[2].city = 'Milano'
        count, added, removed, seen = mlist._crm_changes_since_seen()
        self.assertEqual(count, 2)
        self.assertEqual(added, ['res.partner,%d' % self.companies[2].id])
        self.assertEqual(removed, ['res.partner,%d' % self.companies[0].id])
        self.assertTrue(seen)
        # another user's look is his own
        self.assertFalse(mlist.sudo(self.admin)._crm_changes_since_seen()[3])

    def test_mailing_to_a_dynamic_list_asks_confirmation(self):
        mlist = self._dynamic(self.silvia, "[('name', 'like', 'Lista Test'), "
                                           "('city', '=', 'Milano')]")
        mailing = self.env['mail.mass_mailing'].sudo(self.silvia).create({
            'name': 'Messaggio test', 'mailing_model_id': self.env.ref(
                'mass_mailing.model_mail_mass_mailing_list').id,
            'contact_list_ids': [(6, 0, mlist.ids)], 'body_html': '<p>Ciao</p>'})
        self.assertFalse(mailing._crm_check_lists_confirmed())
        self.assertTrue(mailing.with_context(crm_lists_confirmed=True)
                        ._crm_check_lists_confirmed())
        action = mailing.action_crm_confirm_lists('action_test_mailing')
        wizard = self.env[action['res_model']].sudo(self.silvia).browse(action['res_id'])
        self.assertEqual((wizard.total, wizard.line_ids.count, wizard.line_ids.first_look),
                         (2, 2, True))
        wizard.action_confirm()
        # every sending to a dynamic list is confirmed; the next one shows who came in since
        self.assertFalse(mailing._crm_check_lists_confirmed())
        self.companies[2].city = 'Milano'
        action = mailing.action_crm_confirm_lists()
        wizard = self.env[action['res_model']].sudo(self.silvia).browse(action['res_id'])
        self.assertEqual((wizard.total, wizard.line_ids.added_count,
                          wizard.line_ids.removed_count), (3, 1, 0))
        self.assertIn('Lista Test 2', wizard.line_ids.added_names)

    def test_send_button_asks_first(self):
        mlist = self._dynamic(self.silvia, "[('name', 'like', 'Lista Test'), "
                                           "('city', '=', 'Milano')]")
        mailing = self.env['mail.mass_mailing'].sudo(self.silvia).create({
            'name': 'Messaggio da confermare', 'contact_list_ids': [(6, 0, mlist.ids)],
            'body_html': '<p>Ciao</p>',
            'mailing_model_id': self.env.ref('mass_mailing.model_mail_mass_mailing_list').id})
        action = mailing.put_in_queue()
        self.assertEqual(action['res_model'], 'crm.infinity.list.confirm')
        self.assertEqual(mailing.state, 'draft')
        wizard = self.env[action['res_model']].sudo(self.silvia).browse(action['res_id'])
        wizard.action_confirm()
        self.assertEqual(mailing.state, 'in_queue')

    def test_confirmation_refuses_a_broken_list(self):
        mlist = self._dynamic(self.silvia, "[('city', '=', 'Milano')]")
        mailing = self.env['mail.mass_mailing'].sudo(self.silvia).create({
            'name': 'Messaggio rotto', 'contact_list_ids': [(6, 0, mlist.ids)],
            'mailing_model_id': self.env.ref('mass_mailing.model_mail_mass_mailing_list').id})
        self.env.cr.execute("UPDATE mail_mass_mailing_list SET crm_domain = '' WHERE id = %s",
                            (mlist.id,))
        mlist.invalidate_cache()
        with self.assertRaises(UserError):
            mailing._crm_check_lists_confirmed()

    @mute_logger('odoo.models')
    def test_b2_lists_are_the_operators_own(self):
        mine = self._dynamic(self.silvia, "[('city', '=', 'Milano')]", name='Di Silvia')
        Lists = self.List.sudo(self.marta)
        self.assertFalse(Lists.search([('id', '=', mine.id)]))
        self.assertTrue(self.List.sudo(self.admin).search([('id', '=', mine.id)]))

    def test_recipients_as_the_current_user(self):
        """A salesperson's dynamic list on contacts holds only the companies he may see."""
        self.env.ref('crm_infinity_base.group_crm_marketing_operator').users = [
            (4, self.anna.id)]
        mlist = self._dynamic(self.anna, "[('name', 'like', 'Lista Test')]")
        ids = {r['res_id'] for r in mlist.sudo(self.anna)._crm_recipients()}
        visible = set(self.env['res.partner'].sudo(self.anna).search(
            [('name', 'like', 'Lista Test')]).ids)
        self.assertEqual(ids, visible)
        self.assertEqual(mlist.sudo(self.anna).crm_count, len(visible))
