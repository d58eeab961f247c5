"""The demo's story, without a database: deterministic, and shaped so that every screen has
something to show."""
import datetime
from collections import Counter

from odoo.addons.crm_infinity_base.demo_builder import (
    CUSTOMERS, DEAL_OUTCOMES, SALESPEOPLE, SEED, build)

TODAY = datetime.date(2026, 3, 18)


def test_same_seed_same_day_same_story():
    assert build(SEED, TODAY) == build(SEED, TODAY)
    assert build(SEED, TODAY) != build(SEED + 1, TODAY)


def test_dates_follow_the_day_of_installation():
    later = build(SEED, TODAY + datetime.timedelta(days=30))
    story = build(SEED, TODAY)
    shift = datetime.timedelta(days=30)
    assert [d.opened + shift for d in story.deals] == [d.opened for d in later.deals]
    assert all(d.opened <= TODAY for d in story.deals)
    assert all(d.closed is None or d.opened <= d.closed < TODAY for d in story.deals)
    assert all(t.opened.date() < TODAY for t in story.tickets)
    assert all(i.date <= TODAY for i in story.invoices)


def test_customers_are_italian_of_every_kind_with_one_foreign():
    kinds = Counter(c.kind for c in CUSTOMERS)
    assert 18 <= len(CUSTOMERS) <= 22
    assert kinds['foreign'] == 1 and kinds['pa'] >= 3 and kinds['professional'] >= 3
    assert len({c.key for c in CUSTOMERS}) == len(CUSTOMERS)
    assert {c.owner for c in CUSTOMERS} == set(SALESPEOPLE)


def test_deals_go_through_every_phase_and_status():
    deals = build(SEED, TODAY).deals
    assert 140 <= len(deals) <= 160
    assert {d.status for d in deals} == {status for _p, status, _w in DEAL_OUTCOMES}
    outcomes = Counter(d.outcome for d in deals)
    assert outcomes['won'] >= 20 and outcomes['lost'] >= 20 and outcomes['open'] >= 50
    assert all(d.lost_reason for d in deals if d.outcome == 'lost')
    assert not any(d.lost_reason for d in deals if d.outcome != 'lost')
    assert {d.customer for d in deals} == {c.key for c in CUSTOMERS}
    # about a year of history
    assert min(d.opened for d in deals) < TODAY - datetime.timedelta(days=300)


def test_deals_on_colleagues_companies():
    owners = {c.key: c.owner for c in CUSTOMERS}
    foreign = [d for d in build(SEED, TODAY).deals if d.owner and d.owner != owners[d.customer]]
    assert len(foreign) >= 10
    assert any(d.owner == 'giulia' and d.customer == 'bianchi_costruzioni' for d in foreign)


def test_tickets_meet_warn_breach_and_pause_their_sla():
    tickets = build(SEED, TODAY).tickets
    assert 70 <= len(tickets) <= 90
    scenarios = Counter(t.scenario for t in tickets)
    for scenario in ('met', 'warned', 'breached', 'paused', 'running', 'pause_resumed'):
        assert scenarios[scenario] >= 3, scenario
    assert len([t for t in tickets if t.rating]) >= 25
    assert {t.rating for t in tickets if t.rating} == {1, 5, 10}
    assert len([t for t in tickets if t.quote]) >= 3
    portal = [t for t in tickets if t.customer == 'rossi_impianti']
    assert {'met', 'paused', 'running'} <= {t.scenario for t in portal}
    # opened in office hours on working days
    assert all(t.opened.weekday() < 5 and 9 <= t.opened.hour < 12 for t in tickets)


def test_invoices_paid_open_and_overdue():
    invoices = build(SEED, TODAY).invoices
    assert 35 <= len(invoices) <= 45
    states = Counter(i.state for i in invoices)
    assert states['paid'] >= 10 and states['open'] >= 5 and states['overdue'] >= 5
    assert all(i.due < TODAY for i in invoices if i.state == 'overdue')
    assert all(i.due >= TODAY for i in invoices if i.state == 'open')
    assert all(i.paid_on for i in invoices if i.state == 'paid')


def test_tickets_whose_story_ends_end_in_the_past():
    # a closed or breached ticket opened a day ago would be closed next week (its end, its SLA
    # events in the future on the card): whatever the day of installation
    for offset in range(60):
        today = TODAY + datetime.timedelta(days=offset)
        for ticket in build(SEED, today).tickets:
            if ticket.scenario not in ('paused', 'running'):
                assert (today - ticket.opened.date()).days >= 8, (offset, ticket.key)
