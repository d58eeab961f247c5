"""A day of work of every profile in the browser, clicking as a person does (issue #13).

One journey per profile, on the demo database, through menus and buttons: the salesperson, the
support operator and manager, the CRM administrator and the portal customer. Each journey fails
on any RPC error, error dialog, JavaScript error, or visible English text (see `journey.py`),
with a report naming the step and a screenshot (var/screenshots/journey-*.png).

The people are found in the demo by their profile (group), the records they work on are of the
demo or made for the journey by the administrator the way the demo makes them: a deal of the
salesperson on a company another salesperson owns, tickets of a customer who has quotes, an
acquired lead, a quote sent to the portal customer. What a journey changes is made for it and
put away at the end, so that the demo stays as it was for the other tests.
"""
import re
import uuid
import xmlrpc.client

import pytest

from tests.browser.journey import Journey
from tests.conftest import Rpc

ROOT_MENU = 'crm_infinity_base.crm_infinity_root_menu'
DEAL_ACTION = 'crm_infinity_sales.crm_lead_deal_action'
TICKET_ACTION = 'crm_infinity_support.crm_infinity_ticket_action'
WEB_CLIENT = '.o_web_client .o_main_navbar, .o_web_client .o_main_content'


def _journey(page, server, profile, english, admin_rpc, **kwargs):
    journey = Journey(page, server, profile, english, **kwargs)
    journey.admin_rpc = admin_rpc
    return journey


def _xmlid(admin_rpc, xmlid):
    return admin_rpc('ir.model.data', 'xmlid_to_res_id', xmlid)


def _group_users(admin_rpc, group, without=()):
    """Active internal users of `group` (an XML id) that are in none of the `without` groups."""
    ids = set(admin_rpc('res.users', 'search', [('groups_id', 'in', [_xmlid(admin_rpc, group)])]))
    for other in without:
        ids -= set(admin_rpc('res.users', 'search', [('groups_id', 'in', [_xmlid(admin_rpc, other)])]))
    ids.discard(admin_rpc.uid)
    return sorted(ids)


def _credentials(server, admin_rpc, uid):
    """Login and password of a demo user: the demo's password ('demo' or the login)."""
    login = admin_rpc('res.users', 'read', [uid], ['login'])[0]['login']
    common = xmlrpc.client.ServerProxy(server.url + '/xmlrpc/2/common')
    for password in ('demo', login):
        if common.authenticate(server.dbname, login, password, {}):
            return login, password
    admin_rpc('res.users', 'write', [uid], {'password': 'demo'})
    return login, 'demo'


def _login(journey, login, password):
    page, server = journey.page, journey.server
    page.goto(server.url + '/web/login', wait_until='domcontentloaded')
    page.fill('input[name="login"]', login)
    page.fill('input[name="password"]', password)
    with page.expect_navigation(timeout=120000):
        page.click('button[type="submit"]')


def _web_login(journey, login, password):
    with journey.step('login as %s' % login, critical=True):
        _login(journey, login, password)
        journey.wait(WEB_CLIENT, timeout=120000)
        journey.check()


def _deals(journey):
    journey.menu(ROOT_MENU)
    journey.menu('crm_infinity_sales.sales_deal_menu')
    journey.wait('.o_list_view tr.o_data_row, .o_kanban_view .o_kanban_record')


def _form(journey, model, res_id, name, action):
    """The form of a record: where the previous step left the user, or opened by its URL (in
    the action `action`, an XML id) when that step failed, so that each step shows its own
    problems."""
    selector = '.o_form_view .o_form_sheet' + (':has-text("%s")' % name if name else '')
    if not journey.page.query_selector(selector) or not re.search(
            r'[#&]id=%d(&|$)' % res_id, journey.page.url):
        journey.page.goto('%s/web#id=%d&model=%s&view_type=form&action=%d' % (
            journey.server.url, res_id, model, _xmlid(journey.admin_rpc, action)))
    journey.wait(selector)


def _button(italian, english):
    """A visible button of the form's header by its label (Odoo 11 renders no name on them);
    the English label matches too, so that a missing translation is reported as English on
    screen rather than as a missing button."""
    return '.o_form_statusbar button:visible:text-matches("%s|%s")' % (italian, english)


