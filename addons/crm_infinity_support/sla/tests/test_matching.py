from odoo.addons.crm_infinity_support.sla import Policy, TicketFacts, match_policy

CENTER, OTHER = 1, 2
HARDWARE, PRINTERS = 10, 11  # printers is a sub-category of hardware
POLICIES = [
    Policy(1, 10, CENTER, frozenset(), (), (), ()),                       # catch-all
    Policy(2, 5, CENTER, frozenset({'2', '3'}), (), (), ()),              # high/urgent
    Policy(3, 1, CENTER, frozenset(), (HARDWARE,), (500,), ()),           # ACME hardware
    Policy(4, 1, OTHER, frozenset(), (), (), (77,)),                      # other center, product
]


def facts(priority='1', category_path=(), partner=None, product=None, center=CENTER):
    return TicketFacts(center, priority, category_path, partner, product)


def test_catch_all():
    assert match_policy(POLICIES, facts()) == 1


def test_priority_by_sequence():
    assert match_policy(POLICIES, facts(priority='3')) == 2


def test_category_matches_children_for_that_customer():
    assert match_policy(POLICIES, facts(category_path=(PRINTERS, HARDWARE), partner=500)) == 3
    assert match_policy(POLICIES, facts(category_path=(PRINTERS, HARDWARE), partner=501)) == 1


def test_other_center_and_product():
    assert match_policy(POLICIES, facts(center=OTHER, product=77)) == 4
    assert match_policy(POLICIES, facts(center=OTHER, product=78)) is None
