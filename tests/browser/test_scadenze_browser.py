"""The Scadenze (SPEC B8) in the browser as a salesperson: the calendar, the list and the pivot
of his deadlines open from the CRM Infinity menu with no error and no English on screen."""
from tests.browser.test_journeys import (ROOT_MENU, _credentials, _journey,
                                         _salesperson_and_foreign_company, _web_login)

DEADLINE_MENU = 'crm_infinity_base.crm_infinity_deadline_menu'


def test_salesperson_scadenze(journey_page, odoo_server, admin_rpc, english):  # noqa: F811
    seller, demo_deal, _company = _salesperson_and_foreign_company(admin_rpc)
    login, password = _credentials(odoo_server, admin_rpc, seller)
    journey = _journey(journey_page, odoo_server, 'salesperson-scadenze', english, admin_rpc)
    _web_login(journey, login, password)
    with journey.step('Scadenze: calendar'):
        journey.menu(ROOT_MENU)
        journey.menu(DEADLINE_MENU)
        journey.wait('.o_calendar_view')
        journey.check('journey-scadenze-calendar')
    with journey.step('Scadenze: list'):
        journey.click('.o_cp_switch_buttons .o_cp_switch_list')
        journey.wait('.o_list_view')
        journey.check('journey-scadenze-list')
    with journey.step('Scadenze: pivot'):
        journey.click('.o_cp_switch_buttons .o_cp_switch_pivot')
        journey.wait('.o_pivot')
        journey.check('journey-scadenze-pivot')
    journey.finish()
