"""The index of the Scheda riepilogo on the sales sources (deals opened, their changes of
phase and status, quotations, the primanota of the deals): after each change the watches of
``crm_infinity_timeline`` declare, the right sources of the right companies are queued and the
card read through the index equals the card made from the sources, as the owner, a
salesperson of another group, his manager and an administrator."""
from odoo.addons.crm_infinity_base.tests.common import TimelineIndexMixin

from . import test_conversion
from .common import SalesCase
from .test_sicurweb import SicurwebCase


class TestTimelineIndexSales(TimelineIndexMixin, SalesCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Partner = env['res.partner']
        cls.customer.write({'user_id': cls.anna.id})
        cls.person = Partner.create({'name': 'Carla Cliente', 'parent_id': cls.customer.id})
        cls.other = Partner.create({'name': 'Altra Trattative S.p.A.', 'is_company': True,
                                    'user_id': cls.bruno.id})
        cls.other_person = Partner.create({'name': 'Otto Altra', 'parent_id': cls.other.id})
        # deals with their tracking (the changes of phase are items of the card)
        cls.Deal = env['crm.lead']
        cls.deal_anna = cls._deal(cls.anna, name='Trattativa Anna', partner_id=cls.person.id)
        cls.deal_bruno = cls._deal(cls.bruno, name='Trattativa Bruno')
        cls.deal_other = cls._deal(cls.bruno, name='Trattativa altra', partner_id=cls.other.id)
        cls.product = env['product.product'].create({'name': 'Consulenza indice',
                                                     'list_price': 100.0})
        cls.quote = cls._quote(cls.anna, cls.customer)
        cls.viewers = cls.anna | cls.bruno | cls.area_manager | cls.admin

    @classmethod
    def _deal(cls, owner, **values):
        vals = {'name': 'Trattativa', 'type': 'opportunity', 'partner_id': cls.customer.id,
                'user_id': owner.id}
        vals.update(values)
        return cls.env['crm.lead'].create(vals)  # tracked, unlike SalesCase's

    @classmethod
    def _quote(cls, owner, partner):
        return cls.env['sale.order'].sudo(owner).create({
            'partner_id': partner.id, 'user_id': owner.id,
            'order_line': [(0, 0, {'product_id': cls.product.id, 'product_uom_qty': 1})],
        }).sudo()

    def test_the_sources_of_sales_are_in_the_index(self):
        self._build(self.customer)
        keys = self._index_keys(self.customer)
        self.assertEqual(keys.get('deal'), 2)
        self.assertEqual(keys.get('quote'), 1)
        self.assertTrue(keys.get('deal_phase'))
        self.assertTrue(keys.get('primanota'))

    def test_a_deal_opened_on_a_contact(self):
        self._build(self.customer, self.other)
        deal = self._deal(self.anna, name='Nuova trattativa', partner_id=self.person.id)
        self.assertLessEqual({'deal', 'deal_phase', 'primanota'},
                             self._index_queued(self.customer))
        self.assertFalse(self._index_queued(self.other))
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertIn(deal.id, self._index_ids(self.customer, 'deal'))

    def test_a_deal_moved_to_another_company(self):
        self._build(self.customer, self.other)
        self.deal_anna.sudo(self.admin).write({'partner_id': self.other_person.id})
        for company in (self.customer, self.other):
            self.assertLessEqual({'deal', 'deal_phase', 'primanota'},
                                 self._index_queued(company))
            self.assertCardIndexed(company, self.viewers)
        self.assertNotIn(self.deal_anna.id, self._index_ids(self.customer, 'deal'))
        self.assertIn(self.deal_anna.id, self._index_ids(self.other, 'deal'))

    def test_the_opening_date_changed(self):
        self._build(self.customer)
        self.deal_bruno.sudo(self.bruno).write({'opening_date': '2025-03-01'})
        self.assertIn('deal', self._index_queued(self.customer))
        self.assertCardIndexed(self.customer, self.viewers)

    def test_a_change_of_phase_and_status(self):
        self._build(self.customer)
        phases = len(self._index_ids(self.customer, 'deal_phase'))
        self.deal_anna.sudo(self.anna).write({'deal_phase': 'opportunity'})
        self.assertLessEqual({'deal_phase', 'primanota'}, self._index_queued(self.customer))
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertGreater(len(self._index_ids(self.customer, 'deal_phase')), phases)
        self.deal_anna.sudo(self.anna).write({'deal_status_id': self.st_offer_issued.id})
        self.assertIn('deal_phase', self._index_queued(self.customer))
        self.assertCardIndexed(self.customer, self.viewers)

    def test_a_quotation_made_and_moved(self):
        self._build(self.customer, self.other)
        quote = self._quote(self.anna, self.person)
        self.assertIn('quote', self._index_queued(self.customer))
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertIn(quote.id, self._index_ids(self.customer, 'quote'))
        self.quote.write({'partner_id': self.other.id})
        self.assertIn('quote', self._index_queued(self.customer))
        self.assertIn('quote', self._index_queued(self.other))
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertCardIndexed(self.other, self.viewers)
        self.assertIn(self.quote.id, self._index_ids(self.other, 'quote'))

    def test_a_causale_on_a_deal_logs_a_primanota_line_on_the_card(self):
        model = self.env['ir.model']._get('crm.lead')
        field = self.env['ir.model.fields'].search([('model', '=', 'crm.lead'),
                                                    ('name', '=', 'priority')])
        causale = self.env['crm.infinity.causale'].create({
            'name': 'Alza priorità indice', 'kind': 'crm', 'model_ids': [(6, 0, model.ids)],
            'effect_ids': [(0, 0, {'effect_type': 'set_field', 'field_id': field.id,
                                   'value': '3'})]})
        self._build(self.customer)
        lines = self._index_ids(self.customer, 'primanota')
        self.deal_anna.sudo(self.anna).apply_causale(causale.id, {'note': 'cliente importante'})
        self.assertEqual(self._index_queued(self.customer), {'primanota'})
        self.assertCardIndexed(self.customer, self.viewers)
        line = self.env['crm.infinity.primanota'].search([
            ('res_model', '=', 'crm.lead'), ('res_id', '=', self.deal_anna.id),
            ('causale_id', '=', causale.id)])
        self.assertEqual(self._index_ids(self.customer, 'primanota') - lines, set(line.ids))

    def test_deals_of_two_companies_merged(self):
        # Odoo's merge moves the tail's messages (and their tracking) onto the head deal
        self._build(self.customer, self.other)
        deals = self.deal_other | self.deal_bruno
        head = deals.merge_opportunity()
        self.assertFalse((deals - head).exists())
        self.assertIn('deal_phase', self._index_queued(self.customer))
        self.assertIn('deal_phase', self._index_queued(self.other))
        self.assertCardIndexed(self.customer, self.viewers)
        self.assertCardIndexed(self.other, self.viewers)

    def test_an_update_of_columns_not_shown_queues_nothing(self):
        self._build(self.customer)
        self.deal_anna.sudo(self.anna).write({'description': 'Richiamare lunedì'})
        self.quote.write({'note': 'Consegna in 30 giorni'})
        self.assertFalse(self._index_queued(self.customer))

    def test_a_tracked_change_other_than_phase_or_status_redoes_only_the_primanota(self):
        self._build(self.customer)
        self.deal_anna.sudo(self.anna).write({'planned_revenue': 1500.0})
        self.assertEqual(self._index_queued(self.customer), {'primanota'})
        self.assertCardIndexed(self.customer, self.viewers)


class TestTimelineIndexLeadConversion(TimelineIndexMixin, SicurwebCase):
    """A Sicurweb lead merged into a company whose card is indexed (SPEC S4): its deals,
    quotes, messages, communications and primanota arrive on the card."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env['res.partner']
        # what the helpers of the conversion tests read
        cls.sector = cls.env['crm.infinity.sector'].create({'name': 'Settore indice'})
        cls.tool = cls.env['crm.infinity.competitor.tool'].create({'name': 'Foglio indice'})
        cls.person = Partner.create({'name': 'Giovanni Prospetto',
                                     'email': 'giovanni@prospetto.example.com'})
        cls.product = cls.env['product.product'].create({'name': 'Consulenza sicurezza',
                                                         'list_price': 1200.0})
        cls.existing = Partner.create({'name': 'Prospetto Già Cliente S.p.A.',
                                       'is_company': True, 'vat': test_conversion.VAT,
                                       'user_id': cls.anna.id})
        Partner.create({'name': 'Referente Già Cliente', 'parent_id': cls.existing.id})
        cls.viewers = cls.anna | cls.area_manager | cls.admin

    def test_a_lead_merged_into_an_indexed_company(self):
        Conversion = test_conversion.TestLeadConversion
        lead = Conversion._acquired_lead(self)
        linked = Conversion._history(self, lead)
        self.assertCardIndexed(self.existing, self.viewers)
        wizard = Conversion._wizard(self, lead)
        self.assertEqual((wizard.action, wizard.partner_id), ('merge', self.existing))
        self.assertEqual(wizard.convert(), self.existing)
        self.assertLessEqual({'deal', 'deal_phase', 'quote', 'message', 'communication',
                              'primanota'}, self._index_queued(self.existing))
        self.assertCardIndexed(self.existing, self.viewers)
        self.env.cr.execute('SELECT key, res_id FROM crm_infinity_timeline_item '
                            'WHERE commercial_id = %s', [self.existing.id])
        items = set(self.env.cr.fetchall())
        self.assertLessEqual({('deal', lead.id), ('deal', linked['deal'].id),
                              ('quote', linked['quote'].id),
                              ('communication', linked['communication'].id)}, items)
