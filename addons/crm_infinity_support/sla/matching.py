"""Which SLA policy applies to a ticket.

Policies of the ticket's service center are tried in ``(sequence, id)`` order and the first
whose every criterion matches wins. An empty criterion matches anything; a category criterion
also matches the tickets of its sub-categories.
"""
from collections import namedtuple

Policy = namedtuple('Policy', 'id sequence center_id priorities category_ids partner_ids product_ids')
TicketFacts = namedtuple('TicketFacts', 'center_id priority category_path partner_id product_id')
"""``category_path``: the ticket's category id followed by its ancestors' ids."""


def policy_matches(policy, ticket):
    if policy.center_id != ticket.center_id:
        return False
    if policy.priorities and ticket.priority not in policy.priorities:
        return False
    if policy.category_ids and not set(ticket.category_path or ()) & set(policy.category_ids):
        return False
    if policy.partner_ids and ticket.partner_id not in policy.partner_ids:
        return False
    if policy.product_ids and ticket.product_id not in policy.product_ids:
        return False
    return True


def match_policy(policies, ticket):
    """The id of the policy that applies to ``ticket`` (TicketFacts), or None."""
    for policy in sorted(policies, key=lambda p: (p.sequence, p.id)):
        if policy_matches(policy, ticket):
            return policy.id
    return None
