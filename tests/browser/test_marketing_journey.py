"""A day of the marketing operator in the browser (issue 15): lists, a campaign, a message to a
dynamic list sent after the confirmation of its recipients, the monitor. Like the journeys of
`test_journeys.py`: fails on any RPC error, error dialog, JavaScript error or visible English
text, with a report naming the step and a screenshot (var/screenshots/journey-marketing-*.png).

The operator is the demo office's (silvia.fontana), her lists and campaigns are the demo's; the
message is made for the journey (as her, through RPC) and deleted at the end."""
import uuid

import pytest

from tests.browser.test_journeys import (
    ROOT_MENU, _button, _credentials, _form, _journey, _menu_absent, _web_login, _xmlid)
from tests.conftest import Rpc

M = 'crm_infinity_marketing.'
LIST_ACTION = M + 'mass_mailing_list_action'
MAILING_ACTION = 'mass_mailing.action_view_mass_mailings'


def _operator(admin_rpc):
    group = _xmlid(admin_rpc, 'crm_infinity_base.group_crm_marketing_operator')
    admin = _xmlid(admin_rpc, 'crm_infinity_base.group_crm_admin')
    ids = set(admin_rpc('res.users', 'search', [('groups_id', 'in', [group])])) - set(
        admin_rpc('res.users', 'search', [('groups_id', 'in', [admin])]))
    ids.discard(admin_rpc.uid)
    demo = admin_rpc('res.users', 'search', [('login', '=', 'silvia.fontana')])
    return (demo or sorted(ids) or [None])[0]


def test_marketing_operator_day(journey_page, odoo_server, admin_rpc, english):
    operator = _operator(admin_rpc)
    if not operator:
        pytest.skip('the database has no marketing operator')
    login, password = _credentials(odoo_server, admin_rpc, operator)
    lists = admin_rpc('mail.mass_mailing.list', 'search_read', [
        ('crm_list_type', '=', 'dynamic'), ('crm_user_id', '=', operator)],
        fields=['name', 'crm_campaign_id'], limit=1)
    if not lists:
        pytest.skip('the demo has no dynamic list of the marketing operator')
    dynamic = lists[0]
    me = Rpc(odoo_server, login, password)
    name = 'Promozione pompe di calore %s' % uuid.uuid4().hex[:4]
    mailing = me('mail.mass_mailing', 'create', {
        'name': name, 'campaign_id': dynamic['crm_campaign_id'] and dynamic['crm_campaign_id'][0],
        'mailing_model_id': _xmlid(admin_rpc, 'mass_mailing.model_mail_mass_mailing_list'),
        'contact_list_ids': [(6, 0, [dynamic['id']])], 'reply_to_mode': 'email',
        'body_html': '<p>Gentile cliente, le nuove pompe di calore sono arrivate.</p>'})
    try:
        journey = _journey(journey_page, odoo_server, 'marketing-operator', english, admin_rpc)
        _day(journey, admin_rpc, (login, password), dynamic, mailing, name)
        journey.finish()
        assert me('mail.mass_mailing', 'read', [mailing], ['state'])[0]['state'] != 'draft'
    finally:
        admin_rpc('mail.mass_mailing', 'unlink', [mailing])


def _day(journey, admin_rpc, credentials, dynamic, mailing, name):
    page = journey.page
    _web_login(journey, *credentials)

    with journey.step('menus of a marketing operator'):
        journey.menu(ROOT_MENU)
        journey.wait('a[data-menu-xmlid="%smarketing_list_menu"]:visible' % M)
        _menu_absent(journey, 'mass_mailing.mass_mailing_menu_root',
                     "Odoo's English Email Marketing beside ours")

    with journey.step('her lists'):
        journey.menu(ROOT_MENU)
        journey.menu(M + 'marketing_list_menu')
        journey.wait('.o_list_view tr.o_data_row:has-text("%s")' % dynamic['name'])
        journey.check('journey-marketing-lists')

    with journey.step('a dynamic list'):
        journey.click('.o_list_view tr.o_data_row:has-text("%s")' % dynamic['name'])
        journey.wait('.o_form_view .o_form_sheet:has-text("%s")' % dynamic['name'])
        journey.check('journey-marketing-list-form')

    with journey.step('her campaigns'):
        journey.menu(ROOT_MENU)
        journey.menu(M + 'marketing_campaign_menu')
        journey.wait('.o_list_view tr.o_data_row')
        journey.click('.o_list_view tr.o_data_row >> nth=0')
        journey.wait('.o_form_view .o_form_sheet')
        journey.check('journey-marketing-campaign-form')

    with journey.step('the message, sent after confirming the recipients'):
        _form(journey, 'mail.mass_mailing', mailing, name, MAILING_ACTION)
        journey.check('journey-marketing-message-form')
        journey.click(_button('Invia a Tutti', 'Send to All'))
        # Odoo's own "are you sure?", then the recipients of the dynamic list to confirm
        journey.wait('.modal:has-text("Procedere")')
        journey.check()
        journey.click('.modal .modal-footer .btn-primary')
        journey.wait('.modal .o_form_view:has-text("%s")' % dynamic['name'])
        journey.check('journey-marketing-confirm')
        confirm = '.modal-footer button.btn-primary:has-text("Conferma e continua")'
        journey.wait(confirm + ':visible')
        page.click(confirm, force=True)
        journey.wait(confirm, state='detached')
        journey.idle()
        journey.check()

    with journey.step('the monitor'):
        journey.menu(ROOT_MENU)
        journey.menu(M + 'marketing_monitor_menu')
        journey.wait('.o_kanban_view .o_kanban_record:has-text("%s")' % name)
        journey.check('journey-marketing-monitor')
        page.wait_for_timeout(11000)  # the monitor reloads itself: still there, no error
        journey.wait('.o_kanban_view .o_kanban_record:has-text("%s")' % name)
        journey.check()
        page.click('.o_kanban_view .o_kanban_record:has-text("%s") a:text-matches('
                   '"Destinatari|Recipients")' % name)
        journey.wait('.o_list_view, .o_view_nocontent')
        journey.check()
