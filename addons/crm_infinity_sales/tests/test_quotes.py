from unittest.mock import patch

from odoo.exceptions import AccessError, UserError

from .quote_common import QUOTE_ERRORS, QuoteCase


class TestManagementCausale(QuoteCase):

    def _add_deal_lines(self, deal):
        if 'crm.infinity.deal.line' not in self.env:
            return False
        uom = self.product.uom_id
        Line = self.env['crm.infinity.deal.line']
        Line.create({'lead_id': deal.id, 'sequence': 1, 'product_id': self.product.id,
                     'name': 'Licenze per 10 utenti', 'product_uom_qty': 10,
                     'product_uom': uom.id, 'price_unit': 90.0, 'discount': 5.0})
        Line.create({'lead_id': deal.id, 'sequence': 2, 'product_id': self.product2.id,
                     'name': 'Avviamento', 'product_uom_qty': 2,
                     'product_uom': self.product2.uom_id.id, 'price_unit': 600.0})
        return True

    def test_management_causale_creates_the_quotation_with_lines_and_conditions(self):
        has_lines = self._add_deal_lines(self.deal_anna)
        deal = self.deal_anna.sudo(self.anna)
        deal.apply_causale(self.causale_offer.id, {'note': 'Offerta inviata via PEC'})
        order = self.env['sale.order'].search([('opportunity_id', '=', self.deal_anna.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.partner_id, self.contact_anna)
        self.assertEqual(order.partner_invoice_id.commercial_partner_id, self.comp_anna)
        self.assertEqual(order.pricelist_id, self.pricelist)
        self.assertEqual(order.payment_term_id, self.payment_term)
        self.assertEqual(order.user_id, self.anna)
        self.assertEqual(order.team_id, self.team)
        self.assertEqual(order.origin, self.deal_anna.name)
        self.assertEqual(order.state, 'draft')
        if has_lines:
            self.assertEqual(
                [(l.product_id, l.name, l.product_uom_qty, l.price_unit, l.discount)
                 for l in order.order_line.sorted('sequence')],
                [(self.product, 'Licenze per 10 utenti', 10, 90.0, 5.0),
                 (self.product2, 'Avviamento', 2, 600.0, 0.0)])
        self.assertEqual(self.deal_anna.deal_status_id, self.st_offer_issued)
        causale_line = self._primanota(self.deal_anna, causale_id=self.causale_offer.id)
        self.assertEqual(causale_line.note, 'Offerta inviata via PEC')
        self.assertEqual(causale_line.user_id, self.anna)
        self.assertIn(order.name, self._primanota(self.deal_anna, event_code='quote').note)
        self.assertTrue(self._primanota(order))
        self.assertEqual(len(self._events('quote_created', order)), 1)

    def test_the_deal_button_creates_the_same_quotation(self):
        action = self.deal_anna.sudo(self.anna).action_create_quotation()
        order = self.env['sale.order'].browse(action['res_id'])
        self.assertEqual(order.opportunity_id, self.deal_anna)
        self.assertEqual(self.deal_anna.quote_count, 1)
        self.assertEqual(self.deal_anna.action_view_quotes()['domain'],
                         [('opportunity_id', '=', self.deal_anna.id)])

    def test_a_failing_causale_leaves_nothing(self):
        self._add_deal_lines(self.deal_anna)
        status = self.deal_anna.deal_status_id
        before = self._primanota(self.deal_anna)
        with self.assertRaisesRegex(UserError, 'was not applied'):
            self.deal_anna.sudo(self.anna).apply_causale(self.causale_broken.id, {})
        self.assertFalse(self.env['sale.order'].search(
            [('opportunity_id', '=', self.deal_anna.id)]))
        self.assertFalse(self.env['sale.order.line'].search(
            [('order_id.opportunity_id', '=', self.deal_anna.id)]))
        self.assertEqual(self._primanota(self.deal_anna), before)
        self.assertEqual(self.deal_anna.deal_status_id, status)

    def test_a_deal_without_customer_gets_a_clear_error(self):
        deal = self._deal(self.anna, partner_id=False)
        with self.assertRaisesRegex(UserError, 'no customer'):
            deal.sudo(self.anna).apply_causale(self.causale_offer.id, {})

    def test_salesperson_cannot_apply_it_to_another_salespersons_deal(self):
        with self.assertRaises(AccessError):
            self.deal_bruno.sudo(self.anna).apply_causale(self.causale_offer.id, {})
        self.assertFalse(self.env['sale.order'].search(
            [('opportunity_id', '=', self.deal_bruno.id)]))

    def test_manager_quotes_a_subordinates_deal_for_him(self):
        self.deal_anna.sudo(self.area_manager).apply_causale(self.causale_offer.id, {})
        order = self.env['sale.order'].search([('opportunity_id', '=', self.deal_anna.id)])
        self.assertEqual(order.user_id, self.anna)


class TestQuoteRules(QuoteCase):
    """B2 row Quotes: created only on own deals/companies, associated only with himself, seen
    when associated; commessa manager reads those of his commesse; CRM admin all."""

    def test_salesperson_creates_quotes_on_his_company_only(self):
        order = self._quote(self.anna, self.comp_anna)
        self.assertEqual(order.user_id, self.anna)
        self._quote(self.anna, self.contact_anna)  # a contact of his company
        with self.assertRaises(QUOTE_ERRORS):
            self._quote(self.anna, self.comp_bruno)
        with self.assertRaises(QUOTE_ERRORS):
            self._quote(self.anna, self.comp_free)

    def test_salesperson_associates_only_himself(self):
        with self.assertRaises(QUOTE_ERRORS):
            self._quote(self.anna, self.comp_anna, user_id=self.bruno.id)
        order = self._quote(self.anna, self.comp_anna)
        with self.assertRaises(QUOTE_ERRORS):
            order.sudo(self.anna).write({'user_id': self.bruno.id})

    def test_salesperson_quotes_only_his_deals(self):
        with self.assertRaises(QUOTE_ERRORS):
            self._quote(self.anna, self.comp_anna, opportunity_id=self.deal_bruno.id)
        order = self._quote(self.anna, self.contact_anna, opportunity_id=self.deal_anna.id)
        self.assertEqual(order.opportunity_id, self.deal_anna)

    def test_manager_may_associate_a_subordinate(self):
        order = self._quote(self.area_manager, self.comp_anna, user_id=self.anna.id)
        self.assertEqual(order.user_id, self.anna)
        with self.assertRaises(QUOTE_ERRORS):
            self._quote(self.area_manager, self.comp_anna, user_id=self.bruno.id)

    def test_crm_admin_creates_any_quote(self):
        order = self._quote(self.admin, self.comp_bruno, user_id=self.anna.id)
        self.assertEqual(order.user_id, self.anna)

    def test_visibility_per_profile(self):
        commessa_manager = self._create_user('t_quote_cm', 'group_crm_commessa_manager')
        q_anna = self._quote(self.anna, self.comp_anna)
        q_bruno = self._quote(self.bruno, self.comp_bruno)
        q_commessa = self._quote(self.admin, self.comp_bruno, user_id=self.bruno.id,
                                 crm_commessa_manager_id=commessa_manager.id)
        quotes = q_anna | q_bruno | q_commessa

        def visible(user):
            return self.env['sale.order'].sudo(user).search([('id', 'in', quotes.ids)])

        self.assertEqual(visible(self.anna), q_anna)
        self.assertEqual(visible(self.bruno), q_bruno | q_commessa)
        self.assertEqual(visible(self.area_manager), q_anna)
        self.assertEqual(visible(self.admin), quotes)
        self.assertEqual(visible(commessa_manager), q_commessa)
        self.assertTrue(q_commessa.sudo(commessa_manager).order_line.ids is not None)
        with self.assertRaises(AccessError):
            q_commessa.sudo(commessa_manager).write({'note': 'no'})
        with self.assertRaises(AccessError):
            q_anna.sudo(self.bruno).read(['name'])

    def test_salesperson_accepts_his_quote(self):
        order = self._quote(self.anna, self.contact_anna, opportunity_id=self.deal_anna.id)
        self.env['sale.order.line'].create({'order_id': order.id, 'product_id': self.product.id})
        with patch.object(type(self.env['sale.order']), '_crm_infinity_on_quote_accepted',
                          autospec=True, return_value=True) as hook:
            order.sudo(self.anna).action_confirm()
        self.assertEqual(order.state, 'sale')
        self.assertEqual(order.crm_accepted_by_id, self.anna)
        self.assertEqual(hook.call_count, 1)
        self.assertEqual(hook.call_args[0][0].ids, order.ids)
        line = self._primanota(order, event_code='quote_accepted')
        self.assertEqual(line.user_id, self.anna)
        self.assertTrue(self._primanota(self.deal_anna, event_code='quote_accepted'))
        self.assertEqual(len(self._events('quote_accepted', order)), 1)

    def test_a_failing_acceptance_hook_undoes_the_acceptance(self):
        order = self._quote(self.anna, self.comp_anna)

        def refuse(orders):
            raise UserError('Commessa non creata')

        with patch.object(type(self.env['sale.order']), '_crm_infinity_on_quote_accepted',
                          side_effect=refuse, autospec=True):
            with self.assertRaisesRegex(UserError, 'Commessa non creata'):
                with self.env.cr.savepoint():
                    order.sudo(self.anna).action_confirm()
        order.invalidate_cache()
        self.assertEqual(order.state, 'draft')
        self.assertFalse(self._primanota(order, event_code='quote_accepted'))
        self.assertFalse(self._events('quote_accepted', order))

    def test_notification_rule_on_quote_accepted_reaches_the_owner(self):
        self.env['crm.infinity.notification.rule'].create({
            'name': 'Preventivo accettato (test)',
            'event_type_id': self.env.ref('crm_infinity_base.event_type_quote_accepted').id,
            'notify_owner': True, 'channel_message': True,
            'subject': 'Preventivo ${object.name} accettato', 'body': 'Preventivo accettato'})
        order = self._quote(self.anna, self.comp_anna)
        order.sudo(self.anna).action_confirm()
        messages = self.env['mail.message'].search([
            ('model', '=', 'sale.order'), ('res_id', '=', order.id),
            ('subject', '=', 'Preventivo %s accettato' % order.name)])
        self.assertEqual(len(messages), 1)
        self.assertIn(self.anna.partner_id, messages.partner_ids)
