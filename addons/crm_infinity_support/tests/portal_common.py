from odoo.addons.crm_infinity_base.tests.common import CrmInfinityCase


class SupportPortalCase(CrmInfinityCase):
    """Two service centers (one open, one reserved to a customer, one closed to the portal), an
    operator, and two customers with a portal user each: Alfa (whose contact sees the tickets of
    his company) and Beta."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.operator = cls._create_user('t_sp_operator', 'group_crm_support_operator')
        cls.manager = cls._create_user('t_sp_manager', 'group_crm_support_manager')
        Partner = env['res.partner']
        cls.alfa = Partner.create({'name': 'Alfa S.r.l.', 'is_company': True})
        cls.beta = Partner.create({'name': 'Beta S.p.A.', 'is_company': True})
        cls.alfa_boss = Partner.create({'name': 'Aldo Alfa', 'parent_id': cls.alfa.id,
                                        'email': 'aldo@alfa.example.com',
                                        'support_company_tickets': True})
        cls.alfa_clerk = Partner.create({'name': 'Carla Alfa', 'parent_id': cls.alfa.id,
                                         'email': 'carla@alfa.example.com'})
        cls.beta_contact = Partner.create({'name': 'Bruno Beta', 'parent_id': cls.beta.id,
                                           'email': 'bruno@beta.example.com'})
        portal = 'base.group_portal'
        cls.user_alfa = cls._create_user('t_sp_aldo', portal, partner_id=cls.alfa_boss.id,
                                        name=cls.alfa_boss.name)
        cls.user_alfa_clerk = cls._create_user('t_sp_carla', portal, partner_id=cls.alfa_clerk.id,
                                              name=cls.alfa_clerk.name)
        cls.user_beta = cls._create_user('t_sp_bruno', portal, partner_id=cls.beta_contact.id,
                                        name=cls.beta_contact.name)
        Center = env['crm.infinity.service.center']
        calendar = env.ref('resource.resource_calendar_std')
        cls.product = env['product.product'].create({'name': 'Pompa di calore PX-9'})
        cls.center_open = Center.create({
            'name': 'Centro aperto', 'code': 'TOPEN', 'resource_calendar_id': calendar.id,
            'manager_id': cls.manager.id, 'operator_ids': [(6, 0, cls.operator.ids)],
            'product_ids': [(6, 0, cls.product.ids)], 'notify_enabled': True})
        cls.center_reserved = Center.create({
            'name': 'Centro riservato', 'code': 'TRES', 'access': 'reserved',
            'partner_ids': [(6, 0, cls.beta.ids)], 'resource_calendar_id': calendar.id,
            'operator_ids': [(6, 0, cls.operator.ids)]})
        cls.center_internal = Center.create({
            'name': 'Centro interno', 'code': 'TINT', 'portal_enabled': False,
            'resource_calendar_id': calendar.id, 'operator_ids': [(6, 0, cls.operator.ids)]})
        cls.category = env['crm.infinity.ticket.category'].create(
            {'name': 'Guasti', 'center_id': cls.center_open.id})
        cls.Ticket = env['crm.infinity.ticket'].with_context(tracking_disable=False)

    @classmethod
    def _ticket(cls, partner, center=None, **values):
        vals = {'name': 'Richiesta di %s' % partner.name, 'partner_id': partner.id,
                'center_id': (center or cls.center_open).id, 'channel': 'phone'}
        vals.update(values)
        return cls.env['crm.infinity.ticket'].create(vals)