def _menu_absent(journey, xmlid, why):
    if journey.page.query_selector('a[data-menu-xmlid="%s"]' % xmlid):
        journey.problems.append((journey.current, 'menu %s is shown: %s' % (xmlid, why)))


# -- salesperson ----------------------------------------------------------------------------
def _salesperson_and_foreign_company(admin_rpc):
    """A salesperson (no list-all, no admin) with a demo deal on a company owned by another
    salesperson, and that company."""
    sellers = _group_users(admin_rpc, 'crm_infinity_base.group_crm_salesperson', without=(
        'crm_infinity_base.group_crm_admin', 'crm_infinity_base.group_crm_list_all'))
    deals = admin_rpc('crm.lead', 'search_read', [
        ('type', '=', 'opportunity'), ('user_id', 'in', sellers), ('partner_id', '!=', False)],
        fields=['name', 'user_id', 'partner_id'], order='id')
    for deal in deals:
        company = admin_rpc('res.partner', 'read', [deal['partner_id'][0]],
                            ['commercial_partner_id'])[0]['commercial_partner_id'][0]
        owner = admin_rpc('res.partner', 'read', [company], ['user_id'])[0]['user_id']
        if owner and owner[0] != deal['user_id'][0]:
            return deal['user_id'][0], deal, company
    pytest.fail('the demo has no deal of a salesperson on a company of another salesperson')


def test_salesperson_day(journey_page, odoo_server, admin_rpc, english):
    seller, demo_deal, company = _salesperson_and_foreign_company(admin_rpc)
    login, password = _credentials(odoo_server, admin_rpc, seller)
    tag = uuid.uuid4().hex[:4]
    deal = admin_rpc('crm.lead', 'create', {
        'name': 'Sicurezza sul lavoro %s - corso per i preposti' % tag, 'type': 'opportunity',
        'user_id': seller, 'partner_id': company, 'planned_revenue': 4800})
    orders = []
    try:
        _salesperson(_journey(journey_page, odoo_server, 'salesperson', english, admin_rpc), admin_rpc,
                     (login, password), demo_deal, deal, orders)
    finally:
        for order in orders:
            admin_rpc('sale.order', 'action_cancel', [order])
            admin_rpc('sale.order', 'unlink', [order])
        admin_rpc('crm.lead', 'write', [deal], {'active': False})
        admin_rpc('calendar.event', 'unlink', admin_rpc('calendar.event', 'search', [
            ('res_model', '=', 'crm.lead'), ('res_id', '=', deal)]))


