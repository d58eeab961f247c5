from odoo.exceptions import AccessError

from .common import SupportCockpitCase


class TestPreview(SupportCockpitCase):
    """The preview pane of the cockpit lists (SPEC T3)."""

    def test_preview_shows_header_history_and_customer_messages(self):
        ticket = self._ticket(name='Caldaia in blocco',
                              description='<p>La caldaia segna errore E04</p>',
                              product_id=self.product.id, serial_number='SN-0042')
        ticket.sudo(self.operator).action_take()
        ticket.message_post(body='<p>Abbiamo ordinato il pezzo di ricambio</p>',
                            message_type='comment', subtype='mail.mt_comment')
        ticket.message_post(body='<p>Nota riservata agli operatori</p>',
                            message_type='comment', subtype='mail.mt_note')
        preview = ticket.sudo(self.operator).get_preview()
        self.assertEqual(preview['id'], ticket.id)
        html = preview['html']
        for text in (ticket.number, 'Caldaia in blocco', 'ACME S.p.A.',
                     'Aldo Acme', 'Tecnica', 'Caldaia Test HX', 'SN-0042',
                     'errore E04', self.operator.name, 'Abbiamo ordinato il pezzo'):
            self.assertIn(text, html)
        self.assertIn('o_crm_infinity_ticket_history', html)  # the ticket history table
        self.assertNotIn('Nota riservata', html)

    def test_preview_follows_the_record_rules(self):
        ticket = self._ticket()
        with self.assertRaises(AccessError):
            ticket.sudo(self.stranger).get_preview()

    def test_cockpit_actions_open_the_preview_list(self):
        view = self.env.ref('crm_infinity_support.crm_infinity_ticket_view_tree_cockpit')
        for xmlid in ('my', 'to_take', 'my_groups', 'to_assign'):
            action = self.env.ref('crm_infinity_support.crm_infinity_ticket_action_' + xmlid).read()[0]
            self.assertEqual(action['views'][0], (view.id, 'tree'), xmlid)
        arch = self.Ticket.fields_view_get(view.id, 'tree')['arch']
        self.assertIn('js_class="crm_infinity_ticket_preview_list"', arch)
