from odoo.addons.crm_infinity_base.tests.common import CrmInfinityCase

S = 'crm_infinity_sales.'


class SalesCase(CrmInfinityCase):
    """A small sales force and its deals.

    Vendite (manager ``area_manager``) > members ``anna`` and ``bruno`` is alone in group
    Altro (responsible ``other_manager``); ``admin`` is a CRM administrator.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mk = cls._create_user
        cls.admin = mk('t_sales_admin', 'group_crm_admin')
        cls.area_manager = mk('t_sales_area_manager', 'group_crm_salesperson')
        cls.anna = mk('t_sales_anna', 'group_crm_salesperson')
        cls.bruno = mk('t_sales_bruno', 'group_crm_salesperson')
        cls.other_manager = mk('t_sales_other_manager', 'group_crm_salesperson')
        Group = cls.env['crm.infinity.sales.group']
        cls.g_area = Group.create({'name': 'Vendite test', 'responsible_id': cls.area_manager.id,
                                   'member_ids': [(6, 0, cls.anna.ids)]})
        cls.g_other = Group.create({'name': 'Altro test', 'responsible_id': cls.other_manager.id,
                                    'member_ids': [(6, 0, cls.bruno.ids)]})
        Group.flush_visibility_inputs()
        cls.customer = cls.env['res.partner'].create({'name': 'Cliente Trattative S.r.l.',
                                                      'is_company': True})
        cls.lost_reason = cls.env['crm.lost.reason'].create({'name': 'Prezzo troppo alto'})
        ref = cls.env.ref
        cls.st_lead_initial = ref(S + 'deal_status_lead_to_contact')
        cls.st_lead_lost = ref(S + 'deal_status_lead_not_interested')
        cls.st_potential_initial = ref(S + 'deal_status_potential_waiting')
        cls.st_opportunity_initial = ref(S + 'deal_status_opportunity_to_present')
        cls.st_offer_issued = ref(S + 'deal_status_opportunity_offer_issued')
        cls.st_won = ref(S + 'deal_status_opportunity_won')
        cls.st_lost = ref(S + 'deal_status_opportunity_lost')
        cls.Lead = cls.env['crm.lead'].with_context(tracking_disable=True)

    @classmethod
    def _deal(cls, owner, **values):
        vals = {'name': 'Trattativa di %s' % (owner.name if owner else 'nessuno'),
                'type': 'opportunity', 'partner_id': cls.customer.id,
                'user_id': owner.id if owner else False}
        vals.update(values)
        return cls.Lead.create(vals)
