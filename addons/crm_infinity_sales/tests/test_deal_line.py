from odoo.exceptions import AccessError

from .common import SalesCase


class TestDealLine(SalesCase):
    """Products of interest of a deal: defaults from the product, subtotals, total, visibility."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env['product.product'].create({
            'name': 'Caldaia a condensazione test', 'type': 'service', 'list_price': 1200.0})

    def test_defaults_and_totals(self):
        deal = self._deal(self.anna, deal_line_ids=[
            (0, 0, {'product_id': self.product.id, 'product_uom_qty': 3}),
            (0, 0, {'product_id': self.product.id, 'name': 'Con sconto', 'price_unit': 1000.0,
                    'discount': 10.0})])
        first, second = deal.deal_line_ids
        self.assertEqual(first.name, 'Caldaia a condensazione test')
        self.assertEqual(first.price_unit, 1200.0)
        self.assertEqual(first.product_uom, self.product.uom_id)
        self.assertEqual(first.price_subtotal, 3600.0)
        self.assertEqual(second.price_subtotal, 900.0)
        self.assertEqual(deal.deal_lines_amount, 4500.0)
        second.product_uom_qty = 2
        self.assertEqual(deal.deal_lines_amount, 5400.0)

    def test_lines_follow_the_deal_visibility(self):
        deal = self._deal(self.bruno, deal_line_ids=[(0, 0, {'product_id': self.product.id})])
        line = deal.deal_line_ids.sudo(self.anna)
        with self.assertRaises(AccessError):
            line.read(['name'])
        # the area manager's subordinates do not include bruno; bruno's manager sees it
        self.assertEqual(deal.deal_line_ids.sudo(self.other_manager).read(['price_subtotal'])[0]
                         ['price_subtotal'], 1200.0)
        own = self._deal(self.anna, deal_line_ids=[(0, 0, {'product_id': self.product.id})])
        self.assertEqual(own.deal_line_ids.sudo(self.anna).product_id, self.product)

    def test_lines_deleted_with_the_deal(self):
        deal = self._deal(self.anna, deal_line_ids=[(0, 0, {'product_id': self.product.id})])
        line = deal.deal_line_ids
        deal.unlink()
        self.assertFalse(line.exists())
