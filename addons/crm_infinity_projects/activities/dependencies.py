"""Finish-to-start dependencies between activities, as plain ids and state keys.

An activity *waits* while one of its predecessors is neither done nor cancelled: it cannot be
started or closed, and goes back to *to do* when the last predecessor is finished.
"""

FINISHED = frozenset(['done', 'cancelled'])
OPEN = frozenset(['todo', 'waiting'])


def find_cycle(predecessors):
    """A cycle of ``predecessors`` ({id: iterable of ids it depends on}) as a list of ids
    ``[a, b, ..., a]``, or None. Iterative depth-first search: deep chains do not recurse."""
    white, grey, black = 0, 1, 2
    colour = {}
    for start in predecessors:
        if colour.get(start, white) != white:
            continue
        stack = [(start, iter(predecessors.get(start, ())))]
        colour[start] = grey
        path = [start]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                colour[node] = black
                continue
            state = colour.get(child, white)
            if state == grey:
                return path[path.index(child):] + [child]
            if state == white:
                colour[child] = grey
                path.append(child)
                stack.append((child, iter(predecessors.get(child, ()))))
    return None


def blocking(predecessor_states):
    """The predecessors (ids) that keep an activity waiting: ``predecessor_states`` is
    {id: state} of its predecessors."""
    return sorted(pid for pid, state in predecessor_states.items() if state not in FINISHED)


def state_after(state, predecessor_states):
    """The state an activity in ``state`` takes given its predecessors' states: an open
    activity waits while one is unfinished and is to do again when all are finished; a started,
    closed or cancelled one keeps its state."""
    if state not in OPEN:
        return state
    return 'waiting' if blocking(predecessor_states) else 'todo'


def may_enter(new_state, predecessor_states):
    """Whether an activity may be put in ``new_state`` (start or close it) now."""
    if new_state in ('in_progress', 'done'):
        return not blocking(predecessor_states)
    return True
