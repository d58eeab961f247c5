"""The personal calendar feed of the Scadenze (SPEC B8) from outside: a phone calendar fetches
``/crm_infinity/scadenze/<token>.ics`` with no session; the token is made and revoked by the
user himself over RPC (the buttons of his preferences)."""
import datetime
import uuid

import requests

from odoo.addons.crm_infinity_base.engines.tests.ical_check import ical_events, ical_problems
from tests.conftest import Rpc

PASSWORD = 'Prova-2026!'


def _user(admin_rpc, login):
    found = admin_rpc('res.users', 'search', [('login', '=', login)])
    if found:
        return found[0]
    group = admin_rpc('ir.model.data', 'xmlid_to_res_id', 'crm_infinity_base.group_crm_salesperson')
    return admin_rpc('res.users', 'create', {
        'name': login.replace('.', ' ').title(), 'login': login, 'password': PASSWORD,
        'email': login + '@example.com', 'lang': 'it_IT', 'groups_id': [(6, 0, [group])]})


def test_feed_of_a_salesperson_validates_and_a_revoked_token_is_refused(odoo_server, admin_rpc):
    seller = _user(admin_rpc, 'bb.scad.seller')
    other = _user(admin_rpc, 'bb.scad.other')
    tag = uuid.uuid4().hex[:6]
    model = admin_rpc('ir.model', 'search', [('model', '=', 'res.partner')])[0]
    todo = admin_rpc('ir.model.data', 'xmlid_to_res_id', 'mail.mail_activity_data_todo')
    due = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    mine = admin_rpc('res.partner', 'create', {'name': 'Cliente feed %s' % tag, 'user_id': seller,
                                               'is_company': True})
    theirs = admin_rpc('res.partner', 'create', {'name': 'Cliente altrui %s' % tag,
                                                 'user_id': other, 'is_company': True})
    admin_rpc('mail.activity', 'create', {
        'res_model_id': model, 'res_id': mine, 'activity_type_id': todo, 'user_id': seller,
        'summary': 'Richiamare, virgola; punto %s' % tag, 'date_deadline': due})
    admin_rpc('mail.activity', 'create', {
        'res_model_id': model, 'res_id': theirs, 'activity_type_id': todo, 'user_id': other,
        'summary': 'Riservata %s' % tag, 'date_deadline': due})
    rpc = Rpc(odoo_server, 'bb.scad.seller', PASSWORD)
    action = rpc('res.users', 'action_crm_ics_regenerate', [seller])
    url = rpc('crm.infinity.ics.link', 'read', [action['res_id']], ['url'])[0]['url']
    path = '/crm_infinity/scadenze/' + url.rsplit('/', 1)[1]
    answer = requests.get(odoo_server.url + path, timeout=60)
    assert answer.status_code == 200
    assert answer.headers['Content-Type'].startswith('text/calendar')
    assert ical_problems(answer.content) == []
    summaries = [e['SUMMARY'] for e in ical_events(answer.content)]
    assert any('Richiamare\\, virgola\\; punto %s' % tag in s for s in summaries), summaries
    assert not any('Riservata %s' % tag in s for s in summaries)
    # another token of the same user, a forged one, then the revoked one: 404, no session needed
    assert requests.get(odoo_server.url + path[:-5] + 'x.ics', timeout=60).status_code == 404
    assert requests.get(odoo_server.url + '/crm_infinity/scadenze/%d-nope.ics' % other,
                        timeout=60).status_code == 404
    rpc('res.users', 'action_crm_ics_revoke', [seller])
    assert requests.get(odoo_server.url + path, timeout=60).status_code == 404
