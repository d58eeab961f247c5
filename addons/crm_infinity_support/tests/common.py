from odoo.tests.common import SavepointCase

B = 'crm_infinity_base.'


class SupportCase(SavepointCase):
    """Base of the support tests: own users, a service center on its own calendar (Monday to
    Friday 8-12 / 13-17, Europe/Rome), a customer company with a contact, a product; fixed
    dates, no reliance on demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # messages asserted in English, whatever the language of the database's admin
        cls.env = cls.env(context=dict(cls.env.context, lang='en_US', tz='Europe/Rome'))
        cls.Users = cls.env['res.users'].with_context(no_reset_password=True, tracking_disable=True)
        mk = cls._create_user
        cls.manager = mk('t_sup_manager', B + 'group_crm_support_manager')
        cls.operator = mk('t_sup_operator', B + 'group_crm_support_operator')
        cls.seller = mk('t_sup_seller', B + 'group_crm_support_operator',
                        'sales_team.group_sale_salesman')
        cls.stranger = mk('t_sup_stranger', B + 'group_crm_support_operator')
        cls.company = cls.env.user.company_id
        cls.company.partner_id.tz = 'Europe/Rome'
        cls.calendar = cls.env['resource.calendar'].create({
            'name': 'Test 8-12 / 13-17',
            'attendance_ids': [(5, 0, 0)] + [
                (0, 0, {'name': 'Day %d' % day, 'dayofweek': str(day),
                        'hour_from': start, 'hour_to': end})
                for day in range(5) for start, end in ((8, 12), (13, 17))],
        })
        Center = cls.env['crm.infinity.service.center']
        cls.center = Center.create({
            'name': 'Test Assistenza', 'code': 'TST', 'manager_id': cls.manager.id,
            'operator_ids': [(6, 0, (cls.operator | cls.seller).ids)],
            'resource_calendar_id': cls.calendar.id, 'alias_name': False,
        })
        cls.other_center = Center.create({
            'name': 'Test Altro centro', 'code': 'TST2',
            'operator_ids': [(6, 0, cls.stranger.ids)],
            'resource_calendar_id': cls.calendar.id, 'alias_name': False,
        })
        Partner = cls.env['res.partner']
        cls.customer = Partner.create({'name': 'Termoidraulica Test S.r.l.', 'is_company': True,
                                       'email': 'info@termoidraulica-test.example.com'})
        cls.contact = Partner.create({'name': 'Mario Test', 'parent_id': cls.customer.id,
                                      'email': 'mario@termoidraulica-test.example.com'})
        cls.product = cls.env['product.product'].create({
            'name': 'Caldaia Test HX', 'type': 'consu', 'list_price': 1200.0})
        cls.Ticket = cls.env['crm.infinity.ticket'].with_context(mail_notrack=False)
        cls.stage_closed = cls.env.ref('crm_infinity_support.stage_closed')
        cls.stage_open = cls.env.ref('crm_infinity_support.stage_open')
        cls.stage_solved = cls.env.ref('crm_infinity_support.stage_solved')

    @classmethod
    def _create_user(cls, login, *group_xmlids, **values):
        vals = {
            'name': login.replace('_', ' ').title(),
            'login': login,
            'email': '%s@example.com' % login,
            'tz': 'Europe/Rome',
            'groups_id': [(6, 0, [cls.env.ref(x).id for x in group_xmlids])],
        }
        vals.update(values)
        return cls.Users.create(vals)

    @classmethod
    def _ticket(cls, name='Caldaia in blocco', **values):
        vals = {'name': name, 'center_id': cls.center.id, 'partner_id': cls.contact.id}
        vals.update(values)
        return cls.Ticket.create(vals)

    def _set_create_date(self, ticket, value):
        """Tickets are opened at fixed dates: create_date is not writable through the ORM."""
        self.env.cr.execute('UPDATE crm_infinity_ticket SET create_date = %s WHERE id IN %s',
                            (value, tuple(ticket.ids)))
        ticket.invalidate_cache(['create_date'], ticket.ids)
