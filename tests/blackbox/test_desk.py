"""MyDesk (B9) and the Scheda riepilogo (B10) over XML-RPC on the demo database, as each
profile's demo user: every tile's figure is the number of records its action opens, as that
user; "today" is today in his time zone on the day the test runs; the card of a demo customer
holds the items of every installed addon in date order and nothing the viewer may not read."""
import datetime

import pytest
import pytz

from tests.conftest import Rpc

# login, password (README, "Demo users")
PROFILES = [
    ('giulia.bianchi', 'demo'),             # salesperson
    ('marco.ferrari', 'demo'),              # sales manager (Area Nord)
    ('elena.marino', 'demo'),               # support operator
    ('francesca.galli', 'francesca.galli'),  # support manager
    ('chiara.moretti', 'chiara.moretti'),    # CRM administrator
    ('silvia.fontana', 'silvia.fontana'),    # marketing operator
    ('paolo.ricci', 'demo'),                # commessa manager
    ('andrea.greco', 'andrea.greco'),        # assignee
    ('admin', 'admin'),                      # system administrator: every tile
]
# the kinds each addon contributes to the card
ADDON_KINDS = {
    'crm_infinity_base': {'message', 'communication', 'primanota'},
    'crm_infinity_sales': {'deal', 'quote'},
    'crm_infinity_support': {'ticket', 'sla'},
    'crm_infinity_einvoice': {'invoice', 'payment'},
    'crm_infinity_marketing': {'mailing', 'consent', 'call_list', 'nominativo'},
    'crm_infinity_projects': {'commessa', 'project_activity', 'project_event'},
}


def _rpc(odoo_server, login, password):
    try:
        return Rpc(odoo_server, login, password)
    except AssertionError:
        pytest.skip('no demo user %s' % login)


def _tiles(data):
    return [tile for section in data['sections'] for tile in section['tiles']]


def _count(rpc, action):
    return rpc(action['res_model'], 'search_count', action['domain'],
               context=dict(action.get('context') or {}, lang='it_IT'))


@pytest.mark.parametrize('login,password', PROFILES)
def test_each_tile_opens_the_records_it_counted(odoo_server, login, password):
    rpc = _rpc(odoo_server, login, password)
    data = rpc('crm.infinity.desk', 'crm_desk_load', context={'lang': 'it_IT'})
    scopes = [scope['code'] for scope in data['scopes']]
    assert data['refreshed'].startswith('aggiornato alle ')
    checked = 0
    for scope in scopes:
        if scope != data['scope']:
            data = rpc('crm.infinity.desk', 'crm_desk_load', scope=scope,
                       context={'lang': 'it_IT'})
        tiles = _tiles(data)
        assert tiles, 'no tile for %s (%s)' % (login, scope)
        for tile in tiles:
            if tile['kind'] not in ('count', 'chart'):
                continue
            action = rpc('crm.infinity.desk', 'crm_desk_open', tile['key'], scope=scope)
            assert action['res_model'] == tile['res_model']
            assert _count(rpc, action) == tile['value'], (login, scope, tile['key'])
            for bar in tile.get('bars') or []:
                action = rpc('crm.infinity.desk', 'crm_desk_open', tile['key'], scope=scope,
                             bar=bar['bar'])
                assert _count(rpc, action) == bar['value'], (login, tile['key'], bar['label'])
            checked += 1
    assert checked


def test_relative_dates_are_today_in_the_users_time_zone(odoo_server, admin_rpc):
    rpc = _rpc(odoo_server, 'giulia.bianchi', 'demo')
    tz = admin_rpc('res.users', 'read', [rpc.uid], ['tz'])[0]['tz'] or 'Europe/Rome'
    before = datetime.datetime.now(pytz.timezone(tz)).date()
    action = rpc('crm.infinity.desk', 'crm_desk_open', 'base.activities_today')
    after = datetime.datetime.now(pytz.timezone(tz)).date()
    days = {before.isoformat(), after.isoformat()}
    assert any(term[0] == 'date_deadline' and term[1] == '=' and term[2] in days
               for term in action['domain']), action['domain']
    appointments = rpc('crm.infinity.desk', 'crm_desk_open', 'base.appointments_today')
    start = next(term[2] for term in appointments['domain'] if term[0] == 'stop')
    midnight = pytz.timezone(tz).localize(datetime.datetime.combine(
        before, datetime.time.min)).astimezone(pytz.utc).strftime('%Y-%m-%d %H:%M:%S')
    assert start == midnight or after != before