def _salesperson(journey, admin_rpc, credentials, demo_deal, deal, orders):
    page = journey.page
    deal_name = admin_rpc('crm.lead', 'read', [deal], ['name'])[0]['name']
    _web_login(journey, *credentials)

    with journey.step('menus of a salesperson'):
        journey.menu(ROOT_MENU)
        journey.wait('a[data-menu-xmlid="crm_infinity_sales.sales_deal_menu"]:visible')
        _menu_absent(journey, 'crm_infinity_einvoice.einvoice_deadline_menu',
                     'a salesperson cannot read payment deadlines')
        _menu_absent(journey, 'crm_infinity_sales.sales_pipeline_menu',
                     "Odoo's pipeline beside the deals")
        for app in ('crm.crm_menu_root', 'sale.sale_menu_root'):
            _menu_absent(journey, app, "Odoo's application beside CRM Infinity")

    with journey.step('his deals, list'):
        _deals(journey)
        if not page.query_selector('.o_list_view'):
            journey.click('.o_cp_switch_buttons .o_cp_switch_list')
        journey.wait('.o_list_view tr.o_data_row:has-text("%s")' % demo_deal['name'])
        journey.check('journey-sales-deals-list')

    with journey.step('his deals, kanban'):
        _deals(journey)
        journey.click('.o_cp_switch_buttons .o_cp_switch_kanban')
        journey.wait('.o_kanban_view .o_kanban_record:has-text("%s")' % demo_deal['name'])
        journey.check('journey-sales-deals-kanban')

    with journey.step('a deal on a company of another salesperson'):
        _deals(journey)
        journey.wait('.o_list_view tr.o_data_row')  # not the previous step's kanban
        journey.idle()
        # typed (Odoo 11's search box listens to key events; fill() sends none)
        page.type('.o_searchview_input', deal_name)
        journey.wait('.o_searchview_autocomplete')  # Enter picks its first line
        page.keyboard.press('Enter')
        journey.wait('.o_searchview_facet:has-text("%s")' % deal_name)
        journey.idle()
        journey.click('.o_list_view tr.o_data_row:has-text("%s"), '
                      '.o_kanban_view .o_kanban_record:has-text("%s")' % (deal_name, deal_name))
        journey.wait('.o_form_view .o_form_sheet:has-text("%s")' % deal_name)
        journey.check('journey-sales-deal-form')

    with journey.step('causale "Fissa appuntamento"'):
        _form(journey, 'crm.lead', deal, deal_name, DEAL_ACTION)
        journey.click(_button('Applica una causale', 'Apply a causale'))
        journey.wait('.modal .o_form_view')
        page.click('.modal .o_field_widget[name="causale_id"] input')
        page.fill('.modal .o_field_widget[name="causale_id"] input', 'Fissa appuntamento')
        journey.click('.ui-autocomplete li a:has-text("Fissa appuntamento")')
        journey.settle()
        date = page.query_selector('.modal .o_field_widget[name="date"]')
        if not date or 'o_required_modifier' not in (date.get_attribute('class') or ''):
            journey.problems.append((journey.current, 'the date of "Fissa appuntamento" is not '
                                     'marked required before saving'))
        page.fill('.modal .o_field_widget[name="date"] input', '15/01/2030')
        page.fill('.modal .o_field_widget[name="note"]', 'Appuntamento in sede dal cliente')
        journey.check('journey-sales-causale-wizard')
        journey.click('.modal-footer button.btn-primary')
        journey.wait('.modal', state='detached')
        journey.check()
        events = admin_rpc('calendar.event', 'search_read', [
            ('res_model', '=', 'crm.lead'), ('res_id', '=', deal)], fields=['user_id'])
        seller = admin_rpc('crm.lead', 'read', [deal], ['user_id', 'meeting_count'])[0]
        if not events or events[0]['user_id'][0] != seller['user_id'][0]:
            journey.problems.append((journey.current, 'the appointment is not in the agenda of '
                                     "the deal's salesperson: %s" % events))
        if not seller['meeting_count']:
            journey.problems.append((journey.current, "the deal's meeting counter stays 0"))

    with journey.step('create a quote from the deal'):
        _form(journey, 'crm.lead', deal, deal_name, DEAL_ACTION)
        journey.click(_button('Crea preventivo', 'Create quotation'))
        journey.wait(_button('Genera offerta', 'Generate offer'))
        journey.check('journey-sales-quote')
        orders.extend(admin_rpc('sale.order', 'search', [('opportunity_id', '=', deal)]))

    with journey.step('generate and download the offer'):
        if not orders:  # the quote of the deal, made by the administrator if the button failed
            orders.append(admin_rpc('crm.lead', 'action_create_quotation', [deal])['res_id'])
        _form(journey, 'sale.order', orders[0], None, 'sale.action_quotations')
        journey.click(_button('Genera offerta', 'Generate offer'))
        journey.wait('.modal .o_form_view')
        page.click('.modal .o_field_widget[name="layout_id"] input')
        journey.click('.ui-autocomplete li a >> nth=0')
        journey.click('.modal .o_field_radio input[data-value="docx"], '
                      '.modal .o_field_radio label:has-text("DOCX")')
        journey.check('journey-sales-offer-wizard')
        journey.click('.modal-footer button.btn-primary:visible')  # Genera
        # the wizard says the document is attached and offers it for download, then closes
        journey.wait('.modal a:has-text(".docx")')
        with page.expect_download(timeout=60000) as download:
            journey.click('.modal a:has-text(".docx")')
        if not download.value.suggested_filename.endswith('.docx'):
            journey.problems.append((journey.current, 'the offer downloads as %s' %
                                     download.value.suggested_filename))
        journey.check('journey-sales-offer-generated')
        try:
            journey.click('.modal-footer button.btn-primary:visible', timeout=10000)  # Chiudi
            page.wait_for_selector('.modal', state='detached', timeout=10000)
        except Exception:
            journey.problems.append((journey.current, 'the offer wizard stays open after the '
                                     'download (buttons disabled: %s)' % page.eval_on_selector_all(
                                         '.modal-footer button', 'bs => bs.map(b => b.disabled)')))
            page.click('.modal-header .close')
        mimetypes = [a['mimetype'] for a in admin_rpc('ir.attachment', 'search_read', [
            ('res_model', '=', 'sale.order'), ('res_id', 'in', orders),
            ('name', '=ilike', '%.docx')], fields=['mimetype'])]
        if mimetypes != ['application/vnd.openxmlformats-officedocument.wordprocessingml.document']:
            journey.problems.append((journey.current, 'the DOCX offer is stored as %s' % mimetypes))
        journey.check()

    with journey.step('his dashboard'):
        journey.menu(ROOT_MENU)
        journey.menu('crm_infinity_sales.sales_dashboard_menu')
        journey.menu('crm_infinity_sales.sales_dashboard_operational_menu')
        journey.wait('.o_kanban_view .o_kanban_record')
        journey.check('journey-sales-dashboard')
    journey.finish()


