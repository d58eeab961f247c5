from odoo.exceptions import ValidationError

from .common import SalesCase


class TestDeal(SalesCase):

    def _events(self, code, deal):
        return self.env['crm.infinity.event'].search([
            ('event_type_id.code', '=', code), ('res_model', '=', 'crm.lead'),
            ('res_id', '=', deal.id)])

    def _primanota(self, deal):
        return self.env['crm.infinity.primanota'].search([
            ('res_model', '=', 'crm.lead'), ('res_id', '=', deal.id)])

    def test_new_deal_starts_as_lead_with_initial_status(self):
        deal = self._deal(self.anna)
        self.assertEqual(deal.deal_phase, 'lead')
        self.assertEqual(deal.deal_status_id, self.st_lead_initial)
        self.assertEqual(deal.deal_status_type, 'initial')
        self.assertEqual(deal.deal_company_name, 'Cliente Trattative S.r.l.')
        self.assertTrue(deal.opening_date)

    def test_leads_older_than_the_addon_get_the_initial_status_of_their_phase(self):
        from odoo import models
        old_lead, old_potential, old_won = (self._deal(self.anna) for _i in range(3))
        old_potential.write({'deal_phase': 'potential'})
        old_won.write({'probability': 100})
        for deal in (old_lead, old_potential, old_won):  # as before the addon was installed
            models.BaseModel.write(deal, {'deal_status_id': False})
        lines, events = self._primanota(old_lead), self._events('lead_status_changed', old_lead)
        self.env['crm.lead']._deal_fill_missing_status()
        self.assertEqual(old_lead.deal_status_id, self.st_lead_initial)
        self.assertEqual(old_potential.deal_status_id, self.st_potential_initial)
        self.assertFalse(old_won.deal_status_id)  # closed deals are left as they were
        # filling a hole is not a status change
        self.assertEqual(self._primanota(old_lead), lines)
        self.assertEqual(self._events('lead_status_changed', old_lead), events)
        # Odoo's own demo leads have one too
        self.assertEqual(self.env.ref('crm.crm_case_1').deal_status_type, 'initial')

    def test_phase_change_sets_default_status_and_may_jump(self):
        deal = self._deal(self.anna)
        deal.write({'deal_phase': 'potential'})
        self.assertEqual(deal.deal_status_id, self.st_potential_initial)
        deal2 = self._deal(self.anna)
        deal2.write({'deal_phase': 'opportunity'})  # any phase may jump to Opportunity
        self.assertEqual(deal2.deal_status_id, self.st_opportunity_initial)

    def test_phase_cannot_go_back(self):
        deal = self._deal(self.anna, deal_phase='opportunity')
        with self.assertRaisesRegex(ValidationError, 'cannot go back'):
            deal.write({'deal_phase': 'lead'})

    def test_status_must_belong_to_phase(self):
        deal = self._deal(self.anna)
        with self.assertRaisesRegex(ValidationError, 'does not belong to the phase'):
            deal.write({'deal_status_id': self.st_offer_issued.id})

    def test_lost_needs_a_reason(self):
        deal = self._deal(self.anna, deal_phase='opportunity')
        with self.assertRaisesRegex(ValidationError, 'give a lost reason'):
            deal.write({'deal_status_id': self.st_lost.id})
        deal.write({'deal_status_id': self.st_lost.id, 'lost_reason': self.lost_reason.id})
        self.assertEqual(deal.deal_status_type, 'lost')
        self.assertEqual(deal.probability, 0)

    def test_lost_reason_error_is_translated(self):
        self.env['res.lang'].load_lang('it_IT')
        deal = self._deal(self.anna)
        with self.assertRaisesRegex(ValidationError, 'motivo'):
            deal.with_context(lang='it_IT').write({'deal_status_id': self.st_lead_lost.id})

    def test_won_sets_probability(self):
        deal = self._deal(self.anna, deal_phase='opportunity')
        deal.write({'deal_status_id': self.st_won.id})
        self.assertEqual(deal.probability, 100)
        self.assertTrue(deal.date_closed)

    def test_events_emitted(self):
        deal = self._deal(self.anna)
        self.assertEqual(len(self._events('lead_created', deal)), 1)
        self.assertFalse(self._events('lead_status_changed', deal))
        deal.write({'deal_phase': 'potential'})
        events = self._events('lead_status_changed', deal)
        self.assertEqual(len(events), 1)
        self.assertIn('Waiting for contact', events.payload)
        deal.write({'priority': '2'})  # no status change, no event
        self.assertEqual(len(self._events('lead_status_changed', deal)), 1)

    def test_primanota_lines_on_status_change(self):
        deal = self._deal(self.anna)
        lines = self._primanota(deal)
        self.assertEqual(len(lines), 1, 'creation is logged')
        deal.write({'deal_phase': 'opportunity'})
        lines = self._primanota(deal) - lines
        self.assertEqual(len(lines), 1)
        self.assertIn('deal_status_id', lines.changes)
        self.assertIn('deal_phase', lines.changes)
        self.assertEqual(lines.owner_id, self.anna)

    def test_apply_causale_changes_status_with_primanota(self):
        model = self.env['ir.model']._get('crm.lead')
        field = self.env['ir.model.fields'].search([('model', '=', 'crm.lead'),
                                                    ('name', '=', 'priority')])
        causale = self.env['crm.infinity.causale'].create({
            'name': 'Alza priorità', 'kind': 'crm', 'model_ids': [(6, 0, model.ids)],
            'effect_ids': [(0, 0, {'effect_type': 'set_field', 'field_id': field.id, 'value': '3'})]})
        deal = self._deal(self.anna)
        deal.apply_causale(causale.id, {'note': 'cliente importante'})
        self.assertEqual(deal.priority, '3')
        line = self._primanota(deal).filtered(lambda l: l.causale_id == causale)
        self.assertEqual(len(line), 1)

    def test_odoo_mark_won_and_lost_set_the_status(self):
        deal = self._deal(self.anna, deal_phase='potential')
        deal.action_set_won()
        self.assertEqual((deal.deal_phase, deal.deal_status_id), ('opportunity', self.st_won))
        deal2 = self._deal(self.anna)
        with self.assertRaisesRegex(ValidationError, 'give a lost reason'):
            deal2.action_set_lost()
        deal2.write({'lost_reason': self.lost_reason.id})
        deal2.action_set_lost()
        self.assertEqual(deal2.deal_status_id, self.st_lead_lost)
        self.assertFalse(deal2.active)
