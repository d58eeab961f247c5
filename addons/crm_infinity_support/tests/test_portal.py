import base64

from odoo.exceptions import AccessError, ValidationError

from .portal_common import SupportPortalCase


class TestPortalTickets(SupportPortalCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.t_aldo = cls._ticket(cls.alfa_boss)
        cls.t_carla = cls._ticket(cls.alfa_clerk)
        cls.t_bruno = cls._ticket(cls.beta_contact)
        cls.t_bruno_reserved = cls._ticket(cls.beta_contact, cls.center_reserved)
        cls.t_internal = cls._ticket(cls.alfa_clerk, cls.center_internal)

    def _visible(self, user):
        return self.env['crm.infinity.ticket'].sudo(user).search(
            [('id', 'in', (self.t_aldo | self.t_carla | self.t_bruno | self.t_bruno_reserved
                           | self.t_internal).ids)])

    def test_company_visibility(self):
        self.assertEqual(self._visible(self.user_alfa), self.t_aldo | self.t_carla)
        self.assertEqual(self._visible(self.user_alfa_clerk), self.t_carla)
        self.assertEqual(self._visible(self.user_beta), self.t_bruno | self.t_bruno_reserved)
        self.alfa_boss.support_company_tickets = False
        self.env['crm.infinity.ticket'].invalidate_cache()
        self.assertEqual(self._visible(self.user_alfa), self.t_aldo)

    def test_portal_centers(self):
        Ticket = self.env['crm.infinity.ticket']
        self.assertEqual(Ticket._portal_centers(self.alfa_boss).filtered(
            lambda c: c.code.startswith('T')), self.center_open)
        self.assertEqual(Ticket._portal_centers(self.beta_contact).filtered(
            lambda c: c.code.startswith('T')), self.center_open | self.center_reserved)

    def test_create_from_portal(self):
        Ticket = self.env['crm.infinity.ticket'].sudo(self.user_alfa)
        ticket = Ticket._portal_create_ticket({
            'center_id': self.center_open.id, 'category_id': self.category.id,
            'product_id': self.product.id, 'name': 'La pompa fa rumore',
            'description': 'Rumore forte\ndi notte', 'serial_number': 'PX9-001'},
            [('foto.txt', b'contenuto')])
        self.assertEqual(ticket.env.uid, self.user_alfa.id)
        self.assertEqual(ticket.partner_id, self.alfa_boss)
        self.assertEqual(ticket.channel, 'portal')
        self.assertEqual(ticket.state, 'new')
        self.assertIn('Rumore forte', ticket.description)
        attachments = ticket.sudo()._portal_attachments()
        self.assertEqual(attachments.mapped('datas_fname'), ['foto.txt'])
        self.assertEqual(base64.b64decode(attachments.datas), b'contenuto')

    def test_create_refuses_forged_values(self):
        Ticket = self.env['crm.infinity.ticket'].sudo(self.user_alfa)
        base = {'center_id': self.center_open.id, 'name': 'Oggetto', 'description': 'Testo'}
        before = self.env['crm.infinity.ticket'].search_count([])
        for forged in ({'center_id': self.center_reserved.id}, {'center_id': self.center_internal.id},
                       {'center_id': 999999}, {'name': '  '}, {'description': ''},
                       {'category_id': 999999}, {'product_id': self.env.ref('product.product_product_4').id
                                                  if self.env.ref('product.product_product_4', False) else 999999}):
            with self.assertRaises(ValidationError):
                Ticket._portal_create_ticket(dict(base, **forged))
        self.assertEqual(self.env['crm.infinity.ticket'].search_count([]), before)

    def test_reply_and_close_as_the_customer(self):
        ticket = self.t_aldo.sudo(self.user_alfa)
        self.t_aldo.sudo(self.operator).action_take()
        self.t_aldo._set_state('waiting')
        ticket._portal_reply('Ecco le informazioni', [('log.txt', b'righe')])
        self.assertEqual(self.t_aldo.state, 'open', 'the answer brings the ticket back to work')
        self.assertFalse(self.t_aldo.date_first_response)
        self.t_aldo.sudo(self.operator).message_post(
            body='Nota privata', message_type='comment', subtype='mail.mt_note')
        public = self.t_aldo._portal_messages()
        self.assertTrue(any('Ecco le informazioni' in m.body for m in public))
        self.assertFalse(any('Nota privata' in m.body for m in public))
        self.assertTrue(ticket._portal_close())
        self.assertEqual(self.t_aldo.state, 'closed')
        self.assertFalse(ticket._portal_close())

    def test_customer_cannot_reply_on_another_customers_ticket(self):
        with self.assertRaises(AccessError):
            self.t_bruno.sudo(self.user_alfa)._portal_reply('Intrusione')
        with self.assertRaises(AccessError):
            self.t_internal.sudo(self.user_alfa_clerk)._portal_reply('Centro non sul portale')

    def test_files_of_internal_notes_stay_internal(self):
        Message = self.t_aldo.sudo(self.operator)
        Message.message_post(body='Per il cliente', message_type='comment',
                             subtype='mail.mt_comment', attachments=[('manuale.txt', b'pubblico')])
        Message.message_post(body='Solo noi', message_type='comment', subtype='mail.mt_note',
                             attachments=[('interno.txt', b'riservato')])
        files = self.env['ir.attachment'].search([('res_model', '=', 'crm.infinity.ticket'),
                                                  ('res_id', '=', self.t_aldo.id)])
        public = files.filtered(lambda f: f.datas_fname == 'manuale.txt')
        internal = files.filtered(lambda f: f.datas_fname == 'interno.txt')
        self.assertEqual(public.sudo(self.user_alfa).read(['datas_fname'])[0]['datas_fname'],
                         'manuale.txt')
        with self.assertRaises(AccessError):
            internal.sudo(self.user_alfa).read(['datas'])
        self.assertEqual(internal.sudo(self.operator).read(['datas_fname'])[0]['datas_fname'],
                         'interno.txt')
        self.assertEqual(self.t_aldo._portal_attachments(), public)
