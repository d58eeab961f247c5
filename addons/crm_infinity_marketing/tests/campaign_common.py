from odoo.addons.crm_infinity_sales.tests.common import SalesCase

M = 'crm_infinity_marketing.'


class MarketingCase(SalesCase):
    """The sales force of SalesCase plus two marketing operators (``silvia`` runs the
    campaigns, ``marta`` another one) and companies owned by the salespeople."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mk = cls._create_user
        cls.silvia = mk('t_mkt_silvia', 'group_crm_marketing_operator')
        cls.marta = mk('t_mkt_marta', 'group_crm_marketing_operator')
        Partner = cls.env['res.partner'].with_context(tracking_disable=True)
        cls.companies = Partner.browse()
        for i, (city, owner) in enumerate([('Milano', cls.anna), ('Milano', cls.bruno),
                                           ('Torino', cls.anna), ('Bergamo', cls.bruno)]):
            cls.companies |= Partner.create({
                'name': 'Lista Test %d S.r.l.' % i, 'is_company': True, 'city': city,
                'email': 'info%d@listatest.example.com' % i, 'user_id': owner.id,
                'phone': '+39 02 1234 56%02d' % i})
        cls.Campaign = cls.env['utm.campaign']
        cls.List = cls.env['mail.mass_mailing.list']

    @classmethod
    def _dynamic(cls, user, domain, model='res.partner', name='Dinamica test'):
        return cls.List.sudo(user).create({
            'name': name, 'crm_list_type': 'dynamic', 'crm_model': model,
            'crm_domain': domain})