def _card_company(admin_rpc, seller):
    """A demo company with deals of ``seller``, tickets and invoices (which he may not read),
    and, when their addons are installed, a commessa and marketing messages sent to it."""
    deals = admin_rpc('crm.lead', 'search_read', [('user_id', '=', seller),
                                                  ('partner_id', '!=', False)],
                      fields=['partner_id'], context={'active_test': False})
    companies = {admin_rpc('res.partner', 'read', [d['partner_id'][0]],
                           ['commercial_partner_id'])[0]['commercial_partner_id'][0]
                 for d in deals}
    installed = {m['name'] for m in admin_rpc('ir.module.module', 'search_read', [
        ('name', 'in', list(ADDON_KINDS)), ('state', '=', 'installed')], fields=['name'])}
    checks = [('crm.infinity.ticket', [], 'commercial_partner_id'),
              ('account.invoice', [('state', 'not in', ('draft', 'cancel'))],
               'commercial_partner_id')]
    if 'crm_infinity_projects' in installed:
        checks.append(('project.project', [], 'partner_id'))
    if 'crm_infinity_marketing' in installed:
        # sent ones: the card shows a message on the day it was sent (messages queued to the
        # company by other tests on a reused database are not on it)
        checks.append(('mail.mail.statistics', [('sent', '!=', False)],
                       'crm_partner_id.commercial_partner_id'))
    for company in sorted(companies):
        if all(admin_rpc(model, 'search_count', domain + [(field, '=', company)],
                         context={'active_test': False})
               for model, domain, field in checks):
            return company
    pytest.skip('no demo company with deals of the salesperson, tickets, invoices, a commessa '
                'and marketing messages')


def _all_items(rpc, company, **kwargs):
    items, cursor = [], None
    for _page in range(50):
        data = rpc('crm.infinity.timeline', 'crm_timeline_load', company, cursor=cursor,
                   limit=100, context={'lang': 'it_IT'}, **kwargs)
        items += [item for item in data['items'] if item['kind'] != 'gap']
        cursor = data['next']
        if not cursor:
            break
    return items, data


def test_card_of_a_demo_customer_has_every_addon_in_date_order(odoo_server, admin_rpc):
    installed = {m['name'] for m in admin_rpc('ir.module.module', 'search_read', [
        ('name', 'in', list(ADDON_KINDS)), ('state', '=', 'installed')], fields=['name'])}
    seller = _rpc(odoo_server, 'giulia.bianchi', 'demo')
    company = _card_company(admin_rpc, seller.uid)
    manager = _rpc(odoo_server, 'chiara.moretti', 'chiara.moretti')
    items, data = _all_items(manager, company)
    dates = [item['date'] for item in items]
    assert dates == sorted(dates, reverse=True)
    kinds = {item['kind'] for item in items}
    for addon in installed:
        # each addon shows on the card of a customer with deals, tickets and invoices
        assert kinds & ADDON_KINDS[addon], (addon, kinds)
    codes = {kind['code'] for kind in data['kinds']}
    for addon in installed:
        assert ADDON_KINDS[addon] <= codes, addon


def test_card_shows_a_salesperson_nothing_he_may_not_read(odoo_server, admin_rpc):
    seller = _rpc(odoo_server, 'giulia.bianchi', 'demo')
    company = _card_company(admin_rpc, seller.uid)
    items, _data = _all_items(seller, company)
    assert items
    kinds = {item['kind'] for item in items}
    assert 'deal' in kinds
    # the salesperson reads no ticket and no invoice of that company
    for model, kind in (('crm.infinity.ticket', 'ticket'), ('account.invoice', 'invoice')):
        try:
            readable = seller(model, 'search_count', [])
        except Exception:
            readable = 0
        if not readable:
            assert kind not in kinds, kind
    # and every item links to a record he may open
    by_model = {}
    for item in items:
        by_model.setdefault(item['res_model'], set()).add(item['res_id'])
    for model, ids in by_model.items():
        assert len(seller(model, 'read', sorted(ids), ['display_name'])) == len(ids), model
