from odoo.addons.crm_infinity_base.tests.common import CrmInfinityCase

S = 'crm_infinity_support.'


class SupportCase(CrmInfinityCase):
    """Two service centers with their own people, customers, and a portal user.

    * Tecnica (open, portal): manager ``manager``, operators ``op_a`` and group "Primo livello"
      (``op_a``, ``op_g``);
    * Amministrazione (reserved to ACME, not on the portal): manager ``manager_b``, operator ``op_b``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mk = cls._create_user
        cls.admin = mk('t_sup_admin', 'group_crm_admin')
        cls.manager = mk('t_sup_manager', 'group_crm_support_manager')
        cls.manager_b = mk('t_sup_manager_b', 'group_crm_support_manager')
        cls.op_a = mk('t_op_a', 'group_crm_support_operator')
        cls.op_g = mk('t_op_g', 'group_crm_support_operator')
        cls.op_b = mk('t_op_b', 'group_crm_support_operator')
        cls.salesperson = mk('t_sup_sales', 'group_crm_salesperson')
        Partner = cls.env['res.partner']
        cls.acme = Partner.create({'name': 'ACME S.p.A.', 'is_company': True,
                                   'user_id': cls.salesperson.id})
        cls.acme_contact = Partner.create({'name': 'Aldo Acme', 'parent_id': cls.acme.id,
                                           'email': 'aldo@acme.example.com'})
        cls.acme_colleague = Partner.create({'name': 'Bice Acme', 'parent_id': cls.acme.id,
                                             'email': 'bice@acme.example.com'})
        cls.other = Partner.create({'name': 'Altra S.r.l.', 'is_company': True})
        cls.other_contact = Partner.create({'name': 'Otto Altra', 'parent_id': cls.other.id,
                                            'email': 'otto@altra.example.com'})
        cls.portal_user = mk('t_portal_aldo', 'base.group_portal', partner_id=cls.acme_contact.id,
                             name='Aldo Acme', email='aldo@acme.example.com')
        cls.portal_other = mk('t_portal_otto', 'base.group_portal', partner_id=cls.other_contact.id,
                              name='Otto Altra', email='otto@altra.example.com')
        Center = cls.env['crm.infinity.service.center']
        cls.calendar = cls.env['resource.calendar'].create({'name': 'Test 9-18'})
        cls.center = Center.create({
            'name': 'Tecnica', 'code': 'TT', 'manager_id': cls.manager.id,
            'operator_ids': [(6, 0, cls.op_a.ids)], 'resource_calendar_id': cls.calendar.id})
        cls.group = cls.env['crm.infinity.operator.group'].create({
            'name': 'Primo livello', 'center_id': cls.center.id,
            'user_ids': [(6, 0, (cls.op_a | cls.op_g).ids)]})
        cls.center_b = Center.create({
            'name': 'Amministrazione', 'code': 'TB', 'manager_id': cls.manager_b.id,
            'operator_ids': [(6, 0, cls.op_b.ids)], 'access': 'reserved',
            'partner_ids': [(6, 0, cls.acme.ids)], 'portal_enabled': False,
            'resource_calendar_id': cls.calendar.id})
        cls.Ticket = cls.env['crm.infinity.ticket']
        cls.stage_new = cls.env.ref(S + 'stage_new')
        cls.stage_open = cls.env.ref(S + 'stage_open')
        cls.stage_waiting = cls.env.ref(S + 'stage_waiting')
        cls.stage_solved = cls.env.ref(S + 'stage_solved')
        cls.stage_closed = cls.env.ref(S + 'stage_closed')

    @classmethod
    def _ticket(cls, center=None, partner=None, **values):
        vals = {'name': 'Guasto', 'center_id': (center or cls.center).id,
                'partner_id': (partner or cls.acme_contact).id}
        vals.update(values)
        return cls.Ticket.create(vals)


class SupportCockpitCase(SupportCase):
    """Cockpit, KPIs, search, archiving and quotations: the Tecnica center works Monday to
    Friday 8-12 / 13-17 in Rome; ``seller`` is one of its operators with sales rights;
    ``op_b`` (Amministrazione) is the operator who must see nothing of Tecnica."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz='Europe/Rome'))
        cls.Ticket = cls.env['crm.infinity.ticket']
        cls.operator = cls.op_a
        cls.stranger = cls.op_b
        cls.seller = cls._create_user('t_sup_seller', 'group_crm_support_operator',
                                      'sales_team.group_sale_salesman')
        cls.company = cls.env.user.company_id
        cls.company.partner_id.tz = 'Europe/Rome'
        cls.work_calendar = cls.env['resource.calendar'].create({
            'name': 'Test 8-12 / 13-17',
            'attendance_ids': [(5, 0, 0)] + [
                (0, 0, {'name': 'Day %d' % day, 'dayofweek': str(day),
                        'hour_from': start, 'hour_to': end})
                for day in range(5) for start, end in ((8, 12), (13, 17))],
        })
        cls.center.write({'resource_calendar_id': cls.work_calendar.id,
                          'operator_ids': [(4, cls.seller.id)]})
        cls.customer = cls.acme
        cls.contact = cls.acme_contact
        cls.product = cls.env['product.product'].create({
            'name': 'Caldaia Test HX', 'type': 'consu', 'list_price': 1200.0})

    def _set_create_date(self, ticket, value):
        """Tickets are opened at fixed dates: create_date is not writable through the ORM."""
        self.env.cr.execute('UPDATE crm_infinity_ticket SET create_date = %s WHERE id IN %s',
                            (value, tuple(ticket.ids)))
        ticket.invalidate_cache(['create_date'], ticket.ids)
