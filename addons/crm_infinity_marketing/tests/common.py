import base64

from odoo.addons.crm_infinity_base.tests.common import CrmInfinityCase

NOMINATIVO = 'crm.infinity.nominativo'


class MarketingCase(CrmInfinityCase):
    """A marketing operator, a small sales force and nominativi owned by each.

    Vendite (manager ``area_manager``) > member ``anna``; ``bruno`` is alone in group Altro
    (responsible ``other_manager``); ``mkt`` is a marketing operator, ``admin`` a CRM
    administrator.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mk = cls._create_user
        cls.admin = mk('t_mkt_admin', 'group_crm_admin')
        cls.mkt = mk('t_mkt_operator', 'group_crm_marketing_operator')
        cls.area_manager = mk('t_mkt_area_manager', 'group_crm_salesperson')
        cls.anna = mk('t_mkt_anna', 'group_crm_salesperson')
        cls.bruno = mk('t_mkt_bruno', 'group_crm_salesperson')
        cls.other_manager = mk('t_mkt_other_manager', 'group_crm_salesperson')
        Group = cls.env['crm.infinity.sales.group']
        cls.g_area = Group.create({'name': 'Vendite mkt test',
                                   'responsible_id': cls.area_manager.id,
                                   'member_ids': [(6, 0, cls.anna.ids)]})
        cls.g_other = Group.create({'name': 'Altro mkt test',
                                    'responsible_id': cls.other_manager.id,
                                    'member_ids': [(6, 0, cls.bruno.ids)]})
        Group.flush_visibility_inputs()
        cls.Nominativo = cls.env[NOMINATIVO].with_context(tracking_disable=True)

    @classmethod
    def _nominativo(cls, owner=None, **values):
        vals = {'name': 'Nominativo di %s' % (owner.name if owner else 'nessuno'),
                'user_id': owner.id if owner else False}
        vals.update(values)
        return cls.Nominativo.create(vals)

    def _import_wizard(self, text, user=None, encoding='utf-8', filename='nominativi.csv',
                       **values):
        data = text.encode(encoding) if isinstance(text, str) else text
        vals = {'file': base64.b64encode(data), 'filename': filename}
        vals.update(values)
        return self.env['crm.infinity.nominativo.import'].sudo(user or self.mkt).create(vals)
