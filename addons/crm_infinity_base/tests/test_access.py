from odoo.exceptions import AccessError

from .common import CrmInfinityCase

MODES = ('read', 'write', 'create', 'unlink')
USER_READ = 'r'
ADMIN_ALL = 'rwcu'
# model -> {profile: allowed modes}; every profile of B1 below CRM admin is an internal user
MATRIX = {
    'crm.infinity.sales.group': {'user': 'r', 'crm_admin': 'rwcu', 'system_admin': 'rwcu'},
    'crm.infinity.causale': {'user': 'r', 'crm_admin': 'rwcu', 'system_admin': 'rwcu'},
    'crm.infinity.causale.effect': {'user': 'r', 'crm_admin': 'rwcu', 'system_admin': 'rwcu'},
    'crm.infinity.primanota': {'user': 'r', 'crm_admin': 'r', 'system_admin': 'r'},
    'crm.infinity.event.type': {'user': 'r', 'crm_admin': 'rwcu', 'system_admin': 'rwcu'},
    'crm.infinity.event': {'user': '', 'crm_admin': 'r', 'system_admin': 'r'},
    'crm.infinity.notification.rule': {'user': '', 'crm_admin': 'rwcu', 'system_admin': 'rwcu'},
    'crm.infinity.sms.gateway': {'user': '', 'crm_admin': 'r', 'system_admin': 'rwcu'},
    'crm.infinity.communication': {'user': 'rwc', 'crm_admin': 'rwcu', 'system_admin': 'rwcu'},
}
PROFILES = {
    'user': ['group_crm_salesperson', 'group_crm_assignee', 'group_crm_commessa_manager',
             'group_crm_marketing_operator', 'group_crm_support_operator',
             'group_crm_support_manager'],
    'crm_admin': ['group_crm_admin'],
    'system_admin': ['group_crm_system_admin'],
}


class TestAccessMatrix(CrmInfinityCase):
    """Per profile: what each may read, write, create, delete on every model of the addon."""

    def test_access_rights_per_profile(self):
        for kind, groups in PROFILES.items():
            for group in groups:
                user = self._create_user('acc_' + group, group)
                for model, allowed in MATRIX.items():
                    for mode in MODES:
                        expected = mode[0] in allowed[kind]
                        got = self.env[model].sudo(user).check_access_rights(mode, raise_exception=False)
                        self.assertEqual(got, expected, '%s %s %s' % (group, model, mode))

    def test_communications_are_private_to_the_user_and_his_managers(self):
        seller = self._create_user('acc_seller', 'group_crm_salesperson')
        other = self._create_user('acc_other', 'group_crm_salesperson')
        admin = self._create_user('acc_admin', 'group_crm_admin')
        partner = self.env['res.partner'].create({'name': 'Verdi Luca'})
        Comm = self.env['crm.infinity.communication']
        mine = Comm.sudo(seller).create({'partner_id': partner.id, 'subject': 'Telefonata',
                                         'kind': 'phone', 'duration': 0.2})
        self.assertEqual(mine.user_id, seller)
        with self.assertRaises(AccessError):
            mine.sudo(other).read(['subject'])
        self.assertEqual(mine.sudo(admin).subject, 'Telefonata')
        with self.assertRaises(AccessError):
            mine.sudo(seller).unlink()
