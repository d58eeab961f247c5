from odoo import SUPERUSER_ID, _, api, models
from odoo.addons.base.res.res_users import USER_PRIVATE_FIELDS  # auth_crypt adds password_crypt
from odoo.exceptions import AccessError


class Base(models.AbstractModel):
    """No search on the users' passwords through a path (``user_ids.password_crypt`` on a
    partner, ``create_uid.partner_id.user_ids.password_crypt`` on anything). Odoo 11 refuses
    ``password``/``password_crypt`` only as the first name of a term searched on res.users;
    ``res.partner.user_ids`` and ``res.users.partner_id`` are auto-joined, so a path through
    them never reached that check, and ``search_count`` answered yes/no on every user's
    password hash, for any internal or portal user, character by character."""

    _inherit = 'base'

    @api.model
    def _where_calc(self, domain, active_test=True):
        if self._uid != SUPERUSER_ID and domain:
            for term in domain:
                if isinstance(term, (list, tuple)) and term and isinstance(term[0], str):
                    self._crm_check_private_path(term[0])
        return super()._where_calc(domain, active_test=active_test)

    @api.model
    def _crm_check_private_path(self, path):
        model = self
        for name in path.split('.'):
            if model._name == 'res.users' and name in USER_PRIVATE_FIELDS:
                raise AccessError(_('Invalid search criterion'))
            field = model._fields.get(name)
            if field is None or not field.relational:
                return
            model = self.env[field.comodel_name]
