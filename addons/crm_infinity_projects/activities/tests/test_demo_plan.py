from ... import demo_plan


def test_plan_is_coherent():
    assert demo_plan.check() == []


def test_plan_has_the_story():
    names = ' '.join(c.name for c in demo_plan.COMMESSE)
    for word in ('DVR', 'Piano formativo', 'ISO 9001'):
        assert word in names
    late = [c for c in demo_plan.COMMESSE if c.state == 'open' and c.planned_end < 0]
    assert len(late) == 1


def test_check_finds_problems():
    bad = demo_plan.Commessa('x', 'X', 'c', 'paolo', (), 'open', 0, 1, 1, 1, 1.0, 1.0, (
        demo_plan.Activity('a', 'A', (), 5, 1, 1.0, 'todo', (), ''),
        demo_plan.Activity('b', 'B', (), 0, 1, 1.0, 'in_progress', ('a', 'z'), ''),
    ))
    problems = demo_plan.check([bad])
    assert 'x/b depends on unknown z' in problems
    assert 'x/b starts before a' in problems
    assert 'x/b cannot be in_progress' in problems