# -- support operator and manager -------------------------------------------------------------
def _support_people(admin_rpc):
    operators = _group_users(admin_rpc, 'crm_infinity_base.group_crm_support_operator', without=(
        'crm_infinity_base.group_crm_support_manager',))
    managers = _group_users(admin_rpc, 'crm_infinity_base.group_crm_support_manager', without=(
        'crm_infinity_base.group_crm_admin',))
    centers = admin_rpc('crm.infinity.service.center', 'search_read', [
        ('operator_ids', 'in', operators)], fields=['operator_ids', 'name'], order='id')
    assert centers and managers, 'the demo has no support operator in a center, or no manager'
    operator = [uid for uid in centers[0]['operator_ids'] if uid in operators][0]
    return operator, managers[0], centers[0]['id']


def _ticket_with_quote(admin_rpc, center, subject):
    """A new ticket of a demo customer, with a quote of another person (T17)."""
    partner = admin_rpc('sale.order', 'search_read', [
        ('partner_id.customer', '=', True), ('partner_id.commercial_partner_id.user_id', '!=', False)],
        fields=['partner_id'], limit=1, order='id')[0]['partner_id'][0]
    ticket = admin_rpc('crm.infinity.ticket', 'create', {
        'name': subject, 'center_id': center, 'partner_id': partner, 'priority': '2',
        'description': '<p>Il cliente segnala: %s</p>' % subject})
    order = admin_rpc('sale.order', 'create', {'partner_id': partner, 'ticket_id': ticket})
    return ticket, order


def test_support_operator_day(journey_page, odoo_server, admin_rpc, english):
    operator, _manager_uid, center = _support_people(admin_rpc)
    ticket, order = _ticket_with_quote(admin_rpc, center, 'Caldaia in blocco %s: errore E03'
                                       % uuid.uuid4().hex[:4])
    try:
        journey = _journey(journey_page, odoo_server, 'support-operator', english, admin_rpc)
        _operator(journey, admin_rpc, _credentials(odoo_server, admin_rpc, operator), ticket)
        journey.finish()
    finally:
        admin_rpc('sale.order', 'unlink', [order])
        admin_rpc('crm.infinity.ticket', 'write', [ticket], {'active': False})


def test_support_manager_day(journey_page, odoo_server, admin_rpc, english):
    operator, manager, center = _support_people(admin_rpc)
    ticket, order = _ticket_with_quote(admin_rpc, center, 'Fattura non ricevuta %s'
                                       % uuid.uuid4().hex[:4])
    try:
        journey = _journey(journey_page, odoo_server, 'support-manager', english, admin_rpc)
        _manager(journey, admin_rpc, _credentials(odoo_server, admin_rpc, manager), ticket,
                 operator)
        journey.finish()
    finally:
        admin_rpc('sale.order', 'unlink', [order])
        admin_rpc('crm.infinity.ticket', 'write', [ticket], {'active': False})


