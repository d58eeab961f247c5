"""Sales-force hierarchy (SPEC B3): which users' records each user may see.

A sales group has a parent, a responsible user and members. The responsible of a group sees
the records of everybody in that group and in every group below it, recursively; everybody sees
his own. Peers (members of the same group) do not see each other.
"""
from collections import defaultdict, namedtuple

SalesGroup = namedtuple('SalesGroup', 'id parent_id responsible_id member_ids')


class CycleError(ValueError):
    """The parent links would make a group its own ancestor."""

    def __init__(self, cycle):
        self.cycle = list(cycle)
        super().__init__('cycle in the sales-force hierarchy: %s' % ' -> '.join(map(str, self.cycle)))


def find_cycle(parents):
    """Return a list of group ids forming a cycle in ``{group: parent}``, or None."""
    state = {}  # 1 = on the current path, 2 = done
    for start in parents:
        path = []
        node = start
        while node is not None and state.get(node) != 2:
            if state.get(node) == 1:
                return path[path.index(node):] + [node]
            state[node] = 1
            path.append(node)
            node = parents.get(node)
        for visited in path:
            state[visited] = 2
    return None


def check_acyclic(parents):
    cycle = find_cycle(parents)
    if cycle:
        raise CycleError(cycle)


def visible_users(groups, users=()):
    """Map every user to the frozenset of users whose records he may see (himself included).

    ``groups``: iterable of SalesGroup (or 4-tuples); ``users``: extra users with no group.
    """
    groups = [SalesGroup(*g) for g in groups]
    check_acyclic({g.id: g.parent_id for g in groups})
    children = defaultdict(list)
    for g in groups:
        if g.parent_id is not None:
            children[g.parent_id].append(g.id)
    by_id = {g.id: g for g in groups}
    people = {}  # group id -> everybody in it and below (memoised)

    def below(group_id):
        if group_id not in people:
            g = by_id[group_id]
            found = set(g.member_ids)
            if g.responsible_id is not None:
                found.add(g.responsible_id)
            for child in children[group_id]:
                found |= below(child)
            people[group_id] = found
        return people[group_id]

    result = defaultdict(set)
    for user in users:
        result[user].add(user)
    for g in groups:
        for user in g.member_ids:
            result[user].add(user)
        if g.responsible_id is not None:
            result[g.responsible_id].add(g.responsible_id)
            result[g.responsible_id] |= below(g.id)
    return {user: frozenset(seen) for user, seen in result.items()}
