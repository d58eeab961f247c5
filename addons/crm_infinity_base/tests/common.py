from odoo.tests.common import SavepointCase


class CrmInfinityCase(SavepointCase):
    """Base of the addon tests: own users with exactly the profile under test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Users = cls.env['res.users'].with_context(no_reset_password=True, tracking_disable=True)

    @classmethod
    def _create_user(cls, login, *group_xmlids):
        groups = [cls.env.ref(xmlid).id for xmlid in group_xmlids]
        return cls.Users.create({
            'name': login.replace('_', ' ').title(),
            'login': login,
            'email': '%s@example.com' % login,
            'groups_id': [(6, 0, groups)],
        })
