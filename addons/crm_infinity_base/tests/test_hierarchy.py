from odoo.exceptions import AccessError, ValidationError

from .common import CoreEngineCase


class TestHierarchy(CoreEngineCase):
    """SPEC B3: a manager sees his subordinates' records, recursively; nobody else does."""

    def _visible_names(self, user):
        return set(self.Record.sudo(user).search([('name', 'like', 'Pratica di')]).mapped('user_id.login'))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for owner in (cls.boss, cls.north, cls.anna, cls.bruno, cls.lomb, cls.carla, cls.south, cls.dario):
            cls._record(owner)

    def test_manager_two_levels_up_sees_subordinates(self):
        seen = self._visible_names(self.boss)
        self.assertIn('t_carla', seen)   # Direzione > Nord > Lombardia
        self.assertIn('t_dario', seen)
        self.assertEqual(len(seen), 8)

    def test_middle_manager_sees_his_branch_only(self):
        self.assertEqual(self._visible_names(self.north),
                         {'t_north', 't_anna', 't_bruno', 't_lomb', 't_carla'})

    def test_peer_sees_only_himself(self):
        self.assertEqual(self._visible_names(self.anna), {'t_anna'})
        carla_record = self.Record.search([('user_id', '=', self.carla.id)])
        with self.assertRaises(AccessError):
            carla_record.sudo(self.anna).read(['name'])

    def test_subordinates_subordinates_peer_is_not_visible(self):
        # dario (Sud) is a peer of nobody in Nord: lomb, two levels under boss, does not see him
        self.assertNotIn('t_dario', self._visible_names(self.lomb))
        self.assertNotIn('t_dario', self._visible_names(self.north))

    def test_moving_a_user_changes_visibility_at_once(self):
        self.assertIn('t_carla', self._visible_names(self.north))
        self.g_lomb.write({'parent_id': self.g_south.id})
        self.assertNotIn('t_carla', self._visible_names(self.north))
        self.assertIn('t_carla', self._visible_names(self.south))
        # moving a member, not a group
        self.g_north.write({'member_ids': [(3, self.bruno.id)]})
        self.g_south.write({'member_ids': [(4, self.bruno.id)]})
        self.assertNotIn('t_bruno', self._visible_names(self.north))
        self.assertIn('t_bruno', self._visible_names(self.south))

    def test_new_responsible_takes_over(self):
        self.g_lomb.write({'responsible_id': self.anna.id})
        self.assertIn('t_carla', self._visible_names(self.anna))
        self.assertNotIn('t_carla', self._visible_names(self.lomb))

    def test_cycles_are_refused_with_a_clear_error(self):
        with self.assertRaises(ValidationError) as info:
            self.g_dir.write({'parent_id': self.g_lomb.id})
        self.assertIn('cannot be placed below itself', info.exception.name)

    def test_visible_users_field_is_stored_per_user(self):
        self.assertEqual(set(self.north.crm_visible_user_ids.mapped('login')),
                         {'t_anna', 't_bruno', 't_lomb', 't_carla'})
        self.assertFalse(self.anna.crm_visible_user_ids)
