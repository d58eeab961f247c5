import unittest

from .. import dependencies as deps
from ..policy import forbidden_fields


class TestDependencies(unittest.TestCase):

    def test_no_cycle(self):
        self.assertIsNone(deps.find_cycle({1: [2, 3], 2: [3], 3: []}))

    def test_cycle_found(self):
        cycle = deps.find_cycle({1: [2], 2: [3], 3: [1]})
        self.assertEqual(cycle[0], cycle[-1])
        self.assertEqual(set(cycle), {1, 2, 3})

    def test_self_dependency_is_a_cycle(self):
        self.assertEqual(deps.find_cycle({4: [4]}), [4, 4])

    def test_long_chain_does_not_recurse(self):
        chain = {i: [i + 1] for i in range(5000)}
        self.assertIsNone(deps.find_cycle(chain))
        chain[5000] = [0]
        self.assertEqual(len(deps.find_cycle(chain)), 5002)

    def test_waiting_while_a_predecessor_is_open(self):
        self.assertEqual(deps.state_after('todo', {1: 'done', 2: 'in_progress'}), 'waiting')
        self.assertEqual(deps.state_after('waiting', {1: 'done', 2: 'cancelled'}), 'todo')
        self.assertEqual(deps.state_after('todo', {}), 'todo')
        # started or closed activities keep their state
        self.assertEqual(deps.state_after('in_progress', {1: 'todo'}), 'in_progress')
        self.assertEqual(deps.state_after('done', {1: 'todo'}), 'done')

    def test_may_enter(self):
        self.assertFalse(deps.may_enter('in_progress', {1: 'todo'}))
        self.assertFalse(deps.may_enter('done', {1: 'waiting'}))
        self.assertTrue(deps.may_enter('done', {1: 'done'}))
        self.assertTrue(deps.may_enter('cancelled', {1: 'todo'}))
        self.assertEqual(deps.blocking({3: 'todo', 1: 'in_progress', 2: 'done'}), [1, 3])

    def test_assignee_policy(self):
        self.assertEqual(forbidden_fields(['crm_state', 'notes', 'planned_hours', 'name'], False),
                         ['name', 'planned_hours'])
        self.assertEqual(forbidden_fields(['planned_hours'], True), [])