def _operator(journey, admin_rpc, credentials, ticket):
    page = journey.page
    subject = admin_rpc('crm.infinity.ticket', 'read', [ticket], ['name'])[0]['name']
    _web_login(journey, *credentials)

    with journey.step('operator: cockpit "to take in charge"'):
        journey.menu(ROOT_MENU)
        journey.menu('crm_infinity_support.support_cockpit_to_take_menu')
        journey.wait('.o_crm_infinity_preview_split tr.o_data_row')
        journey.check()

    with journey.step('operator: preview of a ticket'):
        if not page.query_selector('.o_crm_infinity_preview_list'):
            journey.menu(ROOT_MENU)
            journey.menu('crm_infinity_support.support_cockpit_to_take_menu')
        journey.click('.o_crm_infinity_preview_list tr.o_data_row:has-text("%s")' % subject)
        journey.wait('.o_crm_infinity_ticket_preview .o_crm_infinity_preview_subject:has-text("%s")'
                     % subject)
        journey.check('journey-support-cockpit-preview')

    with journey.step('operator: open the ticket'):
        if not page.query_selector('.o_crm_infinity_preview_list'):
            journey.menu(ROOT_MENU)
            journey.menu('crm_infinity_support.support_cockpit_to_take_menu')
        page.dblclick('.o_crm_infinity_preview_list tr.o_data_row:has-text("%s") td >> nth=2'
                      % subject)
        journey.wait('.o_form_view .o_form_sheet:has-text("%s")' % subject)
        journey.check('journey-support-ticket-form')

    with journey.step('operator: take it in charge'):
        _form(journey, 'crm.infinity.ticket', ticket, subject, TICKET_ACTION)
        journey.click(_button('Prendi in carico', 'Take in charge'))
        journey.idle()
        journey.wait(_button('Prendi in carico', 'Take in charge'), state='hidden')
        journey.check()

    with journey.step('operator: reply in the chatter'):
        _form(journey, 'crm.infinity.ticket', ticket, subject, TICKET_ACTION)
        journey.click('.o_chatter_button_new_message')
        page.fill('.o_chatter .o_composer_text_field', 'Buongiorno, interveniamo domani mattina.')
        journey.click('.o_chatter .o_composer_button_send')
        journey.wait('.o_chatter .o_thread_message:has-text("interveniamo domani mattina")')
        page.wait_for_timeout(1000)  # the error of the reply comes after the message
        journey.check('journey-support-ticket-reply')

    with journey.step('operator: causale "In attesa del cliente"'):
        _form(journey, 'crm.infinity.ticket', ticket, subject, TICKET_ACTION)
        journey.click(_button('Applica una causale', 'Apply a causale'))
        journey.wait('.modal .o_form_view')
        page.click('.modal .o_field_widget[name="causale_id"] input')
        page.fill('.modal .o_field_widget[name="causale_id"] input', 'In attesa')
        journey.click('.ui-autocomplete li a:has-text("In attesa del cliente")')
        page.fill('.modal .o_field_widget[name="note"]', 'Chiesto al cliente il modello della caldaia')
        journey.check('journey-support-causale-wizard')
        journey.click('.modal-footer button.btn-primary')
        journey.wait('.modal', state='detached')
        journey.check()

    with journey.step('operator: SLA tab'):
        _form(journey, 'crm.infinity.ticket', ticket, subject, TICKET_ACTION)
        journey.click('.o_notebook a:text-matches("SLA")')
        journey.wait('.o_notebook .tab-pane.active')
        journey.check('journey-support-sla-tab')


