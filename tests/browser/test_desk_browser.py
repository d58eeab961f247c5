"""MyDesk (B9) and the Scheda riepilogo (B10) in the browser, for each profile of the demo:
MyDesk is the page after login, its tiles show with no error and no English, a tile opens its
list and the breadcrumb brings MyDesk back; a manager switches to his team; the card of a
customer shows its timeline (see `journey.py` for what a journey checks)."""
import pytest

from tests.browser.test_journeys import _credentials, _journey, _login, _xmlid

# profile, demo login (README, "Demo users")
PROFILES = [
    ('salesperson', 'giulia.bianchi'),
    ('sales-manager', 'marco.ferrari'),
    ('support-operator', 'elena.marino'),
    ('support-manager', 'francesca.galli'),
    ('crm-admin', 'chiara.moretti'),
    ('marketing-operator', 'silvia.fontana'),
    ('commessa-manager', 'paolo.ricci'),
    ('assignee', 'andrea.greco'),
    ('system-admin', 'admin'),
]
TILE = '.o_crm_desk .o_crm_desk_tile'
SUPERUSER_ID = 1  # admin, in Odoo 11


def _uid(admin_rpc, login):
    ids = admin_rpc('res.users', 'search', [('login', '=', login)])
    if not ids:
        pytest.skip('no demo user %s' % login)
    return ids[0]


@pytest.mark.parametrize('profile,login', PROFILES)
def test_mydesk_of_each_profile(journey_page, odoo_server, admin_rpc, english, profile, login):
    uid = _uid(admin_rpc, login)
    login, password = _credentials(odoo_server, admin_rpc, uid)
    journey = _journey(journey_page, odoo_server, 'desk-' + profile, english, admin_rpc)
    page = journey.page
    with journey.step('login: MyDesk is the home page', critical=True):
        _login(journey, login, password)
        if uid == SUPERUSER_ID:
            # the technical superuser keeps Odoo's home page; his MyDesk is in the menu
            page.goto('%s/web#action=%d' % (odoo_server.url, _xmlid(
                admin_rpc, 'crm_infinity_base.crm_infinity_desk_action')))
        journey.wait(TILE, timeout=120000)
        journey.idle()
        journey.check('desk-%s' % profile)
    with journey.step('the tiles of the profile'):
        keys = page.eval_on_selector_all(TILE, 'els => els.map(e => e.dataset.key)')
        assert keys, 'no tile'
        assert page.query_selector('.o_crm_desk_refreshed'), 'no time of the figures'
    with journey.step('a tile opens its list, the breadcrumb brings MyDesk back'):
        journey.click('%s_count .o_crm_desk_tile_open' % TILE)
        journey.wait('.o_list_view, .o_kanban_view, .o_view_nocontent')
        journey.idle()
        journey.check()
        journey.click('.o_control_panel .breadcrumb li:first-child a')
        journey.wait(TILE)
        journey.idle()
        journey.check()
    if page.query_selector('.o_crm_desk_scope[data-scope="team"]'):
        with journey.step('the team of the manager'):
            journey.click('.o_crm_desk_scope[data-scope="team"]')
            journey.wait('.o_crm_desk_scope.active[data-scope="team"]')
            journey.wait(TILE)
            journey.idle()
            journey.check('desk-%s-team' % profile)
    journey.finish()


def test_summary_card_of_a_customer(journey_page, odoo_server, admin_rpc, english):
    """The card of a demo company of the salesperson: its timeline, a link to a source."""
    uid = _uid(admin_rpc, 'giulia.bianchi')
    login, password = _credentials(odoo_server, admin_rpc, uid)
    deals = admin_rpc('crm.lead', 'search_read', [('user_id', '=', uid),
                                                  ('partner_id', '!=', False)],
                      fields=['partner_id'], limit=1)
    if not deals:
        pytest.skip('the demo salesperson has no deal on a customer')
    company = admin_rpc('res.partner', 'read', [deals[0]['partner_id'][0]],
                        ['commercial_partner_id'])[0]['commercial_partner_id'][0]
    journey = _journey(journey_page, odoo_server, 'card', english, admin_rpc)
    with journey.step('login', critical=True):
        _login(journey, login, password)
        journey.wait(TILE, timeout=120000)
    with journey.step('the company form: Scheda riepilogo'):
        journey.page.goto('%s/web#id=%d&model=res.partner&view_type=form&action=%d' % (
            odoo_server.url, company, _xmlid(admin_rpc, 'contacts.action_contacts')))
        # Odoo 11 renders no name on the stat buttons: by its label
        journey.click('.o_form_view .oe_stat_button:has-text("Scheda riepilogo")')
        journey.wait('.o_crm_timeline .o_crm_timeline_item')
        journey.idle()
        journey.check('card-salesperson')
    with journey.step('the card reloaded from its address keeps its Italian title'):
        journey.page.reload()
        journey.wait('.o_crm_timeline .o_crm_timeline_item')
        journey.idle()
        crumbs = journey.page.inner_text('.o_control_panel .breadcrumb')
        assert 'Scheda riepilogo' in crumbs and 'Unnamed' not in crumbs, crumbs
        journey.check('card-salesperson-reloaded')
    with journey.step('a filter by kind and the link to a source record'):
        journey.click('.o_crm_timeline_kind input[data-kind="deal"]')
        journey.wait('.o_crm_timeline_content')
        journey.idle()
        journey.wait('.o_crm_timeline_item_quote')
        assert not journey.page.query_selector('.o_crm_timeline_item_deal'), 'deals not hidden'
        journey.click('.o_crm_timeline_item_quote .o_crm_timeline_link')
        # the source record's form opens (its chatter is the sales addon's screen)
        journey.wait('.o_form_view .o_form_sheet')
        journey.idle()
    journey.finish()
