import pytest
from hypothesis import given, strategies as st

from odoo.addons.crm_infinity_base.engines.hierarchy import (
    CycleError, SalesGroup, check_acyclic, find_cycle, visible_users)

# Direzione (boss) > Nord (north_mgr: anna, bruno) > Lombardia (lomb_mgr: carla)
#                  > Sud (south_mgr: dario)
GROUPS = [
    SalesGroup('direzione', None, 'boss', []),
    SalesGroup('nord', 'direzione', 'north_mgr', ['anna', 'bruno']),
    SalesGroup('lombardia', 'nord', 'lomb_mgr', ['carla']),
    SalesGroup('sud', 'direzione', 'south_mgr', ['dario']),
]


def test_manager_two_levels_up_sees_subordinates():
    seen = visible_users(GROUPS)
    assert {'carla', 'lomb_mgr', 'anna', 'dario', 'boss'} <= seen['boss']


def test_peers_do_not_see_each_other():
    seen = visible_users(GROUPS)
    assert seen['anna'] == {'anna'}
    assert seen['bruno'] == {'bruno'}


def test_a_manager_does_not_see_another_branch():
    seen = visible_users(GROUPS)
    assert seen['north_mgr'] == {'north_mgr', 'anna', 'bruno', 'lomb_mgr', 'carla'}
    assert 'dario' not in seen['north_mgr']


def test_users_without_group_see_themselves():
    assert visible_users(GROUPS, users=['eva'])['eva'] == {'eva'}


def test_moving_a_group_changes_visibility():
    moved = [g if g.id != 'lombardia' else g._replace(parent_id='sud') for g in GROUPS]
    seen = visible_users(moved)
    assert 'carla' not in seen['north_mgr']
    assert 'carla' in seen['south_mgr']


def test_cycles_are_refused():
    cyclic = [SalesGroup('a', 'b', None, []), SalesGroup('b', 'c', None, []),
              SalesGroup('c', 'a', None, [])]
    with pytest.raises(CycleError) as info:
        visible_users(cyclic)
    assert set(info.value.cycle) == {'a', 'b', 'c'}


def test_self_parent_is_a_cycle():
    assert find_cycle({'a': 'a'}) == ['a', 'a']


@given(st.dictionaries(st.integers(0, 30), st.one_of(st.none(), st.integers(0, 30)), max_size=30))
def test_find_cycle_agrees_with_walking_up(parents):
    def loops(node):
        seen = set()
        while node is not None:
            if node in seen:
                return True
            seen.add(node)
            node = parents.get(node)
        return False
    assert (find_cycle(parents) is not None) == any(loops(n) for n in parents)


@given(st.lists(st.tuples(st.integers(0, 20), st.sampled_from('uvwxyz')), max_size=40))
def test_visibility_is_transitive_down_a_tree(edges):
    # build a tree: group i's parent is a smaller id, responsible is a letter+i
    groups = [SalesGroup(0, None, 'r0', [])]
    for i, (parent, member) in enumerate(edges, start=1):
        groups.append(SalesGroup(i, parent % i, 'r%d' % i, [member + str(i)]))
    seen = visible_users(groups)
    for g in groups:
        if g.parent_id is not None:
            parent_resp = groups[g.parent_id].responsible_id
            assert seen[g.responsible_id] <= seen[parent_resp]