def _manager(journey, admin_rpc, credentials, ticket, operator):
    page = journey.page
    subject = admin_rpc('crm.infinity.ticket', 'read', [ticket], ['name'])[0]['name']
    operator_name = admin_rpc('res.users', 'read', [operator], ['name'])[0]['name']
    _web_login(journey, *credentials)

    with journey.step('manager: cockpit "to assign"'):
        journey.menu(ROOT_MENU)
        journey.menu('crm_infinity_support.support_cockpit_to_assign_menu')
        journey.wait('.o_crm_infinity_preview_list tr.o_data_row:has-text("%s")' % subject)
        journey.check()

    with journey.step('manager: assign the ticket'):
        if not page.query_selector('.o_crm_infinity_preview_list'):
            journey.menu(ROOT_MENU)
            journey.menu('crm_infinity_support.support_cockpit_to_assign_menu')
        page.dblclick('.o_crm_infinity_preview_list tr.o_data_row:has-text("%s") td >> nth=2'
                      % subject)
        journey.wait('.o_form_view .o_form_sheet:has-text("%s")' % subject)
        journey.click('.o_form_button_edit')
        page.click('.o_form_view .o_field_widget[name="user_id"] input')
        page.fill('.o_form_view .o_field_widget[name="user_id"] input', operator_name)
        journey.click('.ui-autocomplete li a:has-text("%s")' % operator_name)
        journey.click('.o_form_button_save')
        journey.wait('.o_form_view.o_form_readonly')
        journey.check('journey-support-assign')
        user = admin_rpc('crm.infinity.ticket', 'read', [ticket], ['user_id'])[0]['user_id']
        if not user or user[0] != operator:
            journey.problems.append((journey.current, 'the ticket is not assigned: %s' % user))

    with journey.step('manager: KPI dashboard'):
        journey.menu(ROOT_MENU)
        journey.menu('crm_infinity_support.crm_infinity_support_dashboard_menu')
        journey.wait('.o_crm_infinity_kpi_dashboard .o_kanban_record')
        journey.check('journey-support-kpi-dashboard')


# -- CRM administrator ------------------------------------------------------------------------
def test_crm_admin_day(journey_page, odoo_server, admin_rpc, english):
    tag = uuid.uuid4().hex[:4]
    lead = admin_rpc('crm.lead', 'create', {
        'name': 'Carpenteria Adda %s - valutazione rischi' % tag, 'type': 'lead',
        'crm_lead_status': 'acquired', 'partner_name': 'Carpenteria Adda %s S.r.l.' % tag,
        'contact_name': 'Giorgio Villa', 'city': 'Lecco',
        'country_id': _xmlid(admin_rpc, 'base.it')})
    invoice = admin_rpc('account.invoice', 'search', [('partner_id.is_pa', '=', True),
                                                      ('state', '=', 'open')], limit=1)
    assert invoice, 'the demo has no open invoice of a public administration'
    try:
        _crm_admin(_journey(journey_page, odoo_server, 'crm-admin', english, admin_rpc), admin_rpc, lead,
                   invoice[0])
    finally:
        partner = admin_rpc('crm.lead', 'read', [lead], ['crm_converted_partner_id'])[0][
            'crm_converted_partner_id']
        admin_rpc('crm.lead', 'write', [lead], {'active': False})
        if partner:
            admin_rpc('res.partner', 'write', [partner[0]], {'active': False})


