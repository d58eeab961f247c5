# A test-only addon: a small model using the CRM Infinity mixin, installed in the test database
# only (tests/addons is on the addons path of the test servers, never of the demo).
{
    'name': 'CRM Infinity - test model',
    'version': '11.0.1.0.0',
    'license': 'LGPL-3',
    'depends': ['crm_infinity_base', 'product', 'sales_team'],
    'data': [
        'security/ir.model.access.csv',
        'security/test_record_security.xml',
        'views/test_record_views.xml',
    ],
    'installable': True,
}
