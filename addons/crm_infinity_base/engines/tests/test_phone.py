import pytest

from odoo.addons.crm_infinity_base.engines.phone import display, to_e164


@pytest.mark.parametrize('text, expected', [
    ('+39 02 1234567', '+39021234567'),
    ('0039 02 1234567', '+39021234567'),
    ('02 1234567', '+39021234567'),
    ('02/1234567', '+39021234567'),
    ('02-123.45.67', '+39021234567'),
    ('+39 347 123 4567', '+393471234567'),
    ('347 1234567', '+393471234567'),
    ('00393471234567', '+393471234567'),
    ('+41 44 668 18 00', '+41446681800'),
])
def test_italian_and_foreign_formats(text, expected):
    assert to_e164(text) == expected


@pytest.mark.parametrize('text', ['', None, 'abc', '12', '+39'])
def test_not_a_number(text):
    assert to_e164(text) is None


def test_display():
    assert display('0039 347 1234567') == '+39 347 123 4567'