def _crm_admin(journey, admin_rpc, lead, invoice):
    page = journey.page
    lead_name, number = (admin_rpc('crm.lead', 'read', [lead], ['name'])[0]['name'],
                         admin_rpc('account.invoice', 'read', [invoice], ['number'])[0]['number'])
    _web_login(journey, 'admin', 'admin')

    with journey.step('Configurazione > Profili'):
        journey.menu(ROOT_MENU)
        journey.menu('crm_infinity_base.crm_infinity_config_menu')
        journey.menu('crm_infinity_base.res_groups_profile_menu')
        journey.wait('.o_list_view tr.o_data_row, .o_kanban_view .o_kanban_record')
        journey.check('journey-admin-profiles')

    with journey.step('convert an acquired lead'):
        journey.menu(ROOT_MENU)
        journey.menu('crm_infinity_sales.sales_sicurweb_lead_menu')
        journey.wait('.o_kanban_view, .o_list_view')
        page.fill('.o_searchview_input', lead_name)
        page.keyboard.press('Enter')
        journey.click('.o_kanban_record:has-text("%s"), tr.o_data_row:has-text("%s")'
                      % (lead_name, lead_name))
        journey.wait(_button('Trasforma in azienda', 'Convert into a company'))
        journey.check('journey-admin-lead-acquired')
        journey.click(_button('Trasforma in azienda', 'Convert into a company'))
        journey.wait('.modal .o_form_view')
        journey.check('journey-admin-convert-wizard')
        journey.click('.modal-footer button.btn-primary')
        page.wait_for_function('() => /[#&]model=res.partner(&|$)/.test(window.location.hash)',
                               timeout=20000)
        journey.wait('.o_form_view .o_form_sheet:has-text("Carpenteria Adda")')
        journey.check('journey-admin-converted-company')
        if not admin_rpc('crm.lead', 'read', [lead], ['crm_converted_partner_id'])[0][
                'crm_converted_partner_id']:
            journey.problems.append((journey.current, 'the lead is not converted'))

    with journey.step('export an invoice (FatturaPA)'):
        journey.menu(ROOT_MENU)
        journey.menu('crm_infinity_einvoice.einvoice_invoice_menu')
        journey.wait('.o_list_view')
        page.fill('.o_searchview_input', number)
        page.keyboard.press('Enter')
        journey.click('.o_list_view tr.o_data_row:has-text("%s")' % number)
        journey.wait(_button('Esporta fattura elettronica', 'Export e-invoice'))
        with page.expect_download(timeout=60000) as download:
            journey.click(_button('Esporta fattura elettronica', 'Export e-invoice'))
        try:  # the form comes back to life after the download: the buttons Odoo disables while
            # an action runs (not the current status of the status bar, disabled by design)
            page.wait_for_function("() => !document.querySelector("
                                   "'.o_statusbar_buttons button:disabled, .oe_button_box button:disabled, "
                                   ".o_cp_buttons button:disabled')",
                                   timeout=5000)
        except Exception:
            journey.problems.append((journey.current, 'the invoice form stays frozen (buttons '
                                     'disabled) after the e-invoice download'))
        if not download.value.suggested_filename.lower().endswith('.xml'):
            journey.problems.append((journey.current, 'the e-invoice downloads as %s'
                                     % download.value.suggested_filename))
        journey.click('.o_notebook a:text-matches("Fattura elettronica|E-invoice")')
        journey.wait('.o_notebook .tab-pane.active tr.o_data_row')
        journey.check('journey-admin-einvoice')
    journey.finish()


# -- portal customer --------------------------------------------------------------------------
def _portal_customer(admin_rpc):
    """A portal user of a customer company that has quotes."""
    users = admin_rpc('res.users', 'search_read', [
        ('groups_id', 'in', [_xmlid(admin_rpc, 'base.group_portal')]),
        ('partner_id.parent_id', '!=', False), ('login', 'not in', ['portal', 'portaltemplate'])],
        fields=['partner_id'], order='id')
    for user in users:
        company = admin_rpc('res.partner', 'read', [user['partner_id'][0]],
                            ['commercial_partner_id'])[0]['commercial_partner_id'][0]
        if admin_rpc('sale.order', 'search_count', [('partner_id', 'child_of', company)]):
            return user['id'], user['partner_id'][0], company
    pytest.fail('the demo has no portal customer of a company with quotes')


