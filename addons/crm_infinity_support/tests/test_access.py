from odoo.exceptions import AccessError

from .common import SupportCase


class TestSupportAccess(SupportCase):
    """Visibility of tickets and service centers per profile (record rules)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.t_tech = cls._ticket(name='Tecnica di Aldo')
        cls.t_tech_colleague = cls._ticket(name='Tecnica di Bice', partner=cls.acme_colleague)
        cls.t_tech_other = cls._ticket(name='Tecnica di Otto', partner=cls.other_contact)
        cls.t_admin = cls._ticket(center=cls.center_b, name='Amministrativa di Aldo')
        cls.all = cls.t_tech | cls.t_tech_colleague | cls.t_tech_other | cls.t_admin

    def _visible(self, user):
        return self.Ticket.sudo(user).search([('id', 'in', self.all.ids)])

    def test_operator_sees_his_centers_only(self):
        self.assertEqual(self._visible(self.op_a), self.t_tech | self.t_tech_colleague | self.t_tech_other)
        self.assertEqual(self._visible(self.op_b), self.t_admin)
        with self.assertRaises(AccessError):
            self.t_admin.sudo(self.op_a).read(['name'])

    def test_group_member_sees_the_center(self):
        self.assertEqual(self._visible(self.op_g), self.t_tech | self.t_tech_colleague | self.t_tech_other)

    def test_operator_assigned_elsewhere_sees_his_ticket(self):
        self.t_admin.user_id = self.op_g
        self.assertIn(self.t_admin, self._visible(self.op_g))

    def test_manager_sees_his_centers(self):
        self.assertEqual(self._visible(self.manager_b), self.t_admin)
        self.assertEqual(self._visible(self.manager), self.t_tech | self.t_tech_colleague | self.t_tech_other)

    def test_crm_admin_sees_all(self):
        self.assertEqual(self._visible(self.admin), self.all)

    def test_salesperson_reads_the_tickets_of_his_customers(self):
        self.assertEqual(self._visible(self.salesperson), self.t_tech | self.t_tech_colleague | self.t_admin)
        with self.assertRaises(AccessError):
            self.t_tech.sudo(self.salesperson).write({'name': 'No'})

    def test_salesperson_reads_the_slas_of_the_tickets_he_reads_only(self):
        """The SLA clocks and events had rules for the support profiles only: every other
        employee read those of every ticket (the Scadenze of a salesperson listed them)."""
        self.env['crm.infinity.sla.policy'].create({
            'name': 'Standard', 'sequence': 1, 'center_id': self.center.id,
            'target_ids': [(0, 0, {'name': 'Risposta', 'kind': 'first_response', 'hours': 4})]})
        his = self._ticket(name='Con SLA di Aldo')
        other = self._ticket(name='Con SLA di Otto', partner=self.other_contact)
        self.assertEqual(self._visible_tickets(his | other), his)
        for model in ('crm.infinity.ticket.sla', 'crm.infinity.sla.event'):
            rows = self.env[model].search([('ticket_id', 'in', (his | other).ids)])
            self.assertEqual(rows.mapped('ticket_id'), his | other, model)
            seen = self.env[model].sudo(self.salesperson).search([('id', 'in', rows.ids)])
            self.assertEqual(seen.mapped('ticket_id'), his, model)
            self.assertEqual(self.env[model].sudo(self.op_a).search([('id', 'in', rows.ids)]),
                             rows, model)

    def test_salesperson_opens_the_form_of_a_ticket_he_reads(self):
        """He reads the tickets of his customers: their form (every field it shows him, as the
        web client reads them) must open, not fail on a related record of the support desk."""
        Ticket = self.Ticket.sudo(self.salesperson)
        view = Ticket.fields_view_get(view_type='form')
        failures = []
        for name, field in view['fields'].items():
            try:
                with self.env.cr.savepoint():
                    Ticket.browse(self.t_tech.id).read([name])
                    for sub_view in (field.get('views') or {}).values():
                        ids = self.t_tech[name].ids
                        self.env[field['relation']].sudo(self.salesperson).browse(ids).read(
                            list(sub_view['fields']))
            except Exception as error:  # noqa: BLE001 - name them all
                failures.append('%s: %s' % (name, str(error).splitlines()[0]))
        self.assertFalse(failures, '\n'.join(failures))

    def _visible_tickets(self, tickets):
        return self.Ticket.sudo(self.salesperson).search([('id', 'in', tickets.ids)])

    def test_salesperson_gets_no_token_to_act_as_the_customer(self):
        """The ticket's access token (reply and close on the portal as the customer) and the
        ratings (feedback, rating token) are for support operators; a salesperson read both
        over RPC for the tickets of his customers, and every rating of every ticket."""
        ticket = self.t_tech.sudo(self.salesperson)
        self.assertEqual(ticket.read(['name'])[0]['name'], 'Tecnica di Aldo')
        with self.assertRaises(AccessError):
            ticket.read(['access_token'])
        rating_token = self.t_tech_other.sudo().rating_get_access_token()
        Rating = self.env['rating.rating']
        self.assertFalse(Rating.sudo(self.salesperson).search([('access_token', '=', rating_token)]))
        self.assertTrue(Rating.sudo(self.op_a).search([('access_token', '=', rating_token)]))
        self.assertTrue(self.t_tech.sudo(self.op_a).read(['access_token'])[0]['access_token'])

    def test_portal_own_tickets_in_portal_centers(self):
        self.assertEqual(self._visible(self.portal_user), self.t_tech)
        self.assertEqual(self._visible(self.portal_other), self.t_tech_other)
        with self.assertRaises(AccessError):
            self.t_tech_colleague.sudo(self.portal_user).read(['name'])
        with self.assertRaises(AccessError):
            self.t_tech.sudo(self.portal_user).write({'name': 'Cambiato'})

    def test_portal_company_tickets_when_allowed(self):
        self.acme_contact.support_company_tickets = True
        self.assertEqual(self._visible(self.portal_user), self.t_tech | self.t_tech_colleague)
        self.assertEqual(self._visible(self.portal_other), self.t_tech_other)

    def test_centers_managed_only_by_their_manager(self):
        self.center.sudo(self.manager).write({'description': 'Aggiornata'})
        with self.assertRaises(AccessError):
            self.center_b.sudo(self.manager).write({'description': 'No'})
        with self.assertRaises(AccessError):
            self.center.sudo(self.op_a).write({'description': 'No'})
        self.center_b.sudo(self.admin).write({'description': 'Sì'})

    def test_portal_sees_only_open_centers_on_the_portal(self):
        Center = self.env['crm.infinity.service.center']
        visible = Center.sudo(self.portal_user).search([('id', 'in', (self.center | self.center_b).ids)])
        self.assertEqual(visible, self.center)