def test_portal_customer_day(journey_page, odoo_server, admin_rpc, english, tmp_path):
    uid, contact, company = _portal_customer(admin_rpc)
    credentials = _credentials(odoo_server, admin_rpc, uid)
    # a quote sent to the customer with its offer document, as the salesperson does
    template = admin_rpc('sale.order', 'search_read', [('partner_id', 'child_of', company),
                                                       ('order_line', '!=', False)],
                         fields=['user_id'], limit=1, order='id')
    quote = admin_rpc('sale.order', 'copy', [template[0]['id']], {'partner_id': contact})
    admin_rpc('ir.config_parameter', 'set_param', 'report.url', odoo_server.url)
    wizard = admin_rpc('crm.infinity.offer.generate.wizard', 'create', {
        'order_id': quote,
        'layout_id': _xmlid(admin_rpc, 'crm_infinity_sales.offer_layout_standard_demo'),
        'output_format': 'pdf'})
    admin_rpc('crm.infinity.offer.generate.wizard', 'action_generate', [wizard])
    admin_rpc('sale.order', 'write', [quote], {'state': 'sent'})
    admin_rpc('sale.order', 'message_subscribe', [quote], partner_ids=[contact])
    tickets = []
    try:
        _portal(_journey(journey_page, odoo_server, 'portal', english, admin_rpc,
                         home=Journey.PORTAL),
                admin_rpc, credentials,
                quote, tickets, tmp_path)
    finally:
        admin_rpc('sale.order', 'action_cancel', [quote])
        admin_rpc('sale.order', 'unlink', [quote])
        if tickets:
            admin_rpc('crm.infinity.ticket', 'write', tickets, {'active': False})


def _portal(journey, admin_rpc, credentials, quote, tickets, tmp_path):
    page, url = journey.page, journey.server.url
    subject = 'Termostato non risponde %s' % uuid.uuid4().hex[:4]

    with journey.step('portal: login lands on /my'):
        _login(journey, *credentials)
        page.wait_for_load_state('domcontentloaded')
        path = page.url.replace(url, '')
        if not path.startswith('/my'):
            journey.problems.append((journey.current, 'after login the customer lands on %s, '
                                     'not on his portal /my' % path))
            page.goto(url + '/my', wait_until='domcontentloaded')
        journey.wait('.o_portal_my_home a[href="/my/tickets"]')
        journey.check('journey-portal-home')

    with journey.step('portal: new ticket with an attachment'):
        journey.click('.o_portal_my_home a[href="/my/tickets"]')
        journey.click('a[href="/my/tickets/new"]')
        journey.wait('.o_ticket_new_form')
        page.select_option('select[name="center_id"]', index=1)
        page.select_option('select[name="category_id"]', index=1)
        page.fill('input[name="name"]', subject)
        page.fill('textarea[name="description"]',
                  'Il termostato del salone non risponde ai comandi da ieri sera.')
        photo = tmp_path / 'termostato.txt'
        photo.write_text('foto del display')
        page.set_input_files('.o_ticket_new_form input[name="attachments"]', str(photo))
        journey.check('journey-portal-ticket-new')
        journey.click('.o_ticket_new_submit')
        journey.wait('.o_portal_ticket h4:has-text("%s")' % subject)
        tickets.extend(admin_rpc('crm.infinity.ticket', 'search', [('name', '=', subject)]))
        journey.wait('.o_ticket_history a:has-text("termostato.txt")')
        journey.check()

    with journey.step('portal: reply on the ticket'):
        page.fill('#ticket_reply_message', 'Ho provato a cambiare le batterie, senza risultato.')
        journey.click('.o_ticket_reply_send')
        journey.wait('.o_ticket_message:has-text("senza risultato")')
        journey.check('journey-portal-ticket-reply')

    with journey.step('portal: confirm an offer'):
        page.goto(url + '/my', wait_until='domcontentloaded')
        journey.click('.o_portal_my_home a[href="/my/quotes"]')
        journey.click('a[href*="/my/orders/%d"]' % quote)
        journey.wait('#o_offer_confirm')
        journey.check('journey-portal-offer')
        # quantities read as Italians write them: "2", "2,5" (not Odoo's float "2.0")
        floats = re.findall(r'(?<![\d.,])\d+\.\d(?![\d.,])', page.inner_text('body'))
        if floats:
            journey.problems.append((journey.current, 'numbers shown as Python floats: %s'
                                     % ', '.join(sorted(set(floats)))))
        journey.click('#o_offer_confirm')
        journey.wait('#o_offer_confirmed_message')
        journey.check('journey-portal-offer-confirmed')
        state = admin_rpc('sale.order', 'read', [quote], ['offer_customer_confirmed'])[0]
        if not state['offer_customer_confirmed']:
            journey.problems.append((journey.current, 'the offer is not confirmed: %s' % state))
    journey.finish()
